import type { Actor, Role } from '../actor';
import { type Rejection, reject } from '../case/case-decision';
import { type CalendarDate, isCalendarDate, shanghaiDateOf } from '../calendar/shanghai-time';
import { type Instant, toIso } from '../instant';
import { type GovernancePlace, type GovernancePlaces, checkActsAt, checkPlace } from '../governance/place-scope';

/**
 * A dispute mediation (矛盾纠纷调解): who was in dispute, who mediated, when, where and how, what came
 * of it, and — where an agreement was reached — a date to check that it held. The report's figures
 * ("调解矛盾纠纷近6000件, 成功率达到99.45%") are counted from these records.
 */

/** 院坝调解员 (chosen from the courtyard committee, respected locals, party members, lawyers) or an official. */
export const mediatorKinds = ['courtyardMediator', 'official'] as const;
export type MediatorKind = (typeof mediatorKinds)[number];

export const mediationMethods = [
  'atMeeting', // 院坝会上当场调解
  'faceToFace', // 当面调解
  'homeVisit', // 上门调解
  'phone', // 电话调解
  'online', // 线上调解
] as const;
export type MediationMethod = (typeof mediationMethods)[number];

/** 达成协议 / 部分达成 / 调解不成. Only a full agreement counts as a successful mediation. */
export const mediationOutcomes = ['agreed', 'partial', 'failed'] as const;
export type MediationOutcome = (typeof mediationOutcomes)[number];

export interface MediationParty {
  /** As the party is known locally; never shown outside the village's officials. */
  readonly name: string;
  /** The resident's id when they have one (they can then be told). */
  readonly residentId?: string;
}

export interface Mediator {
  readonly kind: MediatorKind;
  readonly name: string;
  /** An official's person id; a courtyard mediator is usually no user of the system. */
  readonly personId?: string;
}

export interface MediationPlace extends GovernancePlace {
  /** Where exactly (a courtyard, a field, a house), in the recorder's words. */
  readonly description?: string;
}

export interface MediationFollowUp {
  readonly checkedOn: CalendarDate;
  /** Whether the agreement has held (协议履行情况). */
  readonly held: boolean;
  readonly note?: string;
  readonly checkedBy: string;
  readonly recordedAt: string;
}

export interface Mediation {
  readonly id: string;
  /** The case the dispute was raised as, if any. */
  readonly caseId?: string;
  /** The meeting it was mediated at (method `atMeeting`). */
  readonly meetingId?: string;
  readonly place: MediationPlace;
  /** What the dispute is about. */
  readonly subject: string;
  readonly parties: readonly MediationParty[];
  readonly mediator: Mediator;
  readonly mediatedOn: CalendarDate;
  readonly method: MediationMethod;
  readonly outcome: MediationOutcome;
  /** The agreement's text (协议内容); present for an agreement reached in full or in part. */
  readonly agreement?: string;
  /** When to check whether the agreement held; present exactly when there is an agreement. */
  readonly followUpOn?: CalendarDate;
  readonly followUp?: MediationFollowUp;
  readonly recordedBy: { readonly id: string; readonly role: Role };
  readonly recordedAt: string;
}

export interface RecordMediation {
  readonly mediationId: string;
  readonly actor: Actor;
  readonly caseId?: string;
  readonly meetingId?: string;
  readonly place: MediationPlace;
  readonly subject: string;
  readonly parties: readonly MediationParty[];
  readonly mediator: Mediator;
  readonly mediatedOn: CalendarDate;
  readonly method: MediationMethod;
  readonly outcome: MediationOutcome;
  readonly agreement?: string;
  readonly followUpOn?: CalendarDate;
}

/** The meeting a mediation names, as far as the rules need it. */
export interface MediationMeeting {
  readonly id: string;
  readonly place?: { readonly townId: string; readonly villageId?: string };
  readonly scheduledAt: string;
  readonly openedAt: string;
  readonly closedAt?: string;
}

/** The case a mediation names, as far as the rules need it. */
export interface MediationCase {
  readonly id: string;
  readonly townId: string;
  readonly villageId: string;
  readonly raisedAt: string;
}

export interface MediationContext {
  readonly now: Instant;
  readonly places: GovernancePlaces;
  /** The named meeting as stored; null when `meetingId` names none. */
  readonly meeting?: MediationMeeting | null;
  /** The named case as the recorder can see it; null when `caseId` names none they can see. */
  readonly linkedCase?: MediationCase | null;
  /** Person ids of the organisation's officials, for an official mediator. */
  readonly isOfficial: (personId: string) => boolean;
}

export type MediationDecision = { readonly ok: true; readonly mediation: Mediation } | Rejection;

const MAX_PARTIES = 20;

export function recordMediation(command: RecordMediation, ctx: MediationContext): MediationDecision {
  const today = shanghaiDateOf(ctx.now);
  const problem =
    checkPlace(command.place, ctx.places) ??
    checkActsAt(command.actor, command.place, 'record mediations') ??
    checkText('subject', command.subject) ??
    checkParties(command.parties) ??
    checkMediator(command.mediator, ctx) ??
    checkDate('mediatedOn', command.mediatedOn) ??
    (command.mediatedOn > today ? reject('invalid', `mediatedOn ${command.mediatedOn} is in the future`, 'mediatedOn', { rule: 'in-future', params: { value: command.mediatedOn } }) : null) ??
    checkAgreement(command) ??
    checkMeeting(command, ctx) ??
    checkCase(command, ctx);
  if (problem) return problem;
  return {
    ok: true,
    mediation: {
      id: command.mediationId,
      ...(command.caseId ? { caseId: command.caseId } : {}),
      ...(command.meetingId ? { meetingId: command.meetingId } : {}),
      place: {
        townId: command.place.townId,
        villageId: command.place.villageId,
        ...(command.place.courtyardId ? { courtyardId: command.place.courtyardId } : {}),
        ...(command.place.description?.trim() ? { description: command.place.description.trim() } : {}),
      },
      subject: command.subject.trim(),
      parties: command.parties.map((p) => ({ name: p.name.trim(), ...(p.residentId ? { residentId: p.residentId } : {}) })),
      mediator: {
        kind: command.mediator.kind,
        name: command.mediator.name.trim(),
        ...(command.mediator.personId ? { personId: command.mediator.personId } : {}),
      },
      mediatedOn: command.mediatedOn,
      method: command.method,
      outcome: command.outcome,
      ...(command.agreement?.trim() ? { agreement: command.agreement.trim() } : {}),
      ...(command.followUpOn ? { followUpOn: command.followUpOn } : {}),
      recordedBy: { id: command.actor.id, role: command.actor.role },
      recordedAt: toIso(ctx.now),
    },
  };
}

export interface RecordFollowUp {
  readonly actor: Actor;
  readonly checkedOn: CalendarDate;
  readonly held: boolean;
  readonly note?: string;
}

/** Whether the agreement held, checked once, on or after the day of the mediation and not in the future. */
export function recordFollowUp(mediation: Mediation, command: RecordFollowUp, ctx: { readonly now: Instant }): MediationDecision {
  const problem =
    checkActsAt(command.actor, mediation.place, 'record mediation follow-ups') ??
    (mediation.outcome === 'failed'
      ? reject('wrong-state', `mediation '${mediation.id}' reached no agreement: there is nothing to follow up`)
      : null) ??
    (mediation.followUp ? reject('wrong-state', `mediation '${mediation.id}' was already followed up on ${mediation.followUp.checkedOn}`) : null) ??
    checkDate('checkedOn', command.checkedOn) ??
    (command.checkedOn < mediation.mediatedOn
      ? reject('invalid', `checkedOn ${command.checkedOn} is before the mediation (${mediation.mediatedOn})`, 'checkedOn', { rule: 'too-early', params: { value: command.checkedOn, earliest: mediation.mediatedOn } })
      : null) ??
    (command.checkedOn > shanghaiDateOf(ctx.now) ? reject('invalid', `checkedOn ${command.checkedOn} is in the future`, 'checkedOn', { rule: 'in-future', params: { value: command.checkedOn } }) : null);
  if (problem) return problem;
  return {
    ok: true,
    mediation: {
      ...mediation,
      followUp: {
        checkedOn: command.checkedOn,
        held: command.held,
        ...(command.note?.trim() ? { note: command.note.trim() } : {}),
        checkedBy: command.actor.id,
        recordedAt: toIso(ctx.now),
      },
    },
  };
}

/** A follow-up is due from its date until it is recorded. */
export function followUpDue(mediation: Mediation, now: Instant): boolean {
  return mediation.followUpOn !== undefined && !mediation.followUp && mediation.followUpOn <= shanghaiDateOf(now);
}

function checkText(field: string, value: string): Rejection | null {
  return value.trim() === '' ? reject('invalid', `${field} must not be empty`, field, { rule: 'required' }) : null;
}

function checkParties(parties: readonly MediationParty[]): Rejection | null {
  if (parties.length < 2) return reject('invalid', 'a dispute has at least two parties', 'parties', { rule: 'too-few', params: { minimum: 2 } });
  if (parties.length > MAX_PARTIES) return reject('invalid', `at most ${MAX_PARTIES} parties`, 'parties', { rule: 'too-many', params: { maximum: MAX_PARTIES } });
  const names = parties.map((p) => p.name.trim());
  if (names.some((n) => n === '')) return reject('invalid', 'every party needs a name', 'parties', { rule: 'required' });
  if (new Set(names).size !== names.length) return reject('invalid', 'each party is listed once', 'parties', { rule: 'duplicate' });
  return null;
}

function checkMediator(mediator: Mediator, ctx: MediationContext): Rejection | null {
  if (mediator.name.trim() === '') return reject('invalid', 'the mediator needs a name', 'mediator.name', { rule: 'required' });
  if (mediator.kind === 'official') {
    if (!mediator.personId) return reject('invalid', 'an official mediator is named by their person id', 'mediator.personId', { rule: 'required' });
    if (!ctx.isOfficial(mediator.personId))
      return reject('invalid', `'${mediator.personId}' is not an official of the organisation`, 'mediator.personId', { rule: 'unknown', params: { value: mediator.personId } });
  }
  return null;
}

function checkDate(field: string, value: string): Rejection | null {
  return isCalendarDate(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)
    ? null
    : reject('invalid', `${field} '${value}' is not a calendar date (YYYY-MM-DD)`, field, { rule: 'not-a-date', params: { value } });
}

/** An agreement (in full or in part) has its text and a follow-up date after the mediation; a failed one has neither. */
function checkAgreement(command: RecordMediation): Rejection | null {
  const text = command.agreement?.trim() ?? '';
  if (command.outcome === 'failed') {
    if (text) return reject('invalid', 'a mediation that failed has no agreement text', 'agreement', { rule: 'not-when-failed' });
    if (command.followUpOn) return reject('invalid', 'a mediation that failed has no agreement to follow up', 'followUpOn', { rule: 'not-when-failed' });
    return null;
  }
  if (!text) return reject('invalid', 'an agreement reached (in full or in part) needs its text', 'agreement', { rule: 'required' });
  if (!command.followUpOn) return reject('invalid', 'an agreement needs a date to check that it held', 'followUpOn', { rule: 'required' });
  return (
    checkDate('followUpOn', command.followUpOn) ??
    (command.followUpOn <= command.mediatedOn
      ? reject('invalid', `followUpOn ${command.followUpOn} must come after the mediation (${command.mediatedOn})`, 'followUpOn', { rule: 'not-after', params: { value: command.followUpOn, after: command.mediatedOn } })
      : null)
  );
}

/** Mediated at a meeting: that meeting, in the same village (or town for a town meeting), on its day. */
function checkMeeting(command: RecordMediation, ctx: MediationContext): Rejection | null {
  if (command.method === 'atMeeting' && !command.meetingId)
    return reject('invalid', 'a mediation at a meeting names the meeting', 'meetingId', { rule: 'required' });
  if (!command.meetingId) return null;
  if (command.method !== 'atMeeting')
    return reject('invalid', `a mediation linked to a meeting is one held at it (method 'atMeeting'), not '${command.method}'`, 'method', { rule: 'meeting-only' });
  const meeting = ctx.meeting;
  if (!meeting) return reject('invalid', `no meeting with id ${command.meetingId}`, 'meetingId', { rule: 'unknown', params: { value: command.meetingId } });
  const place = meeting.place;
  if (place && (place.townId !== command.place.townId || (place.villageId !== undefined && place.villageId !== command.place.villageId)))
    return reject('invalid', `meeting '${meeting.id}' was not held in the mediation's village`, 'meetingId', { rule: 'outside-place', params: { value: meeting.id } });
  const first = [meeting.scheduledAt, meeting.openedAt].map(shanghaiDateOf).sort()[0] ?? command.mediatedOn;
  const last = shanghaiDateOf(meeting.closedAt ?? ctx.now);
  if (command.mediatedOn < first || command.mediatedOn > last)
    return reject('invalid', `mediatedOn ${command.mediatedOn} is not a day of meeting '${meeting.id}' (${first}…${last})`, 'mediatedOn', { rule: 'outside-dates', params: { value: command.mediatedOn, first, last } });
  return null;
}

/** A dispute raised as a case is mediated in the case's village, on or after the day it was raised. */
function checkCase(command: RecordMediation, ctx: MediationContext): Rejection | null {
  if (!command.caseId) return null;
  const linked = ctx.linkedCase;
  if (!linked) return reject('invalid', `no case with id ${command.caseId}`, 'caseId', { rule: 'unknown', params: { value: command.caseId } });
  if (linked.villageId !== command.place.villageId || linked.townId !== command.place.townId)
    return reject('invalid', `case '${linked.id}' is not in the mediation's village`, 'caseId', { rule: 'outside-place', params: { value: linked.id } });
  const raisedOn = shanghaiDateOf(linked.raisedAt);
  if (command.mediatedOn < raisedOn)
    return reject('invalid', `mediatedOn ${command.mediatedOn} is before case '${linked.id}' was raised (${raisedOn})`, 'mediatedOn', { rule: 'too-early', params: { value: command.mediatedOn, earliest: raisedOn } });
  return null;
}
