import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { AccountPage } from '../features/account/AccountPage';
import { AuditPage } from '../features/audit/AuditPage';
import { ForcedChangePage } from '../features/auth/ForcedChangePage';
import { LoginPage } from '../features/auth/LoginPage';
import { BoardPage } from '../features/dispatch/BoardPage';
import { ForecastPage } from '../features/dispatch/ForecastPage';
import { DispatchImportPage } from '../features/dispatch/ImportPage';
import { KeyProjectsPage } from '../features/dispatch/KeyProjectsPage';
import { ReportsPage } from '../features/dispatch/ReportsPage';
import { WarningsPage } from '../features/dispatch/WarningsPage';
import { TargetImportPage } from '../features/targets/ImportPage';
import { TargetsPage } from '../features/targets/TargetsPage';
import { RankingsPage } from '../features/rankings/RankingsPage';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { EnterprisesPage } from '../features/enterprises/EnterprisesPage';
import { RegistryPage } from '../features/enterprises/RegistryPage';
import { HomePage } from '../features/home/HomePage';
import { NotificationsPage } from '../features/notifications/NotificationsPage';
import { OrgPage } from '../features/org/OrgPage';
import { ProjectDetailPage } from '../features/projects/ProjectDetailPage';
import { ProjectsPage } from '../features/projects/ProjectsPage';
import { ImportPage } from '../features/projects/ImportPage';
import { ChainsPage } from '../features/projects/ChainsPage';
import { FinancePage } from '../features/finance/FinancePage';
import { KeyListImportPage } from '../features/finance/KeyListImportPage';
import { KeyListsPage } from '../features/finance/KeyListsPage';
import { ChainMapPage } from '../features/finance/ChainMapPage';
import { LoanImportPage } from '../features/finance/LoanImportPage';
import { LoansPage } from '../features/finance/LoansPage';
import { ActivitiesPage } from '../features/leads/ActivitiesPage';
import { ConflictsPage } from '../features/leads/ConflictsPage';
import { HandoffsPage } from '../features/leads/HandoffsPage';
import { LeadDetailPage } from '../features/leads/LeadDetailPage';
import { LeadsPage } from '../features/leads/LeadsPage';
import { LeadStatsPage } from '../features/leads/LeadStatsPage';
import { AgendaPage } from '../features/problems/AgendaPage';
import { isEnterpriseContact } from '../features/problems/api';
import { PortalPage } from '../features/problems/PortalPage';
import { ProblemDetailPage } from '../features/problems/ProblemDetailPage';
import { ProblemsPage } from '../features/problems/ProblemsPage';
import { ScorecardPage } from '../features/problems/ScorecardPage';
import { RolesPage } from '../features/roles/RolesPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { UnitsPage } from '../features/units/UnitsPage';
import { UsersPage } from '../features/users/UsersPage';
import { AppLayout } from './AppLayout';
import { AuthProvider, useAuth } from './auth';
import { NotAllowed } from './NotAllowed';

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
  if (loading) return <Spin size="large" style={{ display: 'block', margin: '30vh auto' }} />;
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
