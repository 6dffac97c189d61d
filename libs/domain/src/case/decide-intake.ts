import { calendarOf } from '../calendar/calendars';
import type { CalendarData } from '../calendar/holiday-data';
import { toIso } from '../instant';
import { checkRaiseScope } from './case-access';
import type { RaiseCase, ReturnCase, TriageCase } from './case-commands';
import { type Decision, accept, reject } from './case-decision';
import type { CaseEvent, CaseRaised } from './case-events';
import { evolve } from './case-evolve';
import { type CasePolicy, type PolicyRegistry, findPolicy, latestPolicy, unknownPolicyMessage } from './case-policy';
import { type CaseState, type Handler, type RaisedCase, isRaised } from './case-state';
import { type NewDeadline, deadlinesOfWait, scheduleDeadlines } from './deadline';
import {
  type DecideEnv,
  caseWideWaits,
  chain,
  deadlinesExcept,
  firstRejection,
  requireText,
  withdrawOpenRequests,
} from './decide-support';
import { ordinarySupervision } from './escalation-chain';
import { handlingDueAt } from './decide-assignment';
import type { WorkingCalendar } from '../calendar/calendars';

/** The town's triage deadline for a case entering the ledger, where the policy sets one. */
function triageDeadline(policy: CasePolicy, calendar: WorkingCalendar, at: string): NewDeadline[] {
  if (policy.triageWorkingDays === null) return [];
  return [{ kind: 'triage', setAt: at, dueAt: toIso(calendar.addWorkingDays(at, policy.triageWorkingDays)) }];
}

export function decideRaise(
  state: CaseState,
  command: RaiseCase,
  at: string,
  calendarData: CalendarData,
  policies?: PolicyRegistry,
): Decision {
  const chosenVersion = command.policyVersion;
  const rejection = firstRejection(
    () => (isRaised(state) ? reject('wrong-state', `case '${state.caseId}' has already been raised`) : null),
    () => requireText(command.caseId, 'caseId'),
    () => requireText(command.category, 'category'),
    () => requireText(command.description, 'description'),
    () => (command.reporterIds.length ? null : reject('invalid', 'a case needs at least one reporter', 'reporterIds', { rule: 'required' })),
    () =>
      command.resolvedOnSpot && command.channel !== 'meeting'
        ? reject('invalid', 'only a case raised at a meeting can be resolved on the spot', 'resolvedOnSpot', { rule: 'meeting-only' })
        : null,
    // A typo here must not silently fall back to the default: the caller asked for other deadlines.
    () =>
      chosenVersion === undefined || findPolicy(chosenVersion, policies)
        ? null
        : reject('invalid', unknownPolicyMessage(chosenVersion, policies), 'policyVersion', { rule: 'unknown', params: { value: chosenVersion ?? '' } }),
    () => checkRaiseScope(command),
  );
  if (rejection) return rejection;
  const policy = findPolicy(chosenVersion ?? latestPolicy(policies).version, policies) ?? latestPolicy(policies);
  const calendar = calendarOf(policy.calendar, calendarData);
  const { actor } = command;
  const raised: CaseRaised = {
    type: 'caseRaised',
    at,
    actor,
    caseId: command.caseId,
    policyVersion: policy.version,
    category: command.category,
    description: command.description,
    complexity: command.complexity,
    channel: command.channel,
    ...(command.meetingId === undefined ? {} : { meetingId: command.meetingId }),
    location: command.location,
    reporterIds: [...command.reporterIds],
    attachmentRefs: [...(command.attachmentRefs ?? [])],
    calendar: { dataVersion: calendar.dataVersion, coveredThrough: calendar.coveredThrough },
  };
  if (command.resolvedOnSpot) {
    return accept([
      raised,
      { type: 'caseResolvedOnSpot', at, actor, summary: command.resolvedOnSpot.summary },
      { type: 'caseClosed', at, actor, closure: 'resolvedOnSpot' },
    ]);
  }
  const inLedger = evolve(state, raised) as RaisedCase;
  const add = scheduleDeadlines(inLedger, policy, calendar, triageDeadline(policy, calendar, at));
  return accept([raised, { type: 'caseEnteredLedger', at, actor, ...(add.length ? { schedule: { add } } : {}) }]);
}

export function decideTriage(env: DecideEnv, command: TriageCase): Decision {
  const { state, at, policy, calendar } = env;
  const note = command.note === undefined ? {} : { note: command.note };
  const triaged = deadlinesOfWait(state, ['triage']);
  if (command.route === 'district') {
    const claimDueAt = toIso(calendar.addWorkingDays(at, policy.claimWindowWorkingDays));
    const add = scheduleDeadlines(state, policy, calendar, [{ kind: 'claimWindow', setAt: at, dueAt: claimDueAt }]);
    return accept([
      { type: 'casePublished', at, actor: command.actor, claimDueAt, ...note, schedule: { add, ...(triaged.length ? { remove: triaged } : {}) } },
    ]);
  }
  const unitId = command.route === 'village' ? state.location.villageId : state.location.townId;
  const handler: Handler = { level: command.route, unitId, coHandlingDepartmentIds: [], since: at };
  const dueAt = handlingDueAt(env);
  return accept([
    {
      type: 'caseAssigned',
      at,
      actor: command.actor,
      level: command.route,
      unitId,
      dueAt,
      supervision: ordinarySupervision({ ...state, handler }, env.directory, at),
      ...note,
      schedule: {
        add: scheduleDeadlines(state, policy, calendar, [{ kind: 'handling', setAt: at, dueAt }]),
        ...(triaged.length ? { remove: triaged } : {}),
      },
    },
  ]);
}

/** The handler sends a wrongly routed case back to the town's triage, which gets a new deadline. */
export function decideReturn(env: DecideEnv, command: ReturnCase): Decision {
  const { state, at } = env;
  const rejection = requireText(command.reason, 'reason');
  if (rejection) return rejection;
  const handler = state.handler as Handler;
  return accept(
    chain(state, withdrawOpenRequests(env, 'caseReturned'), (current): CaseEvent => {
      const add = scheduleDeadlines(current, env.policy, env.calendar, triageDeadline(env.policy, env.calendar, at));
      return {
        type: 'caseReturned',
        at,
        actor: command.actor,
        reason: command.reason,
        fromLevel: handler.level,
        fromUnitId: handler.unitId,
        schedule: { remove: deadlinesExcept(current, caseWideWaits), ...(add.length ? { add } : {}) },
      };
    }),
  );
}
