import { z } from 'zod';
import { MAX_POLICY_NAME, MAX_POLICY_REASON, MAX_WHAT_IF_MONTHS, DEFAULT_WHAT_IF_MONTHS, pauseReasons, watchedDeadlineKinds } from '@bishan/domain';

// Shapes only: the rules (positive whole durations, reminder points inside their deadline, a
// numbered, ordered chain whose targets resolve) are the domain's validateCasePolicy, answered as
// 422 naming the field. Numbers are let through as numbers so that the domain names what is wrong.

const days = z.number().finite();
const optionalDays = days.nullable();
const target = z.enum(['responsibleLeader', 'supervisingDistrictLeader', 'topDistrictLeaders', 'townLeaders', 'townDistrictLeader']);
const kind = z.enum(watchedDeadlineKinds);

const breachRule = z
  .object({
    escalation: z.array(z.object({ step: z.number().int(), afterWorkingDays: days, target }).strict()).max(10),
    repeatEveryWorkingDays: optionalDays,
  })
  .strict();

const byKind = <T extends z.ZodTypeAny>(value: T) =>
  z.object(Object.fromEntries(watchedDeadlineKinds.map((k) => [k, value])) as Record<(typeof watchedDeadlineKinds)[number], T>).strict();

/** A draft's editable body: every limit of the loop; its name, date and calendar stay the draft's own. */
export const policyBody = z
  .object({
    triageWorkingDays: optionalDays,
    claimWindowWorkingDays: days,
    handlingPlanWorkingDays: days,
    handlingWorkingDays: z.object({ simple: days, general: days, complex: days }).strict(),
    reminderFractions: z.array(z.number().finite()).max(5),
    remindedDeadlines: z.array(kind).max(watchedDeadlineKinds.length),
    breaches: byKind(breachRule),
    feedbackWorkingDays: days,
    ratingWindowCalendarDays: days,
    reopenEscalatesAt: days,
    extension: z.object({ maxWorkingDaysPerRequest: days, maxGranted: days }).strict(),
    extensionDecisionWorkingDays: optionalDays,
    instructionAckWorkingDays: days,
    concentratedReviewWorkingDays: optionalDays,
    pauseReasons: z.object(Object.fromEntries(pauseReasons.map((r) => [r, z.object({ maxWorkingDays: days }).strict()])) as Record<(typeof pauseReasons)[number], z.ZodObject<{ maxWorkingDays: typeof days }>>).strict(),
    pauseTotalMaxWorkingDays: optionalDays,
    pauseApproval: z.enum(['never', 'repeatOrLonger']),
    cluster: z.object({ minCases: days, windowDays: days }).strict(),
  })
  .strict();

export const updateDraftBody = z.object({ policy: policyBody }).strict();
export type UpdateDraftBody = z.infer<typeof updateDraftBody>;

export const versionParam = z.string().regex(/^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$/);

export const whatIfBody = z
  .object({ months: z.number().int().min(1).max(MAX_WHAT_IF_MONTHS).default(DEFAULT_WHAT_IF_MONTHS) })
  .strict();
export type WhatIfBody = z.infer<typeof whatIfBody>;

export const publishBody = z
  .object({
    name: z.string().max(MAX_POLICY_NAME * 2),
    reason: z.string().max(MAX_POLICY_REASON * 2),
    effectiveAt: z.string().datetime({ offset: true }),
  })
  .strict();
export type PublishBody = z.infer<typeof publishBody>;
