import type {
  Actor,
  CalendarStamp,
  CaseLocation,
  PendingDeadline,
  Responsibility,
  ScheduleChange,
  Supervision,
} from '@bishan/domain';
import { z } from 'zod';
import { caseEventContractTypes } from '../case-event-types';
import type { Expect, MatchesType } from '../matches-domain';

// Sub-schemas shared by the v1 case events. The value lists are copied from the domain on purpose:
// a published version must not change when the domain does; the `MatchesDomain` check in each event
// file is what makes a drift visible.
//
// Widened once, for policy 2026.2 (every wait watched): new deadline kinds, escalation triggers and
// targets, and optional fields. Only additions: every message already published still parses.
// Producers emit the new values only for cases under 2026.2, so consumers are deployed first (one
// release: the monorepo ships them together).

/** Instants travel as the ISO strings the domain records, offset included. */
export const instant = z.string().datetime({ offset: true });

/** The domain's lists are read-only; keeping them so here is what lets its types match both ways. */
export const listOf = <T extends z.ZodTypeAny>(item: T) => z.array(item).readonly();

/** Ids, references and recipients: text the domain never interprets. */
export const strings = listOf(z.string());

export const workingDays = z.number().int().positive();

export const role = z.enum([
  'resident',
  'village-secretary',
  'town-leader',
  'town-triage',
  'department-handler',
  'department-leader',
  'district-leader',
  'top-district-leader',
  'admin',
  'system',
]);

export const actor = z
  .object({
    id: z.string(),
    role,
    name: z.string().optional(),
    townId: z.string().optional(),
    villageId: z.string().optional(),
    departmentId: z.string().optional(),
  })
  .strict();

export const complexity = z.enum(['simple', 'general', 'complex']);
export const channel = z.enum(['meeting', 'onlineGroup']);
export const handlingLevel = z.enum(['village', 'town', 'district']);
export const handlingUnit = z.object({ level: handlingLevel, unitId: z.string() }).strict();
export const rating = z.enum(['satisfied', 'basicallySatisfied', 'dissatisfied']);
export const closure = z.enum(['resolvedOnSpot', 'satisfied', 'basicallySatisfied', 'notRated']);
export const escalationTrigger = z.enum([
  'overdue',
  'unclaimed',
  'reopenedAgain',
  'untriaged',
  'planLate',
  'feedbackLate',
  'extensionUndecided',
  'instructionUnacknowledged',
  'concentratedUnresolved',
  'jointTaskOverdue',
]);
export const escalationTarget = z.enum([
  'responsibleLeader',
  'supervisingDistrictLeader',
  'topDistrictLeaders',
  'townLeaders',
  'townDistrictLeader',
]);
export const ratingChannel = z.enum(['inPerson', 'phone']);
export const pauseReason = z.enum([
  'waitingForResident',
  'waitingForFunds',
  'waitingForSeason',
  'waitingForThirdParty',
]);

// Widened again for joint handling: 'jointTask' waits and the 'jointTaskOverdue' trigger (additions only).
export const remindedDeadlineKind = z.enum([
  'triage',
  'claimWindow',
  'handlingPlan',
  'handling',
  'feedback',
  'extensionDecision',
  'instructionAck',
  'concentratedReview',
  'jointTask',
]);
export const primaryDeadlineKind = z.enum([...remindedDeadlineKind.options, 'ratingWindow', 'pauseLimit']);
export const deadlineKind = z.enum([...primaryDeadlineKind.options, 'reminder', 'escalation']);

/** Reminders fire strictly inside a deadline's span. */
export const reminderFraction = z.number().gt(0).lt(1);
export const escalationStep = z.number().int().positive();

const deadlineTimes = { id: z.string(), dueAt: instant, setAt: instant, ref: z.string().optional() };

export const pendingDeadline = z.discriminatedUnion('kind', [
  z.object({ ...deadlineTimes, kind: primaryDeadlineKind }).strict(),
  z
    .object({
      ...deadlineTimes,
      kind: z.literal('reminder'),
      forDeadlineId: z.string(),
      forKind: remindedDeadlineKind,
      fraction: reminderFraction,
    })
    .strict(),
  z
    .object({
      ...deadlineTimes,
      kind: z.literal('escalation'),
      step: escalationStep,
      forKind: remindedDeadlineKind.optional(),
      repeat: z.number().int().positive().optional(),
    })
    .strict(),
]);

export const scheduleChange = z
  .object({
    add: listOf(pendingDeadline).optional(),
    remove: strings.optional(),
    move: listOf(z.object({ id: z.string(), dueAt: instant }).strict()).optional(),
  })
  .strict();

export const caseLocation = z
  .object({ townId: z.string(), villageId: z.string(), courtyardId: z.string().optional() })
  .strict();

export const responsibility = z
  .object({
    departmentId: z.string(),
    unit: z.string(),
    personName: z.string(),
    personId: z.string().optional(),
  })
  .strict();

/** A Shanghai calendar day, YYYY-MM-DD. */
export const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const calendarStamp = z.object({ dataVersion: z.string(), coveredThrough: calendarDate.nullable() }).strict();

/** The domain name of a case event (`because` of a withdrawal names the event that moved the case on). */
export const caseEventType = z.enum(
  Object.keys(caseEventContractTypes) as [keyof typeof caseEventContractTypes, ...(keyof typeof caseEventContractTypes)[]],
);

export const supervision = z
  .object({
    level: z.enum(['town', 'supervisingDistrictLeader', 'topDistrictLeaders']),
    leaderIds: strings,
    since: instant,
  })
  .strict();

// Checked on their own too, so a drift in a shared part is reported at the part, not only as whole events.
type _Parts = [
  Expect<MatchesType<typeof actor, Actor>>,
  Expect<MatchesType<typeof pendingDeadline, PendingDeadline>>,
  Expect<MatchesType<typeof scheduleChange, ScheduleChange>>,
  Expect<MatchesType<typeof caseLocation, CaseLocation>>,
  Expect<MatchesType<typeof responsibility, Responsibility>>,
  Expect<MatchesType<typeof supervision, Supervision>>,
  Expect<MatchesType<typeof calendarStamp, CalendarStamp>>,
];

/** Spread into every payload: the audit timeline needs who, when and the deadlines touched. */
export const eventBase = { at: instant, actor, schedule: scheduleChange.optional() };

/** Spread into payloads of events a timer fires, which name the deadline that fired. */
export const timerEventBase = { ...eventBase, deadlineId: z.string() };
