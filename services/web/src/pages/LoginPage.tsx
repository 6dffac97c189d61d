import { Alert, Button, Card, Divider, Form, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiProblem, queryString, useSession, type ProblemDocument, type Session } from '../api/client';
import { useDirectory } from '../api/organisation';
import { ProblemAlert, applyProblem } from '../components/problem';
import { useI18n, type MessageKey } from '../i18n';
import { homePathOf, personRoles } from '../navigation';


/** The console server's failure codes (services/web/server/oidc/oidc-login.ts) and their wording. */
const oidcErrorMessages: Record<string, MessageKey> = {
  denied: 'oidcErrorDenied',
  'bad-state': 'oidcErrorBadState',
  'issuer-unreachable': 'oidcErrorIssuerUnreachable',
  'token-refused': 'oidcErrorTokenRefused',
  'id-token-invalid': 'oidcErrorIdTokenInvalid',
  'access-token-refused': 'oidcErrorAccessTokenRefused',
};

/**
 * What the page was loaded with, wiped from the address bar at once. The login page takes it on its
 * first mount only: after a logout in the same page load it must not show the old failure again.
 */
let landing = new URLSearchParams(window.location.search);
if (landing.has('oidcError')) window.history.replaceState(null, '', window.location.pathname);

/**
 * The OIDC button, and the end of a failed sign-in: the server's callback comes back with
 * `?oidcError=<code>` (a successful one has already opened the session). Only the page's own words
 * for the code are shown: `oidcDetail` comes from a URL anyone can craft, so it is not displayed
 * (the console server logs the real reason).
 */
function OidcLogin() {
  const { t } = useI18n();
  const [arrival] = useState(() => landing);
  const [failure] = useState<string | null>(() => {
    const code = arrival.get('oidcError');
    return code ? t(oidcErrorMessages[code] ?? 'oidcFailed') : null;
  });
  useEffect(() => {
    landing = new URLSearchParams();
  }, []);

  return (
    <>
      {failure ? (
        <Alert type="error" showIcon role="alert" data-testid="oidc-error" title={failure} style={{ marginBottom: 12 }} />
      ) : null}
      {/* A full navigation: the server redirects on to the issuer with this sign-in's state and PKCE challenge. */}
      <Button type="primary" block href="/auth/oidc/login" data-testid="oidc-login">
        {t('oidcLogin')}
      </Button>
    </>
  );
}

/** A call to the console server's own development login routes (not proxied: the session is its). */
async function consoleAuth<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, { ...init, credentials: 'same-origin', headers: { accept: 'application/json', ...init.headers } });
  const body = (await response.json().catch(() => ({}))) as unknown;
  if (!response.ok) throw new ApiProblem(response.status, body as ProblemDocument);
  return body as T;
}

interface DevUser {
  id: string;
  name: string;
  roles: string[];
  scope: { townId?: string; villageId?: string; departmentId?: string };
}

export function LoginPage() {
  const { t, roleName } = useI18n();
  const { signIn } = useSession();
  const { organisation, settings, townName, villageName, departmentName } = useDirectory();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ role: string; townId?: string; userId: string }>();
  const role = Form.useWatch('role', form);
  const townId = Form.useWatch('townId', form);
  const [users, setUsers] = useState<DevUser[]>([]);
  const [loadingUsers, setLoadingUsers] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!role) return undefined;
    const controller = new AbortController();
    setLoadingUsers(true);
    consoleAuth<{ items: DevUser[] }>(`/auth/dev-users${queryString({ role, townId, limit: 200 })}`, { signal: controller.signal })
      .then(
        (page) => {
          setUsers(page.items);
          setLoadingUsers(false);
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          setLoadingUsers(false);
          setProblem(error instanceof Error ? error.message : String(error));
        },
      );
    return () => controller.abort();
  }, [role, townId]);

  const scopeOf = (user: DevUser) =>
    [
      user.scope.departmentId && departmentName(user.scope.departmentId),
      user.scope.townId && townName(user.scope.townId),
      user.scope.villageId && villageName(user.scope.villageId),
    ]
      .filter(Boolean)
      .join(' · ');

  const submit = async (values: { role: string; userId: string }) => {
    setBusy(true);
    setProblem(null);
    try {
      // The console server signs in with the case API and keeps the token; the browser gets the session.
      const session = await consoleAuth<Session>('/auth/dev-login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: values.userId, role: values.role }),
      });
      signIn(session);
      void navigate(homePathOf(session.actor.role), { replace: true });
    } catch (error) {
      setProblem(applyProblem(form, error, ['userId', 'role']));
      if (error instanceof ApiProblem && error.status === 404) form.setFields([{ name: 'userId', errors: [error.message] }]);
    } finally {
      setBusy(false);
    }
  };

  const oidc = settings?.authMode === 'oidc';
  return (
    <div style={{ maxWidth: 440, margin: '24px auto', padding: '0 12px' }}>
      <Card title={t('loginTitle')}>
        {oidc ? (
          <OidcLogin />
        ) : (
          <>
            <Typography.Paragraph type="secondary">{t('loginHint')}</Typography.Paragraph>
            <ProblemAlert message={problem} />
            <Form form={form} layout="vertical" onFinish={(values) => void submit(values)} name="login">
              <Form.Item name="role" label={t('role')} rules={[{ required: true, message: `${t('role')}: ${t('required')}` }]}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  data-testid="login-role"
                  options={personRoles.map((r) => ({ value: r, label: `${roleName(r)} (${r})` }))}
                  onChange={() => form.setFieldValue('userId', undefined)}
                />
              </Form.Item>
              <Form.Item name="townId" label={t('town')}>
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  options={organisation?.towns.map((town) => ({ value: town.id, label: town.name }))}
                  onChange={() => form.setFieldValue('userId', undefined)}
                />
              </Form.Item>
              <Form.Item name="userId" label={t('user')} rules={[{ required: true, message: `${t('user')}: ${t('required')}` }]}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={loadingUsers}
                  disabled={!role}
                  data-testid="login-user"
                  options={users.map((user) => ({
                    value: user.id,
                    label: `${user.name} · ${user.id}${scopeOf(user) ? ` · ${scopeOf(user)}` : ''}`,
                  }))}
                />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
                {t('login')}
              </Button>
            </Form>
          </>
        )}
        <Divider />
        <Typography.Text type="secondary">{organisation?.district.name ?? ''}</Typography.Text>
      </Card>
    </div>
  );
}
