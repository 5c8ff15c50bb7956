import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { LoginPage } from '../features/auth/LoginPage';
import { isEnterpriseContact } from '../features/problems/api';
import { AuthProvider, useAuth } from './auth';
import { PageLoading } from './basics';

/**
 * Every page is its own chunk, fetched when its route is first opened: the first visit downloads
 * the login page alone; the shell (layout, menu, bell) comes after signing in, and ECharts, for
 * one, only with the pages that draw charts.
 */
const AppLayout = lazy(() => import('./AppLayout').then((m) => ({ default: m.AppLayout })));
const NotAllowed = lazy(() => import('./NotAllowed').then((m) => ({ default: m.NotAllowed })));
const ForcedChangePage = lazy(() => import('../features/auth/ForcedChangePage').then((m) => ({ default: m.ForcedChangePage })));
const AccountPage = lazy(() => import('../features/account/AccountPage').then((m) => ({ default: m.AccountPage })));
const AuditPage = lazy(() => import('../features/audit/AuditPage').then((m) => ({ default: m.AuditPage })));
const BoardPage = lazy(() => import('../features/dispatch/BoardPage').then((m) => ({ default: m.BoardPage })));
const ForecastPage = lazy(() => import('../features/dispatch/ForecastPage').then((m) => ({ default: m.ForecastPage })));
const DispatchImportPage = lazy(() => import('../features/dispatch/ImportPage').then((m) => ({ default: m.DispatchImportPage })));
const KeyProjectsPage = lazy(() => import('../features/dispatch/KeyProjectsPage').then((m) => ({ default: m.KeyProjectsPage })));
const ReportsPage = lazy(() => import('../features/dispatch/ReportsPage').then((m) => ({ default: m.ReportsPage })));
const WarningsPage = lazy(() => import('../features/dispatch/WarningsPage').then((m) => ({ default: m.WarningsPage })));
const TargetImportPage = lazy(() => import('../features/targets/ImportPage').then((m) => ({ default: m.TargetImportPage })));
const TargetsPage = lazy(() => import('../features/targets/TargetsPage').then((m) => ({ default: m.TargetsPage })));
const RankingsPage = lazy(() => import('../features/rankings/RankingsPage').then((m) => ({ default: m.RankingsPage })));
const DashboardPage = lazy(() => import('../features/dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })));
const EnterprisesPage = lazy(() => import('../features/enterprises/EnterprisesPage').then((m) => ({ default: m.EnterprisesPage })));
const RegistryPage = lazy(() => import('../features/enterprises/RegistryPage').then((m) => ({ default: m.RegistryPage })));
const HomePage = lazy(() => import('../features/home/HomePage').then((m) => ({ default: m.HomePage })));
const NotificationsPage = lazy(() => import('../features/notifications/NotificationsPage').then((m) => ({ default: m.NotificationsPage })));
const OrgPage = lazy(() => import('../features/org/OrgPage').then((m) => ({ default: m.OrgPage })));
const ProjectDetailPage = lazy(() => import('../features/projects/ProjectDetailPage').then((m) => ({ default: m.ProjectDetailPage })));
const ProjectsPage = lazy(() => import('../features/projects/ProjectsPage').then((m) => ({ default: m.ProjectsPage })));
const ImportPage = lazy(() => import('../features/projects/ImportPage').then((m) => ({ default: m.ImportPage })));
const ChainsPage = lazy(() => import('../features/projects/ChainsPage').then((m) => ({ default: m.ChainsPage })));
const ReturnsPage = lazy(() => import('../features/returns/ReturnsPage').then((m) => ({ default: m.ReturnsPage })));
const ProjectReturnsPage = lazy(() => import('../features/returns/ProjectReturnsPage').then((m) => ({ default: m.ProjectReturnsPage })));
const FinancePage = lazy(() => import('../features/finance/FinancePage').then((m) => ({ default: m.FinancePage })));
const KeyListImportPage = lazy(() => import('../features/finance/KeyListImportPage').then((m) => ({ default: m.KeyListImportPage })));
const KeyListsPage = lazy(() => import('../features/finance/KeyListsPage').then((m) => ({ default: m.KeyListsPage })));
const ChainMapPage = lazy(() => import('../features/finance/ChainMapPage').then((m) => ({ default: m.ChainMapPage })));
const LoanImportPage = lazy(() => import('../features/finance/LoanImportPage').then((m) => ({ default: m.LoanImportPage })));
const LoansPage = lazy(() => import('../features/finance/LoansPage').then((m) => ({ default: m.LoansPage })));
const ActivitiesPage = lazy(() => import('../features/leads/ActivitiesPage').then((m) => ({ default: m.ActivitiesPage })));
const ConflictsPage = lazy(() => import('../features/leads/ConflictsPage').then((m) => ({ default: m.ConflictsPage })));
const HandoffsPage = lazy(() => import('../features/leads/HandoffsPage').then((m) => ({ default: m.HandoffsPage })));
const LeadDetailPage = lazy(() => import('../features/leads/LeadDetailPage').then((m) => ({ default: m.LeadDetailPage })));
const LeadsPage = lazy(() => import('../features/leads/LeadsPage').then((m) => ({ default: m.LeadsPage })));
const LeadStatsPage = lazy(() => import('../features/leads/LeadStatsPage').then((m) => ({ default: m.LeadStatsPage })));
const AgendaPage = lazy(() => import('../features/problems/AgendaPage').then((m) => ({ default: m.AgendaPage })));
const PortalPage = lazy(() => import('../features/problems/PortalPage').then((m) => ({ default: m.PortalPage })));
const ProblemDetailPage = lazy(() => import('../features/problems/ProblemDetailPage').then((m) => ({ default: m.ProblemDetailPage })));
const ProblemsPage = lazy(() => import('../features/problems/ProblemsPage').then((m) => ({ default: m.ProblemsPage })));
const ScorecardPage = lazy(() => import('../features/problems/ScorecardPage').then((m) => ({ default: m.ScorecardPage })));
const RolesPage = lazy(() => import('../features/roles/RolesPage').then((m) => ({ default: m.RolesPage })));
const SettingsPage = lazy(() => import('../features/settings/SettingsPage').then((m) => ({ default: m.SettingsPage })));
const UnitsPage = lazy(() => import('../features/units/UnitsPage').then((m) => ({ default: m.UnitsPage })));
const UsersPage = lazy(() => import('../features/users/UsersPage').then((m) => ({ default: m.UsersPage })));

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });

function Guarded({ permission, children }: { permission?: string[]; children: React.ReactNode }) {
  const { can } = useAuth();
  if (permission && !can(permission)) return <NotAllowed />;
  return <>{children}</>;
}

/** An enterprise contact's home is the portal (一门帮办), a bank's its 金链 desk; everyone else's the workbench. */
function Home() {
  const { me } = useAuth();
  if (isEnterpriseContact(me)) return <Navigate to="/portal" replace />;
  if (me?.unitKind === 'bank') return <Navigate to="/finance" replace />;
  return <HomePage />;
}

function Shell() {
  const { me, loading } = useAuth();
  if (loading) return <PageLoading />;
  if (!me) return <Navigate to="/login" replace />;
  if (me.mustChangePassword || me.mustEnrolMfa) return <ForcedChangePage />;
  return <AppLayout />;
}

export function App() {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en-US';
  dayjs.locale(english ? 'en' : 'zh-cn');
  return (
    <ConfigProvider locale={english ? enUS : zhCN} theme={{ token: { colorPrimary: '#c0392b', borderRadius: 6 } }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <AuthProvider>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                <Route element={<Shell />}>
                  <Route index element={<Home />} />
                  <Route path="dashboard" element={<Guarded permission={['dashboard:read']}><DashboardPage /></Guarded>} />
                  <Route path="account" element={<AccountPage />} />
                  <Route path="projects" element={<Guarded permission={['project:read']}><ProjectsPage /></Guarded>} />
                  <Route path="projects/chains" element={<Guarded permission={['project:read', 'lead:read']}><ChainsPage /></Guarded>} />
                  <Route path="projects/import" element={<Guarded permission={['project:import']}><ImportPage /></Guarded>} />
                  <Route path="projects/:id" element={<Guarded permission={['project:read']}><ProjectDetailPage /></Guarded>} />
                  <Route path="returns" element={<Guarded permission={['project:read']}><ReturnsPage /></Guarded>} />
                  <Route path="returns/projects/:id" element={<Guarded permission={['project:read']}><ProjectReturnsPage /></Guarded>} />
                  <Route path="finance" element={<Guarded permission={['finance:read']}><FinancePage /></Guarded>} />
                  <Route path="key-enterprises" element={<Guarded permission={['keylist:write', 'project:read', 'finance:read']}><KeyListsPage /></Guarded>} />
                  <Route path="finance/loans" element={<Guarded permission={['finance:read']}><LoansPage /></Guarded>} />
                  <Route path="finance/loans/import" element={<Guarded permission={['finance:manage']}><LoanImportPage /></Guarded>} />
                  <Route path="key-enterprises/map" element={<Guarded permission={['keylist:write', 'project:read', 'finance:read']}><ChainMapPage /></Guarded>} />
                  <Route path="key-enterprises/import" element={<Guarded permission={['keylist:write']}><KeyListImportPage /></Guarded>} />
                  <Route path="leads" element={<Guarded permission={['lead:read']}><LeadsPage /></Guarded>} />
                  <Route path="leads/import" element={<Guarded permission={['lead:write']}><ImportPage kind="leads" /></Guarded>} />
                  <Route path="leads/activities" element={<Guarded permission={['lead:read']}><ActivitiesPage /></Guarded>} />
                  <Route path="leads/handoffs" element={<Guarded permission={['lead:read']}><HandoffsPage /></Guarded>} />
                  <Route path="leads/conflicts" element={<Guarded permission={['lead:arbitrate']}><ConflictsPage /></Guarded>} />
                  <Route path="leads/stats" element={<Guarded permission={['lead:read']}><LeadStatsPage /></Guarded>} />
                  <Route path="leads/:id" element={<Guarded permission={['lead:read']}><LeadDetailPage /></Guarded>} />
                  <Route path="dispatch" element={<Navigate to="/dispatch/board" replace />} />
                  <Route path="dispatch/board" element={<Guarded permission={['dispatch:read']}><BoardPage /></Guarded>} />
                  <Route path="dispatch/reports" element={<Guarded permission={['dispatch:read']}><ReportsPage /></Guarded>} />
                  <Route path="dispatch/warnings" element={<Guarded permission={['dispatch:read']}><WarningsPage /></Guarded>} />
                  <Route path="dispatch/key-projects" element={<Guarded permission={['dispatch:read']}><KeyProjectsPage /></Guarded>} />
                  <Route path="dispatch/forecast" element={<Guarded permission={['dispatch:read']}><ForecastPage /></Guarded>} />
                  <Route path="dispatch/import" element={<Guarded permission={['dispatch:write']}><DispatchImportPage /></Guarded>} />
                  <Route path="problems" element={<Guarded permission={['problem:read']}><ProblemsPage /></Guarded>} />
                  <Route path="problems/agenda" element={<Guarded permission={['problem:read']}><AgendaPage /></Guarded>} />
                  <Route path="problems/scorecard" element={<Guarded permission={['problem:read']}><ScorecardPage /></Guarded>} />
                  <Route path="problems/:id" element={<Guarded permission={['problem:read']}><ProblemDetailPage /></Guarded>} />
                  <Route path="portal" element={<Guarded permission={['problem:read']}><PortalPage /></Guarded>} />
                  <Route path="enterprises" element={<Guarded permission={['enterprise:write']}><EnterprisesPage /></Guarded>} />
                  <Route path="enterprise-registry" element={<Guarded permission={['project:read', 'keylist:write']}><RegistryPage /></Guarded>} />
                  <Route path="targets" element={<Guarded permission={['target:read']}><TargetsPage /></Guarded>} />
                  <Route path="targets/import" element={<Guarded permission={['target:write']}><TargetImportPage /></Guarded>} />
                  <Route path="rankings" element={<Guarded permission={['target:read']}><RankingsPage /></Guarded>} />
                  <Route path="notifications" element={<NotificationsPage />} />
                  <Route path="org" element={<Guarded permission={['org:read']}><OrgPage /></Guarded>} />
                  <Route path="admin/units" element={<Guarded permission={['system:unit:write']}><UnitsPage /></Guarded>} />
                  <Route path="admin/users" element={<Guarded permission={['system:user:read', 'security:user-role:write']}><UsersPage /></Guarded>} />
                  <Route path="admin/roles" element={<Guarded permission={['security:role:read']}><RolesPage /></Guarded>} />
                  <Route path="admin/settings" element={<Guarded permission={['system:setting:write', 'security:policy:write']}><SettingsPage /></Guarded>} />
                  <Route path="audit" element={<Guarded permission={['audit:read']}><AuditPage /></Guarded>} />
                  <Route path="*" element={<NotAllowed notFound />} />
                </Route>
              </Routes>
            </AuthProvider>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
