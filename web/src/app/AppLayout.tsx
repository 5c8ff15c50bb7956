import { DownOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Drawer, Dropdown, Grid, Layout, Menu, Space, Tag, Typography } from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { isEnterpriseContact } from '../features/problems/api';
import { useAuth } from './auth';
import { LanguageSwitch, PageLoading, usePublicInfo } from './basics';
import { visibleMenu, type MenuEntry } from './menu';

const { Header, Sider, Content } = Layout;

export function AppLayout() {
  const { t } = useTranslation();
  const { me, can, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const info = usePublicInfo();
  const enterprise = isEnterpriseContact(me);
  const entries = useMemo(() => visibleMenu((p) => can(p), enterprise, undefined, me), [can, enterprise, me]);
  // On a phone the menu is a drawer behind a button (one hand, the whole width for the page); the
  // header keeps the short name, the bell, the language and the user. A tablet keeps the icon sider.
  const screens = Grid.useBreakpoint();
  const narrow = screens.md === false;
  const collapsed = screens.lg === false;
  const [drawer, setDrawer] = useState(false);

  const toItems = (list: MenuEntry[]): NonNullable<Parameters<typeof Menu>[0]['items']> =>
    list.map((e) => (e.children ? { key: e.key, icon: e.icon, label: t(e.labelKey), children: toItems(e.children) } : { key: e.path!, icon: e.icon, label: t(e.labelKey) }));
  // The group of the page opened (a link from the workbench or a notification) starts open.
  const openGroups = ['system', ...entries.filter((e) => e.children?.some((c) => c.path && location.pathname.startsWith(c.path))).map((e) => e.key)];
  // The entry whose path matches the most: /problems/agenda lights 调度会议题, not 问题清单 as well.
  const matching = entries.flatMap((e) => e.children ?? [e]).filter((e) => e.path && (e.path === '/' ? location.pathname === '/' : location.pathname === e.path || location.pathname.startsWith(`${e.path}/`)));
  const selected = matching.sort((a, b) => b.path!.length - a.path!.length).slice(0, 1).map((e) => e.path!);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {narrow ? (
        <Drawer open={drawer} placement="left" width={260} onClose={() => setDrawer(false)} closable={false} styles={{ body: { padding: 0, background: '#001529' } }} data-testid="menu-drawer">
          <div style={{ height: 56, display: 'flex', alignItems: 'center', paddingLeft: 24, color: '#fff', fontWeight: 700, fontSize: 16, letterSpacing: 1 }}>{t('app.shortName')}</div>
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={selected}
            defaultOpenKeys={openGroups}
            items={toItems(entries)}
            onClick={(e) => {
              setDrawer(false);
              navigate(e.key);
            }}
            data-testid="side-menu"
          />
        </Drawer>
      ) : (
        <Sider width={208} breakpoint="lg" collapsedWidth={64} theme="dark">
          <div style={{ height: 56, display: 'flex', alignItems: 'center', justifyContent: 'center', color: '#fff', fontWeight: 700, fontSize: 16, letterSpacing: 1 }}>
            {collapsed ? t('app.mark') : t('app.shortName')}
          </div>
          <Menu theme="dark" mode="inline" selectedKeys={selected} defaultOpenKeys={openGroups} items={toItems(entries)} onClick={(e) => navigate(e.key)} data-testid="side-menu" />
        </Sider>
      )}
      <Layout>
        <Header style={{ background: '#fff', padding: narrow ? '0 12px' : '0 20px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', borderBottom: '1px solid #f0f0f0' }}>
          <Space align="center" style={{ minWidth: 0 }}>
            {narrow && <Button type="text" icon={<MenuOutlined />} onClick={() => setDrawer(true)} aria-label={t('app.openMenu')} data-testid="menu-button" />}
            <Typography.Text strong style={{ fontSize: 16, whiteSpace: 'nowrap' }}>
              {narrow ? t('app.mark') : (info.data?.platformName ?? t('app.name'))}
            </Typography.Text>
            {info.data?.demo && <Tag color="orange">{t('app.demoTag')}</Tag>}
          </Space>
          <Space size={narrow ? 'small' : 'large'} style={{ flexShrink: 0 }}>
            <NotificationBell />
            <LanguageSwitch />
            <Dropdown
              menu={{
                items: [
                  { key: 'account', icon: <UserOutlined />, label: t('menu.account'), onClick: () => navigate('/account') },
                  { key: 'logout', icon: <LogoutOutlined />, label: t('auth.logout'), onClick: () => void logout().then(() => navigate('/login')) },
                ],
              }}
            >
              <a data-testid="user-menu" style={{ color: 'inherit', whiteSpace: 'nowrap' }}>
                <Space size={4}>
                  {me?.displayName}
                  {!narrow && <Typography.Text type="secondary">{me?.unitName}</Typography.Text>}
                  <DownOutlined />
                </Space>
              </a>
            </Dropdown>
          </Space>
        </Header>
        <Content style={{ margin: narrow ? 8 : 16 }}>
          {/* A page's code arrives on first use; the shell stays while it does. */}
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
