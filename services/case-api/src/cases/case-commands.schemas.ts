import { z } from 'zod';
import { pauseReasons } from '@bishan/domain';
import type { CaseActionType } from '@bishan/contracts';

// Request bodies of the case endpoints. Shapes only: whether an action is allowed is the domain's
// decision, made by the workflow's update validator (and, for raising, checked here beforehand).
// The actor is never in a body: it is the verified bearer token's (an `actor` field is refused).

const id = z.string().trim().min(1).max(100);
const text = (max: number) => z.string().min(1).max(max);

export const raiseCaseBody = z
  .object({
    category: z.string().trim().min(1).max(64),
    description: text(4000),
    complexity: z.enum(['simple', 'general', 'complex']).default('general'),
    channel: z.enum(['meeting', 'onlineGroup']).default('meeting'),
    meetingId: id.optional(),
    location: z.object({ townId: id, villageId: id, courtyardId: id.optional() }).strict(),
    reporterIds: z.array(id).max(50).default([]),
    attachmentRefs: z.array(text(500)).max(20).optional(),
    resolvedOnSpot: z
      .object({ summary: text(2000) })
      .strict()
      .optional(),
  })
  .strict();

export type RaiseCaseBody = z.infer<typeof raiseCaseBody>;

const action = <T extends z.ZodRawShape>(shape: T) => z.object(shape).strict();

export const caseActionBodies = {
  triageCase: action({ route: z.enum(['village', 'town', 'district']), note: text(2000).optional() }),
  claimCase: action({ coHandlingDepartmentIds: z.array(id).max(10).optional() }),
  returnCase: action({ reason: text(2000) }),
  transferCase: action({ toDepartmentId: id, reason: text(2000) }),
  submitHandlingPlan: action({
    plan: text(4000),
    responsibility: z.object({ unit: text(200), personName: text(100), personId: id.optional() }).strict(),
  }),
  requestExtension: action({ workingDays: z.number().int().min(1).max(60), reason: text(2000) }),
  approveExtension: action({ reason: text(2000) }),
  rejectExtension: action({ reason: text(2000) }),
  pauseClock: action({
    reason: z.enum(pauseReasons),
    note: text(2000).optional(),
    workingDays: z.number().int().min(1).max(250).optional(),
  }),
  approvePause: action({ note: text(2000).optional() }),
  rejectPause: action({ reason: text(2000) }),
  resumeClock: action({}),
  reportResult: action({ summary: text(4000) }),
  giveFeedback: action({ note: text(2000).optional() }),
  rateCase: action({
    rating: z.enum(['satisfied', 'basicallySatisfied', 'dissatisfied']),
    comment: text(2000).optional(),
  }),
  recordRating: action({
    rating: z.enum(['satisfied', 'basicallySatisfied', 'dissatisfied']),
    channel: z.enum(['inPerson', 'phone']),
    comment: text(2000).optional(),
    residentId: id.optional(),
  }),
  assignDepartment: action({ departmentId: id, reason: text(2000) }),
  reassignCase: action({ toDepartmentId: id, reason: text(2000) }),
  urgeCase: action({ note: text(2000) }),
  instructCase: action({ text: text(2000) }),
  acknowledgeInstruction: action({ instructionId: id, note: text(2000).optional() }),
  acknowledgeEscalation: action({ note: text(2000).optional() }),
  assignJointTask: action({
    unit: z.object({ level: z.enum(['village', 'town', 'district']), unitId: id }).strict(),
    task: text(2000),
    personName: text(100),
    personId: id.optional(),
    workingDays: z.number().int().min(1).max(60),
  }),
  completeJointTask: action({ taskId: id, result: text(4000) }),
  explainJointTask: action({ taskId: id, explanation: text(2000) }),
  flagConcentrated: action({ reason: text(2000), clusterId: id.optional() }),
} as const satisfies Record<CaseActionType, z.ZodTypeAny>;

export type CaseActionName = keyof typeof caseActionBodies;

export const caseActionNames = Object.keys(caseActionBodies) as CaseActionName[];
