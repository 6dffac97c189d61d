import { commandRoles, convenerRoles, roles, type Role } from '@bishan/domain';
import type { MessageKey } from './i18n';

export interface NavItem {
  path: string;
  label: MessageKey;
  roles: readonly Role[];
}

/** Everyone who signs in: every role but the workflow's own `system`. */
export const personRoles: readonly Role[] = roles.filter((role) => role !== 'system');

const staff = personRoles.filter((role) => role !== 'resident');

/** Whoever may convene a meeting of any level. */
const conveners = [...new Set(Object.values(convenerRoles).flat())];

/**
 * Which page each role may open, taken from the domain's rules where a page is one command's
 * (triage, claim, feedback, extension decisions); the API enforces the same scopes, this only keeps
 * menus short. The first page a role may open is its home: triage and inbox come before meetings,
 * which town triage and department leaders may also convene.
 */
export const navItems: readonly NavItem[] = [
  { path: '/resident', label: 'navResident', roles: commandRoles.rateCase },
  { path: '/local', label: 'navLocal', roles: commandRoles.giveFeedback },
  { path: '/triage', label: 'navTriage', roles: commandRoles.triageCase },
  { path: '/inbox', label: 'navInbox', roles: commandRoles.claimCase },
  { path: '/meetings', label: 'navMeetings', roles: conveners },
  // Kept by village secretaries and town leadership, read by the district leaders linked to the town.
  // Whoever holds or supervises a meeting duty: district and town leaders, triage, village secretaries.
  { path: '/duties', label: 'navDuties', roles: ['village-secretary', 'town-leader', 'town-triage', 'district-leader', 'top-district-leader', 'admin'] },
  // 对账销号: town and department leaders sign; triage, handlers and the supervising district leaders read.
  {
    path: '/ledger-reviews',
    label: 'navLedgerReviews',
    roles: ['town-leader', 'town-triage', 'department-leader', 'department-handler', 'district-leader', 'top-district-leader', 'admin'],
  },
  { path: '/mediations', label: 'navMediations', roles: ['village-secretary', 'town-leader', 'town-triage', 'district-leader', 'top-district-leader', 'admin'] },
  // Extension decisions, plus department leaders (escalations are addressed to them) and admins.
  { path: '/supervisor', label: 'navSupervisor', roles: [...commandRoles.approveExtension, 'department-leader', 'admin'] },
  { path: '/dashboard', label: 'navDashboard', roles: staff },
  { path: '/ops', label: 'navOps', roles: ['admin'] },
];

const isRole = (role: string): role is Role => (roles as readonly string[]).includes(role);

export function navFor(role: string): NavItem[] {
  return isRole(role) ? navItems.filter((item) => item.roles.includes(role)) : [];
}

export function homePathOf(role: string): string {
  return navFor(role)[0]?.path ?? '/dashboard';
}
