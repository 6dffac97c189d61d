import { Button, ConfigProvider, Dropdown, Grid, Layout, Menu, Result, Space, Spin, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import type { ReactElement } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { useSession } from './api/client';
import { DirectoryProvider } from './api/organisation';
import { LanguageProvider, useI18n } from './i18n';
import { homePathOf, navFor, navItems } from './navigation';
import { CasePage } from './pages/CasePage';
import { DashboardPage } from './pages/DashboardPage';
import { InboxPage } from './pages/InboxPage';
import { LocalPage } from './pages/LocalPage';
import { LoginPage } from './pages/LoginPage';
import { MeetingsPage } from './pages/MeetingsPage';
import { MediationsPage } from './pages/MediationsPage';
import { DutiesPage } from './pages/DutiesPage';
import { LedgerReviewsPage } from './pages/LedgerReviewsPage';
import { OpsPage } from './pages/OpsPage';
import { ResidentPage } from './pages/ResidentPage';
import { SupervisorPage } from './pages/SupervisorPage';
import { TriagePage } from './pages/TriagePage';
import { SessionProvider } from './api/client';

const pages: Record<string, () => ReactElement> = {
  '/resident': ResidentPage,
  '/local': LocalPage,
  '/meetings': MeetingsPage,
  '/mediations': MediationsPage,
  '/duties': DutiesPage,
  '/ledger-reviews': LedgerReviewsPage,
  '/triage': TriagePage,
  '/inbox': InboxPage,
  '/supervisor': SupervisorPage,
  '/dashboard': DashboardPage,
  '/ops': OpsPage,
};

function Shell() {
  const { session, checked, signOut } = useSession();
  const { t, language, setLanguage, roleName } = useI18n();
  const screens = Grid.useBreakpoint();
  const navigate = useNavigate();
  const location = useLocation();
  const languageSwitch = (
    <Button size="small" onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')} data-testid="language-switch" lang={language === 'zh' ? 'en' : 'zh'}>
      {t('language')}
    </Button>
  );

  // Until the console server has answered whether this browser is signed in: neither login nor pages.
  if (!checked) return <Spin fullscreen />;

  if (!session) {
    return (
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', paddingInline: 12 }}>
          <Typography.Text strong style={{ color: '#fff' }}>
            {t('appTitle')}
          </Typography.Text>
          {languageSwitch}
        </Layout.Header>
        <Layout.Content>
          <Routes>
            <Route path="*" element={<LoginPage />} />
          </Routes>
        </Layout.Content>
      </Layout>
    );
  }

  const role = session.actor.role;
  const items = navFor(role);
  // On a phone the header keeps the menu, language and sign-out within the screen's width: the
  // title gives way and the signed-in person's name is cut short (in full in the tooltip).
  const narrow = !screens.md;
  const selected = items.find((item) => location.pathname.startsWith(item.path))?.path;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 8, paddingInline: 12 }}>
        {narrow ? null : (
          <Typography.Text strong style={{ color: '#fff', whiteSpace: 'nowrap' }}>
            {t('appTitle')}
          </Typography.Text>
        )}
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={selected ? [selected] : []}
          style={{ flex: 1, minWidth: 0 }}
          items={items.map((item) => ({ key: item.path, label: t(item.label) }))}
          onClick={({ key }) => void navigate(key)}
          data-testid="nav"
        />
        <Space size={6}>
          {languageSwitch}
          <Dropdown
            menu={{
              items: [{ key: 'logout', label: t('logout') }],
              onClick: () => {
                signOut();
                void navigate('/', { replace: true });
              },
            }}
          >
            <Button
              size="small"
              data-testid="user-menu"
              title={`${session.actor.name ?? session.actor.id} · ${roleName(role)}`}
              style={{ maxWidth: narrow ? 120 : 280 }}
            >
              <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>
                {session.actor.name ?? session.actor.id} · {roleName(role)}
              </span>
            </Button>
          </Dropdown>
          <Button
            size="small"
            type="text"
            style={{ color: '#fff' }}
            data-testid="logout"
            onClick={() => {
              signOut();
              void navigate('/', { replace: true });
            }}
          >
            {t('logout')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 12 }}>
        <Routes>
          <Route path="/" element={<Navigate to={homePathOf(role)} replace />} />
          <Route path="/cases/:id" element={<CasePage />} />
          {navItems.map((item) => {
            const Page = pages[item.path];
            return (
              <Route
                key={item.path}
                path={item.path}
                element={
                  Page && items.includes(item) ? <Page /> : <Result status="403" title={t('forbiddenArea')} />
                }
              />
            );
          })}
          <Route path="*" element={<Result status="404" title={t('notFound')} />} />
        </Routes>
      </Layout.Content>
    </Layout>
  );
}

function Localised() {
  const { language } = useI18n();
  dayjs.locale(language === 'zh' ? 'zh-cn' : 'en');
  return (
    <ConfigProvider locale={language === 'zh' ? zhCN : enUS} theme={{ token: { colorPrimary: '#b7282e' } }}>
      <DirectoryProvider>
        <BrowserRouter>
          <Shell />
        </BrowserRouter>
      </DirectoryProvider>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <LanguageProvider>
      <SessionProvider>
        <Localised />
      </SessionProvider>
    </LanguageProvider>
  );
}
