import { z } from 'zod';
import { pauseReasons, roles } from '@bishan/domain';

// Request bodies of the case endpoints. Shapes only: whether an action is allowed is the domain's
// decision, made by the workflow's update validator (and, for raising, checked here beforehand).

const id = z.string().trim().min(1).max(100);
const text = (max: number) => z.string().min(1).max(max);

/** Until signed tokens arrive, the caller names the actor acting; the rules check its scope. */
export const actorSchema = z
  .object({
    id,
    role: z.enum(roles as unknown as [string, ...string[]]),
    name: text(100).optional(),
    townId: id.optional(),
    villageId: id.optional(),
    departmentId: id.optional(),
  })
  .strict();

export const raiseCaseBody = z
  .object({
    actor: actorSchema,
    category: z.string().trim().min(1).max(64),
    description: text(4000),
    complexity: z.enum(['simple', 'general', 'complex']).default('general'),
    channel: z.enum(['meeting', 'onlineGroup']).default('meeting'),
    meetingId: id.optional(),
    location: z.object({ townId: id, villageId: id, courtyardId: id.optional() }).strict(),
    reporterIds: z.array(id).max(50).default([]),
    attachmentRefs: z.array(text(500)).max(20).optional(),
    resolvedOnSpot: z.object({ summary: text(2000) }).strict().optional(),
  })
  .strict();

export type RaiseCaseBody = z.infer<typeof raiseCaseBody>;

const withActor = <T extends z.ZodRawShape>(shape: T) => z.object({ actor: actorSchema, ...shape }).strict();

export const caseActionBodies = {
  triageCase: withActor({ route: z.enum(['village', 'town', 'district']), note: text(2000).optional() }),
  claimCase: withActor({ coHandlingDepartmentIds: z.array(id).max(10).optional() }),
  returnCase: withActor({ reason: text(2000) }),
  transferCase: withActor({ toDepartmentId: id, reason: text(2000) }),
  submitHandlingPlan: withActor({
    plan: text(4000),
    responsibility: z.object({ unit: text(200), personName: text(100), personId: id.optional() }).strict(),
  }),
  requestExtension: withActor({ workingDays: z.number().int().min(1).max(60), reason: text(2000) }),
  approveExtension: withActor({ reason: text(2000) }),
  rejectExtension: withActor({ reason: text(2000) }),
  pauseClock: withActor({ reason: z.enum(pauseReasons), note: text(2000).optional() }),
  resumeClock: withActor({}),
  reportResult: withActor({ summary: text(4000) }),
  giveFeedback: withActor({ note: text(2000).optional() }),
  rateCase: withActor({ rating: z.enum(['satisfied', 'basicallySatisfied', 'dissatisfied']), comment: text(2000).optional() }),
  flagConcentrated: withActor({ reason: text(2000), clusterId: id.optional() }),
} as const;

export type CaseActionName = keyof typeof caseActionBodies;

export const caseActionNames = Object.keys(caseActionBodies) as CaseActionName[];
