import { type Actor, type Role, hasRole } from '../actor';
import type { CaseCommand, CaseCommandType, RaiseCase } from './case-commands';
import { type Rejection, reject } from './case-decision';
import type { HandlingUnit, RaisedCase } from './case-state';
import { type Directory, coversCategory, findDepartment } from '../organisation/duty-list';

const handlingRoles: readonly Role[] = ['village-secretary', 'town-leader', 'department-handler', 'department-leader'];
const departmentRoles: readonly Role[] = ['department-handler', 'department-leader'];
const supervisorRoles: readonly Role[] = ['town-leader', 'district-leader', 'top-district-leader'];
const localStaffRoles: readonly Role[] = ['village-secretary', 'town-leader'];

/** Which roles may send each command; the scope each role must hold is checked by `checkScope`. */
export const commandRoles: Readonly<Record<CaseCommandType, readonly Role[]>> = {
  raiseCase: ['resident', 'village-secretary', 'town-leader', ...departmentRoles, 'district-leader', 'top-district-leader', 'admin'],
  triageCase: ['town-triage'],
  claimCase: departmentRoles,
  returnCase: handlingRoles,
  transferCase: departmentRoles,
  submitHandlingPlan: departmentRoles,
  requestExtension: handlingRoles,
  approveExtension: supervisorRoles,
  rejectExtension: supervisorRoles,
  pauseClock: handlingRoles,
  approvePause: supervisorRoles,
  rejectPause: supervisorRoles,
  resumeClock: handlingRoles,
  reportResult: handlingRoles,
  giveFeedback: localStaffRoles,
  rateCase: ['resident'],
  recordRating: localStaffRoles,
  assignDepartment: supervisorRoles,
  reassignCase: supervisorRoles,
  urgeCase: supervisorRoles,
  instructCase: supervisorRoles,
  acknowledgeInstruction: handlingRoles,
  acknowledgeEscalation: ['department-leader', ...supervisorRoles],
  assignJointTask: handlingRoles,
  completeJointTask: handlingRoles,
  explainJointTask: handlingRoles,
  flagConcentrated: ['top-district-leader', 'admin', 'system'],
  deadlineReached: ['system'],
  recomputeDeadlines: ['system'],
};

export function checkRole(command: CaseCommand): Rejection | null {
  return checkRoleFor(command.type, command.actor);
}

/** Whether the actor's role may send this command at all, whatever the case. */
export function checkRoleFor(type: CaseCommandType, actor: Actor): Rejection | null {
  const allowed = commandRoles[type];
  if (hasRole(actor, ...allowed)) return null;
  return reject('forbidden', `role '${actor.role}' may not ${type}; allowed: ${allowed.join(', ')}`);
}

function actorLabel(actor: Actor): string {
  return `${actor.role} '${actor.id}'`;
}

/**
 * The leaders who supervise a case (调度督办) and may urge, instruct, reassign or assign it: those
 * its supervision names, the targets of its latest escalation among leaders, and the top
 * district leaders, who oversee every case.
 */
export function isSupervisingLeader(actor: Actor, state: Pick<RaisedCase, 'supervision' | 'escalation'>): boolean {
  if (actor.role === 'top-district-leader') return true;
  if (!hasRole(actor, ...supervisorRoles)) return false;
  return (state.supervision?.leaderIds.includes(actor.id) ?? false) || (state.escalation?.targetIds.includes(actor.id) ?? false);
}

export function checkSupervisingLeader(actor: Actor, state: Pick<RaisedCase, 'supervision' | 'escalation'>, whatFor: string): Rejection | null {
  if (isSupervisingLeader(actor, state)) return null;
  const leaders = state.supervision?.leaderIds.join(', ') || 'the top district leaders';
  return reject('forbidden', `only a leader who supervises the case (${leaders}) may ${whatFor}; ${actorLabel(actor)} does not`);
}

/** Local officials act only within their own village or town. */
export function checkRaiseScope(command: RaiseCase): Rejection | null {
  const { actor, location } = command;
  if (
    actor.role === 'village-secretary' &&
    (actor.villageId !== location.villageId || actor.townId !== location.townId)
  ) {
    return reject('forbidden', `${actorLabel(actor)} can raise cases only in village '${actor.villageId ?? '?'}' of town '${actor.townId ?? '?'}'`);
  }
  if (actor.role === 'town-leader' && actor.townId !== location.townId) {
    return reject('forbidden', `${actorLabel(actor)} can raise cases only in town '${actor.townId ?? '?'}'`);
  }
  if (actor.role === 'resident' && (command.channel !== 'onlineGroup' || !command.reporterIds.includes(actor.id))) {
    return reject('forbidden', 'a resident can raise a case only in the online group and as one of its reporters');
  }
  return null;
}

export function checkTriageScope(actor: Actor, state: Pick<RaisedCase, 'location'>): Rejection | null {
  if (actor.townId === state.location.townId) return null;
  return reject('forbidden', `only the triage committee of town '${state.location.townId}' triages this case`);
}

export function checkClaimScope(actor: Actor, state: Pick<RaisedCase, 'category'>, directory: Directory): Rejection | null {
  const department = actor.departmentId === undefined ? undefined : findDepartment(directory, actor.departmentId);
  if (department && coversCategory(department, state.category)) return null;
  return reject(
    'forbidden',
    `department '${actor.departmentId ?? '?'}' cannot claim this case: its duty list does not cover category '${state.category}'`,
  );
}

/** Who acts for a handling unit: the department's staff, the village's secretary, the town's leaders. */
export function actsForUnit(actor: Actor, unit: HandlingUnit): boolean {
  switch (unit.level) {
    case 'district':
      return hasRole(actor, ...departmentRoles) && actor.departmentId === unit.unitId;
    case 'village':
      return actor.role === 'village-secretary' && actor.villageId === unit.unitId;
    case 'town':
      return actor.role === 'town-leader' && actor.townId === unit.unitId;
  }
}

/** The party the case is assigned to: the lead department, or the village's secretary / town's leaders. */
export function isHandlingParty(actor: Actor, state: Pick<RaisedCase, 'handler'>): boolean {
  return state.handler !== null && actsForUnit(actor, state.handler);
}

export function checkHandlingParty(actor: Actor, state: Pick<RaisedCase, 'handler'>): Rejection | null {
  if (isHandlingParty(actor, state)) return null;
  const handler = state.handler;
  const who = handler ? `the ${handler.level === 'district' ? 'lead department' : handler.level} '${handler.unitId}'` : 'its handler';
  return reject('forbidden', `only ${who} may do this; ${actorLabel(actor)} is not it`);
}

export function checkSupervisor(actor: Actor, state: Pick<RaisedCase, 'supervision'>): Rejection | null {
  if (state.supervision?.leaderIds.includes(actor.id)) return null;
  const leaders = state.supervision?.leaderIds.join(', ') || 'none';
  return reject('forbidden', `only the supervising leader of the case (${leaders}) decides extensions`);
}

export function checkFeedbackScope(actor: Actor, state: Pick<RaisedCase, 'location'>): Rejection | null {
  const inScope =
    (actor.role === 'village-secretary' && actor.villageId === state.location.villageId) ||
    (actor.role === 'town-leader' && actor.townId === state.location.townId);
  if (inScope) return null;
  return reject('forbidden', `only the case's village or town tells residents the result; ${actorLabel(actor)} is outside it`);
}

export function checkRater(actor: Actor, state: Pick<RaisedCase, 'reporterIds'>): Rejection | null {
  if (state.reporterIds.includes(actor.id)) return null;
  return reject('forbidden', `resident '${actor.id}' did not report this case and cannot rate it`);
}
