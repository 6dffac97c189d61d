import { type Actor, type Role, hasRole } from '../actor';
import { type FieldProblem, type Rejection, reject } from '../case/case-decision';
import type { CaseLocation } from '../case/case-state';
import { type Instant, toEpochMs, toIso } from '../instant';

export const meetingLevels = ['district', 'town', 'village'] as const;
export type MeetingLevel = (typeof meetingLevels)[number];

/** `online` is the meeting group on 渝快政, where the district-level part of the loop happens. */
export const meetingModes = ['inPerson', 'online'] as const;
export type MeetingMode = (typeof meetingModes)[number];

/** What a meeting covers, as the report lists it. */
export const meetingTopics = [
  'policyBriefing', // 政策宣讲
  'workPlanNotice', // 工作部署通报
  'villageAffairsDisclosure', // 村务公开
  'opinionCollection', // 征求意见
  'commendation', // 表彰慰问
  'onSpotProblemSolving', // 现场解决问题
  'progressReport', // 前期问题办理进展通报
  'mutualHelp', // 邻里互助
] as const;
export type MeetingTopic = (typeof meetingTopics)[number];

export type MeetingStatus = 'open' | 'closed';

/** Where the meeting is held: a town, optionally narrowed to a village and a courtyard (院坝). */
export interface MeetingPlace {
  readonly townId: string;
  readonly villageId?: string;
  readonly courtyardId?: string;
}

export interface MeetingConvener {
  readonly id: string;
  readonly role: Role;
}

export interface MeetingAttendance {
  readonly householdsAtHome: number;
  readonly attendees: number;
}

export interface MeetingResult {
  readonly issuesRaised: number;
  readonly resolvedOnSpot: number;
}

/** A courtyard meeting (院坝会); cases raised at it refer to it by id. Instants are ISO strings. */
export interface Meeting {
  readonly id: string;
  readonly level: MeetingLevel;
  readonly convener: MeetingConvener;
  readonly scheduledAt: string;
  /** Absent only for an online district meeting: the 渝快政 group covers the whole district. */
  readonly place?: MeetingPlace;
  readonly mode: MeetingMode;
  readonly invitedHouseholds: number;
  readonly topics: readonly MeetingTopic[];
  readonly status: MeetingStatus;
  readonly attendance?: MeetingAttendance;
  readonly result?: MeetingResult;
  readonly openedAt: string;
  readonly closedAt?: string;
}

export interface OpenMeeting {
  readonly meetingId: string;
  readonly level: MeetingLevel;
  readonly convener: Actor;
  readonly scheduledAt: Instant;
  readonly place?: MeetingPlace;
  readonly mode: MeetingMode;
  readonly invitedHouseholds: number;
  readonly topics: readonly MeetingTopic[];
}

export interface RecordAttendance {
  readonly actor: Actor;
  readonly householdsAtHome: number;
  readonly attendees: number;
}

export interface CloseMeeting {
  readonly actor: Actor;
  readonly issuesRaised: number;
  readonly resolvedOnSpot: number;
}

/** The clock is handed in, so the rules stay deterministic (and usable from workflow code). */
export interface MeetingContext {
  readonly now: Instant;
}

export type MeetingDecision = { readonly ok: true; readonly meeting: Meeting } | Rejection;

/** How long after closing a case may still be entered against the meeting (written up afterwards). */
export const lateEntryWindowMs = 24 * 60 * 60 * 1000;

const townRoles: readonly Role[] = ['town-leader', 'town-triage'];

/** Who convenes each level (DOMAIN.md "Who convenes meetings"); admin may convene any. */
export const convenerRoles: Readonly<Record<MeetingLevel, readonly Role[]>> = {
  village: ['village-secretary', ...townRoles, 'admin'],
  town: [...townRoles, 'admin'],
  district: ['district-leader', 'top-district-leader', 'department-leader', 'admin'],
};

/**
 * Meeting records (and the key households a meeting visited) are district-public to officials — a
 * disclosure practice among staff —, not to residents' accounts: they name conveners and households.
 */
export function checkMeetingReader(actor: Actor): Rejection | null {
  if (actor.role === 'resident' || actor.role === 'system') {
    return reject('forbidden', `meeting records are read by officials; role '${actor.role}' may not`);
  }
  return null;
}

export function openMeeting(command: OpenMeeting, ctx: MeetingContext): MeetingDecision {
  const problem =
    checkShape(command) ??
    checkPlace(command) ??
    checkConvener(command) ??
    checkCount('invitedHouseholds', command.invitedHouseholds) ??
    checkTopics(command.topics);
  if (problem) return problem;
  const scheduledAt = instantOrNull(command.scheduledAt);
  const now = instantOrNull(ctx.now);
  if (scheduledAt === null)
    return reject('invalid', `scheduledAt '${String(command.scheduledAt)}' is not a valid instant`);
  if (now === null) return reject('invalid', `now '${String(ctx.now)}' is not a valid instant`);
  return {
    ok: true,
    meeting: {
      id: command.meetingId,
      level: command.level,
      convener: { id: command.convener.id, role: command.convener.role },
      scheduledAt,
      ...(command.place ? { place: placeOf(command.place) } : {}),
      mode: command.mode,
      invitedHouseholds: command.invitedHouseholds,
      topics: [...command.topics],
      status: 'open',
      openedAt: now,
    },
  };
}

export function recordAttendance(meeting: Meeting, command: RecordAttendance): MeetingDecision {
  const problem =
    checkConvenerActs(meeting, command.actor, 'record attendance') ??
    checkStillOpen(meeting, 'record attendance') ??
    checkCount('householdsAtHome', command.householdsAtHome) ??
    checkCount('attendees', command.attendees);
  if (problem) return problem;
  if (command.householdsAtHome > meeting.invitedHouseholds) {
    return reject(
      'invalid',
      `householdsAtHome (${command.householdsAtHome}) cannot exceed invitedHouseholds (${meeting.invitedHouseholds})`,
      'householdsAtHome',
      exceeds(command.householdsAtHome, 'invitedHouseholds', meeting.invitedHouseholds),
    );
  }
  if (command.attendees > command.householdsAtHome) {
    return reject(
      'invalid',
      `attendees (${command.attendees}) cannot exceed householdsAtHome (${command.householdsAtHome}): participation counts households at home`,
      'attendees',
      exceeds(command.attendees, 'householdsAtHome', command.householdsAtHome),
    );
  }
  // Recording again replaces the count: it is a correction, not a second meeting.
  return {
    ok: true,
    meeting: {
      ...meeting,
      attendance: { householdsAtHome: command.householdsAtHome, attendees: command.attendees },
    },
  };
}

export function closeMeeting(meeting: Meeting, command: CloseMeeting, ctx: MeetingContext): MeetingDecision {
  const problem =
    checkConvenerActs(meeting, command.actor, 'close the meeting') ??
    checkStillOpen(meeting, 'close it') ??
    checkCount('issuesRaised', command.issuesRaised) ??
    checkCount('resolvedOnSpot', command.resolvedOnSpot);
  if (problem) return problem;
  if (command.resolvedOnSpot > command.issuesRaised) {
    return reject(
      'invalid',
      `resolvedOnSpot (${command.resolvedOnSpot}) cannot exceed issuesRaised (${command.issuesRaised})`,
      'resolvedOnSpot',
      exceeds(command.resolvedOnSpot, 'issuesRaised', command.issuesRaised),
    );
  }
  const now = instantOrNull(ctx.now);
  if (now === null) return reject('invalid', `now '${String(ctx.now)}' is not a valid instant`);
  return {
    ok: true,
    meeting: {
      ...meeting,
      status: 'closed',
      result: { issuesRaised: command.issuesRaised, resolvedOnSpot: command.resolvedOnSpot },
      closedAt: now,
    },
  };
}

/**
 * Whether a case at `location` may be raised at the meeting now: while it is open, or within 24 h
 * of closing (cases are often written up after the meeting), and only within the meeting's scope.
 */
export function canRaiseCaseAt(meeting: Meeting, now: Instant, location: CaseLocation): Rejection | null {
  if (meeting.status === 'closed') {
    const closedMs = toEpochMs(meeting.closedAt ?? meeting.openedAt);
    if (toEpochMs(now) - closedMs >= lateEntryWindowMs) {
      return reject(
        'late',
        `meeting '${meeting.id}' closed at ${meeting.closedAt ?? '?'}: cases may be entered only within 24 h of closing`,
        'meetingId',
      { rule: 'late-entry', params: { closedAt: meeting.closedAt ?? '' } },
      );
    }
  }
  return checkLocationInScope(meeting, location);
}

export interface MeetingFigures {
  /** attendees ÷ invited households at home (DOMAIN.md); null until attendance is recorded or if nobody was home. */
  readonly participationRate: number | null;
  /** resolved on the spot ÷ issues raised (就地解决率); null until closed or if nothing was raised. */
  readonly onSiteResolutionRate: number | null;
}

export function meetingFigures(meeting: Meeting): MeetingFigures {
  return {
    participationRate: ratio(meeting.attendance?.attendees, meeting.attendance?.householdsAtHome),
    onSiteResolutionRate: ratio(meeting.result?.resolvedOnSpot, meeting.result?.issuesRaised),
  };
}

function ratio(numerator: number | undefined, denominator: number | undefined): number | null {
  if (numerator === undefined || denominator === undefined || denominator === 0) return null;
  return numerator / denominator;
}

function checkShape(command: OpenMeeting): Rejection | null {
  if (command.meetingId.trim() === '') return reject('invalid', 'a meeting needs an id');
  if (!meetingLevels.includes(command.level)) {
    return reject('invalid', `level '${String(command.level)}' is not one of ${meetingLevels.join(', ')}`);
  }
  if (!meetingModes.includes(command.mode)) {
    return reject('invalid', `mode '${String(command.mode)}' is not one of ${meetingModes.join(', ')}`);
  }
  return null;
}

/**
 * The place must name the unit of the meeting's level. Only an online district meeting may go
 * without one: a village or town meeting, even online, needs its village or town to scope its cases.
 */
function checkPlace(command: OpenMeeting): Rejection | null {
  const { place, level, mode } = command;
  if (!place) {
    if (mode === 'online' && level === 'district') return null;
    return reject(
      'invalid',
      mode === 'inPerson'
        ? 'an in-person meeting needs a place'
        : `an online ${level} meeting needs a place naming its ${level}; only an online district meeting may omit it`,
    );
  }
  if (!place.townId) return reject('invalid', 'the place of a meeting needs a townId');
  if (level === 'village' && !place.villageId)
    return reject('invalid', 'a village meeting needs a place with a villageId');
  if (place.courtyardId && !place.villageId)
    return reject('invalid', 'a courtyard lies in a village: a place with a courtyardId needs a villageId');
  return null;
}

/** The role must fit the level; local officials convene only in their own village or town. */
function checkConvener(command: OpenMeeting): Rejection | null {
  const { convener, level, place } = command;
  const allowed = convenerRoles[level];
  if (!hasRole(convener, ...allowed)) {
    return reject(
      'forbidden',
      `role '${convener.role}' may not convene a ${level} meeting; allowed: ${allowed.join(', ')}`,
    );
  }
  if (convener.role === 'village-secretary' && convener.villageId !== place?.villageId) {
    return reject(
      'forbidden',
      `village-secretary '${convener.id}' convenes meetings only in village '${convener.villageId ?? '?'}'`,
    );
  }
  if (hasRole(convener, ...townRoles) && convener.townId !== place?.townId) {
    return reject(
      'forbidden',
      `${convener.role} '${convener.id}' convenes meetings only in town '${convener.townId ?? '?'}'`,
    );
  }
  return null;
}

function checkTopics(topics: readonly MeetingTopic[]): Rejection | null {
  const unknown = topics.filter((topic) => !meetingTopics.includes(topic));
  if (unknown.length > 0)
    return reject(
      'invalid',
      `unknown meeting topics: ${unknown.join(', ')}; allowed: ${meetingTopics.join(', ')}`,
      'topics',
      { rule: 'unknown', params: { value: unknown.join(', ') } },
    );
  if (new Set(topics).size !== topics.length)
    return reject('invalid', 'each meeting topic may be listed only once', 'topics', { rule: 'duplicate' });
  return null;
}

function checkConvenerActs(meeting: Meeting, actor: Actor, action: string): Rejection | null {
  if (actor.role === 'admin' || actor.id === meeting.convener.id) return null;
  return reject(
    'forbidden',
    `only the convener ('${meeting.convener.id}') or an admin may ${action}; ${actor.role} '${actor.id}' is neither`,
  );
}

function checkStillOpen(meeting: Meeting, action: string): Rejection | null {
  if (meeting.status === 'open') return null;
  return reject('wrong-state', `meeting '${meeting.id}' is already closed: cannot ${action}`);
}

function checkCount(name: string, value: number): Rejection | null {
  if (Number.isInteger(value) && value >= 0) return null;
  return reject('invalid', `${name} must be an integer ≥ 0, got ${String(value)}`, name, { rule: 'not-a-count', params: { value: String(value) } });
}

const exceeds = (value: number, limitField: string, limit: number): FieldProblem => ({ rule: 'exceeds', params: { value, limit, limitField } });

/**
 * The scope is the unit of the meeting's level, not the courtyard it is held in: residents at a
 * courtyard raise matters of their whole village (登凤村's list has a road on the border of group 7).
 * A district meeting is held at a town; an online one without a place takes cases from anywhere.
 */
function checkLocationInScope(meeting: Meeting, location: CaseLocation): Rejection | null {
  const place = meeting.place;
  if (!place) return null;
  if (location.townId !== place.townId) {
    return reject(
      'invalid',
      `the case is in town '${location.townId}', outside meeting '${meeting.id}' in town '${place.townId}'`,
      'location.townId',
      { rule: 'outside-place', params: { value: location.townId } },
    );
  }
  if (meeting.level === 'village' && location.villageId !== place.villageId) {
    return reject(
      'invalid',
      `the case is in village '${location.villageId}', outside village meeting '${meeting.id}' of village '${place.villageId ?? '?'}'`,
      'location.villageId',
      { rule: 'outside-place', params: { value: location.villageId } },
    );
  }
  return null;
}

function placeOf(place: MeetingPlace): MeetingPlace {
  return {
    townId: place.townId,
    ...(place.villageId ? { villageId: place.villageId } : {}),
    ...(place.courtyardId ? { courtyardId: place.courtyardId } : {}),
  };
}

function instantOrNull(instant: Instant): string | null {
  try {
    return toIso(instant);
  } catch {
    return null;
  }
}
