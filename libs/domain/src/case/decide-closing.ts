import { type Actor, systemActor } from '../actor';
import { toIso } from '../instant';
import type { GiveFeedback, RateCase, RecordRating } from './case-commands';
import { type Decision, accept, reject } from './case-decision';
import type { CaseEvent } from './case-events';
import type { CollectedRating, Rating, RaisedCase } from './case-state';
import { findDeadline, scheduleDeadlines } from './deadline';
import { handlingDueAt } from './decide-assignment';
import { type DecideEnv, caseWideWaits, chain, closeCase, deadlinesExcept } from './decide-support';
import { raisedSupervision, supervisionOf } from './escalation-chain';

export function decideFeedback(env: DecideEnv, command: GiveFeedback): Decision {
  const { state, at, policy, calendar } = env;
  const ratingDueAt = toIso(calendar.addCalendarDays(at, policy.ratingWindowCalendarDays));
  return accept([
    {
      type: 'feedbackGiven',
      at,
      actor: command.actor,
      ...(command.note === undefined ? {} : { note: command.note }),
      late: !findDeadline(state, 'feedback'),
      ratingDueAt,
      schedule: {
        remove: deadlinesExcept(state, caseWideWaits),
        add: scheduleDeadlines(state, policy, calendar, [{ kind: 'ratingWindow', setAt: at, dueAt: ratingDueAt }]),
      },
    },
  ]);
}

export function decideRating(env: DecideEnv, command: RateCase): Decision {
  return accept(ratingEvents(env, command.actor, command.rating, command.comment));
}

/**
 * 回访: the village or town records a rating it collected from a resident. It waits for the rating
 * window to close, so that a resident's own rating, if one comes, wins.
 */
export function decideRecordRating(env: DecideEnv, command: RecordRating): Decision {
  const { state, at } = env;
  const rejection =
    command.residentId === undefined || state.reporterIds.includes(command.residentId)
      ? null
      : reject('invalid', `'${command.residentId}' is not one of the case's reporters`, 'residentId', { rule: 'unknown', params: { value: command.residentId } });
  if (rejection) return rejection;
  return accept([
    {
      type: 'ratingCollected',
      at,
      actor: command.actor,
      rating: command.rating,
      ...(command.comment === undefined ? {} : { comment: command.comment }),
      channel: command.channel,
      ...(command.residentId === undefined ? {} : { residentId: command.residentId }),
    },
  ]);
}

/**
 * A rating takes effect: satisfied or basically satisfied closes the case; dissatisfied reopens it
 * (重办) with a fresh handling deadline, and the reopening with the policy's count goes to the
 * supervising leader. `collected`: the rating is one the village or town collected in person.
 */
export function ratingEvents(env: DecideEnv, actor: Actor, rating: Rating, comment?: string, collected?: CollectedRating): CaseEvent[] {
  const { state, at } = env;
  const rated = (current: RaisedCase): CaseEvent => ({
    type: 'caseRated',
    at,
    actor,
    rating,
    ...(comment === undefined ? {} : { comment }),
    ...(collected
      ? {
          collected: {
            channel: collected.channel,
            collectedByActorId: collected.collectedByActorId,
            collectedAt: collected.at,
            ...(collected.residentId === undefined ? {} : { residentId: collected.residentId }),
          },
        }
      : {}),
    schedule: { remove: rating === 'dissatisfied' ? deadlinesExcept(current, caseWideWaits) : current.deadlines.map((d) => d.id) },
  });
  if (rating !== 'dissatisfied') return chain(state, rated, closeCase(env, actor, rating));
  const reopenCount = state.reopenCount + 1;
  return chain(state, rated, reopened(env, actor, reopenCount), reopenCount >= env.policy.reopenEscalatesAt && reopenEscalated(env));
}

/** 重办: the same handler works the case again against a fresh handling deadline. */
function reopened(env: DecideEnv, actor: Actor, reopenCount: number) {
  return (state: RaisedCase): CaseEvent => {
    const dueAt = handlingDueAt(env);
    return {
      type: 'caseReopened',
      at: env.at,
      actor,
      reopenCount,
      dueAt,
      schedule: { add: scheduleDeadlines(state, env.policy, env.calendar, [{ kind: 'handling', setAt: env.at, dueAt }]) },
    };
  };
}

function reopenEscalated(env: DecideEnv) {
  return (state: RaisedCase): CaseEvent => {
    const target = 'supervisingDistrictLeader' as const;
    const candidate = supervisionOf(target, state, env.directory, env.at);
    const supervision = raisedSupervision(state.supervision, candidate);
    return {
      type: 'caseEscalated',
      at: env.at,
      actor: systemActor,
      trigger: 'reopenedAgain',
      step: 1,
      target,
      targetIds: candidate?.leaderIds ?? [],
      ...(supervision ? { supervision } : {}),
    };
  };
}
