import { ContactsOutlined, AlertOutlined, CommentOutlined, ShopOutlined, SolutionOutlined, OrderedListOutlined, AuditOutlined, FlagOutlined, TrophyOutlined, DashboardOutlined, FormOutlined, LineChartOutlined, ScheduleOutlined, StarOutlined, CarOutlined, NodeIndexOutlined, ApartmentOutlined, AimOutlined, BarChartOutlined, ProjectOutlined, SwapOutlined, WarningOutlined, UnorderedListOutlined, HomeOutlined, SafetyOutlined, SettingOutlined, TeamOutlined, UserOutlined, ClusterOutlined, FundProjectionScreenOutlined } from '@ant-design/icons';
import { BankOutlined, MoneyCollectOutlined, ProfileOutlined, RiseOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';

export interface MenuEntry {
  key: string;
  path?: string;
  labelKey: string;
  icon?: ReactNode;
  /** Any one of these; none means every logged-in user. */
  permission?: string[];
  /** Only for enterprise contacts (一门帮办), or only for the government's own staff. */
  audience?: 'enterprise' | 'staff';
  /** A further condition on who the user is (a bank, a city-wide reader), beyond the permissions. */
  when?: (me: MenuUser) => boolean;
  children?: MenuEntry[];
}

/** What the menu needs to know of the user beyond `can`. */
export interface MenuUser {
  unitKind?: string;
  permissions: string[];
}

/** The side menu: one entry per page, each shown only to who may use it. */
export const MENU: MenuEntry[] = [
  { key: 'home', path: '/', labelKey: 'menu.home', icon: <HomeOutlined />, audience: 'staff' },
  { key: 'portal', path: '/portal', labelKey: 'menu.portal', icon: <ShopOutlined />, permission: ['problem:write'], audience: 'enterprise' },
  { key: 'dashboard', path: '/dashboard', labelKey: 'menu.dashboard', icon: <FundProjectionScreenOutlined />, permission: ['dashboard:read'] },
  {
    key: 'leads',
    labelKey: 'menu.leads',
    icon: <AimOutlined />,
    children: [
      { key: 'lead-list', path: '/leads', labelKey: 'menu.leadList', icon: <UnorderedListOutlined />, permission: ['lead:read'] },
      { key: 'lead-handoffs', path: '/leads/handoffs', labelKey: 'menu.leadHandoffs', icon: <SwapOutlined />, permission: ['lead:read'] },
      { key: 'lead-conflicts', path: '/leads/conflicts', labelKey: 'menu.leadConflicts', icon: <WarningOutlined />, permission: ['lead:arbitrate'] },
      { key: 'activities', path: '/leads/activities', labelKey: 'menu.activities', icon: <CarOutlined />, permission: ['lead:read'] },
      { key: 'lead-stats', path: '/leads/stats', labelKey: 'menu.leadStats', icon: <BarChartOutlined />, permission: ['lead:read'] },
    ],
  },
  {
    key: 'projects',
    labelKey: 'menu.projects',
    icon: <ProjectOutlined />,
    children: [
      { key: 'project-ledger', path: '/projects', labelKey: 'menu.projectLedger', icon: <UnorderedListOutlined />, permission: ['project:read'] },
      { key: 'chains', path: '/projects/chains', labelKey: 'menu.chains', icon: <NodeIndexOutlined />, permission: ['project:read', 'lead:read'] },
      { key: 'returns', path: '/returns', labelKey: 'menu.returns', icon: <RiseOutlined />, permission: ['project:read'] },
    ],
  },
  {
    key: 'dispatch',
    labelKey: 'menu.dispatch',
    icon: <ScheduleOutlined />,
    children: [
      { key: 'dispatch-board', path: '/dispatch/board', labelKey: 'menu.dispatchBoard', icon: <DashboardOutlined />, permission: ['dispatch:read'] },
      { key: 'dispatch-reports', path: '/dispatch/reports', labelKey: 'menu.dispatchReports', icon: <FormOutlined />, permission: ['dispatch:read'] },
      { key: 'dispatch-warnings', path: '/dispatch/warnings', labelKey: 'menu.dispatchWarnings', icon: <AlertOutlined />, permission: ['dispatch:read'] },
      { key: 'dispatch-key-projects', path: '/dispatch/key-projects', labelKey: 'menu.dispatchKeyProjects', icon: <StarOutlined />, permission: ['dispatch:read'] },
      { key: 'dispatch-forecast', path: '/dispatch/forecast', labelKey: 'menu.dispatchForecast', icon: <LineChartOutlined />, permission: ['dispatch:read'] },
    ],
  },
  {
    key: 'problems',
    labelKey: 'menu.problems',
    icon: <CommentOutlined />,
    children: [
      { key: 'problem-list', path: '/problems', labelKey: 'menu.problemList', icon: <UnorderedListOutlined />, permission: ['problem:read'] },
      { key: 'problem-agenda', path: '/problems/agenda', labelKey: 'menu.problemAgenda', icon: <SolutionOutlined />, permission: ['problem:assign', 'problem:read'], audience: 'staff', when: (me) => me.permissions.includes('problem:assign') || (me.permissions.includes('problem:read') && me.unitKind === 'city') },
      { key: 'problem-scorecard', path: '/problems/scorecard', labelKey: 'menu.problemScorecard', icon: <BarChartOutlined />, permission: ['problem:read'], audience: 'staff' },
    ],
  },
  {
    key: 'assessment',
    labelKey: 'menu.assessment',
    icon: <TrophyOutlined />,
    children: [
      { key: 'targets', path: '/targets', labelKey: 'menu.targets', icon: <FlagOutlined />, permission: ['target:read'] },
      { key: 'rankings', path: '/rankings', labelKey: 'menu.rankings', icon: <OrderedListOutlined />, permission: ['target:read'] },
    ],
  },
  {
    key: 'finance',
    labelKey: 'menu.financeGroup',
    icon: <BankOutlined />,
    children: [
      { key: 'finance-credit', path: '/finance', labelKey: 'menu.finance', icon: <MoneyCollectOutlined />, permission: ['finance:read'] },
      // Every institution's loans: the city-wide readers' (the API refuses a bank).
      { key: 'finance-loans', path: '/finance/loans', labelKey: 'menu.loanStats', icon: <LineChartOutlined />, permission: ['finance:read'], when: (me) => me.unitKind !== 'bank' },
      { key: 'key-lists', path: '/key-enterprises', labelKey: 'menu.keyLists', icon: <ProfileOutlined />, permission: ['keylist:write', 'project:read', 'finance:read'] },
      { key: 'chain-map', path: '/key-enterprises/map', labelKey: 'menu.chainMap', icon: <ApartmentOutlined />, permission: ['keylist:write', 'project:read', 'finance:read'] },
    ],
  },
  {
    key: 'enterprise-group',
    labelKey: 'menu.enterpriseGroup',
    icon: <ContactsOutlined />,
    children: [
      { key: 'enterprise-registry', path: '/enterprise-registry', labelKey: 'menu.enterpriseRegistry', icon: <ProfileOutlined />, permission: ['project:read', 'keylist:write'], audience: 'staff' },
      { key: 'enterprises', path: '/enterprises', labelKey: 'menu.enterprises', icon: <ContactsOutlined />, permission: ['enterprise:write'], audience: 'staff' },
    ],
  },
  { key: 'org', path: '/org', labelKey: 'menu.org', icon: <ClusterOutlined />, permission: ['org:read'] },
  {
    key: 'system',
    labelKey: 'menu.system',
    icon: <SettingOutlined />,
    children: [
      { key: 'units', path: '/admin/units', labelKey: 'menu.units', icon: <ApartmentOutlined />, permission: ['system:unit:write'] },
      { key: 'users', path: '/admin/users', labelKey: 'menu.users', icon: <TeamOutlined />, permission: ['system:user:read', 'security:user-role:write'] },
      { key: 'roles', path: '/admin/roles', labelKey: 'menu.roles', icon: <SafetyOutlined />, permission: ['security:role:read'] },
      { key: 'settings', path: '/admin/settings', labelKey: 'menu.settings', icon: <SettingOutlined />, permission: ['system:setting:write', 'security:policy:write'] },
    ],
  },
  { key: 'audit', path: '/audit', labelKey: 'menu.audit', icon: <AuditOutlined />, permission: ['audit:read'] },
  { key: 'account', path: '/account', labelKey: 'menu.account', icon: <UserOutlined /> },
];

export function visibleMenu(can: (p: string[]) => boolean, enterprise = false, entries: MenuEntry[] = MENU, me: MenuUser | null = null): MenuEntry[] {
  return entries.flatMap((entry) => {
    if (entry.audience && entry.audience !== (enterprise ? 'enterprise' : 'staff')) return [];
    if (entry.children) {
      const children = visibleMenu(can, enterprise, entry.children, me);
      return children.length ? [{ ...entry, children }] : [];
    }
    if (entry.when && (!me || !entry.when(me))) return [];
    return !entry.permission || can(entry.permission) ? [entry] : [];
  });
}
