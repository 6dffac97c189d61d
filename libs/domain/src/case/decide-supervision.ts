import { toIso } from '../instant';
import { departmentsCovering, findTown } from '../organisation/duty-list';
import type { AcknowledgeEscalation, AcknowledgeInstruction, FlagConcentrated, InstructCase, UrgeCase } from './case-commands';
import { type Decision, accept, reject } from './case-decision';
import { deadlinesOfWait, findDeadline, scheduleDeadlines } from './deadline';
import { type DecideEnv, requireText } from './decide-support';
import { ordinarySupervision } from './escalation-chain';

/** Whom the case waits for, by its state: those a leader's urging (催办) reaches. */
function waitedFor(env: DecideEnv): string[] {
  const { state, directory } = env;
  switch (state.status) {
    case 'inLedger':
      return [...(findTown(directory, state.location.townId)?.triageMemberIds ?? [state.location.townId])];
    case 'published':
      return departmentsCovering(directory, state.category).map((d) => d.id);
    case 'claimed':
    case 'handling':
      return state.handler ? [state.handler.unitId, ...state.handler.coHandlingDepartmentIds] : [];
    case 'resultReported':
      return [state.location.villageId, state.location.townId];
    case 'raised':
    case 'awaitingRating':
    case 'closed':
      return [];
  }
}

/** 催办: a supervising leader presses whoever the case waits for; the timeline keeps the note. */
export function decideUrge(env: DecideEnv, command: UrgeCase): Decision {
  const { at } = env;
  const rejection = requireText(command.note, 'note');
  if (rejection) return rejection;
  return accept([{ type: 'caseUrged', at, actor: command.actor, note: command.note, notify: waitedFor(env) }]);
}

/** 批示: an instruction the handler must acknowledge within the policy's time, or it climbs its own chain. */
export function decideInstruct(env: DecideEnv, command: InstructCase): Decision {
  const { state, at, policy, calendar } = env;
  const rejection = requireText(command.text, 'text');
  if (rejection) return rejection;
  // Numbered like the deadlines, so the id is unique within the case and the same on replay.
  const instructionId = `instruction-${state.deadlineSeq + 1}`;
  const ackDueAt = toIso(calendar.addWorkingDays(at, policy.instructionAckWorkingDays));
  return accept([
    {
      type: 'instructionIssued',
      at,
      actor: command.actor,
      instructionId,
      text: command.text,
      ackDueAt,
      notify: waitedFor(env),
      schedule: {
        add: scheduleDeadlines(state, policy, calendar, [{ kind: 'instructionAck', setAt: at, dueAt: ackDueAt, ref: instructionId }]),
      },
    },
  ]);
}

export function decideAcknowledgeInstruction(env: DecideEnv, command: AcknowledgeInstruction): Decision {
  const { state, at } = env;
  if (!state.instructions.some((i) => i.instructionId === command.instructionId)) {
    return reject('wrong-state', `no instruction '${command.instructionId}' waits for acknowledgement`, 'instructionId', { rule: 'unknown', params: { value: command.instructionId } });
  }
  const watching = deadlinesOfWait(state, ['instructionAck'], command.instructionId);
  const stillDue = state.deadlines.some((d) => d.kind === 'instructionAck' && d.ref === command.instructionId);
  return accept([
    {
      type: 'instructionAcknowledged',
      at,
      actor: command.actor,
      instructionId: command.instructionId,
      ...(command.note === undefined ? {} : { note: command.note }),
      late: !stillDue,
      ...(watching.length ? { schedule: { remove: watching } } : {}),
    },
  ]);
}

/**
 * Someone the latest escalation went to (or a supervising leader) has seen it, so the supervision
 * page and the dashboard stop counting it as unseen. It stops nothing: the case's own deadlines run on.
 */
export function decideAcknowledgeEscalation(env: DecideEnv, command: AcknowledgeEscalation): Decision {
  const { state, at } = env;
  // The preconditions (case-actions) saw an unacknowledged escalation and an actor it concerns.
  const escalation = state.escalation;
  if (!escalation) return reject('wrong-state', 'the case has no escalation to acknowledge');
  return accept([
    {
      type: 'escalationAcknowledged',
      at,
      actor: command.actor,
      trigger: escalation.trigger,
      step: escalation.step,
      ...(command.note === undefined ? {} : { note: command.note }),
    },
  ]);
}

/** A concentrated issue (集中突出问题) goes under the top leaders, with its own deadline where the policy sets one. */
export function decideFlagConcentrated(env: DecideEnv, command: FlagConcentrated): Decision {
  const { state, at, directory, policy, calendar } = env;
  const rejection = requireText(command.reason, 'reason');
  if (rejection) return rejection;
  const days = policy.concentratedReviewWorkingDays;
  const reviewDueAt = days === null || findDeadline(state, 'concentratedReview') ? null : toIso(calendar.addWorkingDays(at, days));
  return accept([
    {
      type: 'caseFlaggedConcentrated',
      at,
      actor: command.actor,
      reason: command.reason,
      ...(command.clusterId === undefined ? {} : { clusterId: command.clusterId }),
      supervision: ordinarySupervision({ ...state, concentrated: true }, directory, at),
      ...(reviewDueAt === null
        ? {}
        : {
            reviewDueAt,
            schedule: { add: scheduleDeadlines(state, policy, calendar, [{ kind: 'concentratedReview', setAt: at, dueAt: reviewDueAt }]) },
          }),
    },
  ]);
}
