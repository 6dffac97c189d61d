import type { MessageKey } from './i18n';

export interface NavItem {
  path: string;
  label: MessageKey;
  roles: readonly string[];
}

const staff = [
  'village-secretary',
  'town-leader',
  'town-triage',
  'department-handler',
  'department-leader',
  'district-leader',
  'top-district-leader',
  'admin',
];

/** Which page each role may open; the API enforces the same scopes, this only keeps menus short. */
export const navItems: readonly NavItem[] = [
  { path: '/resident', label: 'navResident', roles: ['resident'] },
  { path: '/local', label: 'navLocal', roles: ['village-secretary', 'town-leader'] },
  { path: '/meetings', label: 'navMeetings', roles: ['village-secretary', 'town-leader', 'district-leader', 'top-district-leader', 'admin'] },
  { path: '/triage', label: 'navTriage', roles: ['town-triage'] },
  { path: '/inbox', label: 'navInbox', roles: ['department-handler', 'department-leader'] },
  {
    path: '/supervisor',
    label: 'navSupervisor',
    roles: ['department-leader', 'town-leader', 'district-leader', 'top-district-leader', 'admin'],
  },
  { path: '/dashboard', label: 'navDashboard', roles: staff },
  { path: '/ops', label: 'navOps', roles: ['admin'] },
];

export function navFor(role: string): NavItem[] {
  return navItems.filter((item) => item.roles.includes(role));
}

export function homePathOf(role: string): string {
  return navFor(role)[0]?.path ?? '/dashboard';
}
