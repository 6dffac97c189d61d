import { ConfigError, loadConfig } from './app-config';
import { devLoginWarning, isDefaultSecret } from './auth-safety';

const secret = 'f3a9c1e07b2d4c58a6e1f09d3b7c2a4e5d6f7081';
/** What production needs besides authentication (the audit chains' keys), so only auth decides here. */
const production = { NODE_ENV: 'production', AUDIT_KEYS: 'k1:9d0c7e2b51a84f63a1e7b9c04d2f68e3b5a1c7d9', AUDIT_ANCHOR_FILE: '/var/lib/bishan/anchors.jsonl' };
const oidc = {
  AUTH_MODE: 'oidc',
  OIDC_ISSUER: 'https://id.example',
  OIDC_AUDIENCE: 'case-api',
  OIDC_JWKS_URL: 'https://id.example/jwks.json',
};

describe('authentication in production', () => {
  it('refuses the development login with NODE_ENV=production, also when it is the default', () => {
    for (const env of [production, { ...production, AUTH_MODE: 'development', DEV_AUTH_SECRET: secret }]) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(/AUTH_MODE: the development login is refused with NODE_ENV=production/);
    }
  });

  it('runs it only with ALLOW_DEV_LOGIN=1 and a real secret of its own', () => {
    const optIn = { ...production, ALLOW_DEV_LOGIN: '1' };
    expect(() => loadConfig(optIn)).toThrow(/DEV_AUTH_SECRET: required with NODE_ENV=production/);
    expect(() => loadConfig({ ...optIn, DEV_AUTH_SECRET: 'change-me-change-me-change-me-change-me' })).toThrow(
      /DEV_AUTH_SECRET: looks like a placeholder/,
    );
    expect(() => loadConfig({ ...optIn, DEV_AUTH_SECRET: 'x'.repeat(40) })).toThrow(/DEV_AUTH_SECRET: looks like a placeholder/);
    expect(() => loadConfig({ ...optIn, ALLOW_DEV_LOGIN: 'yes' })).toThrow(/ALLOW_DEV_LOGIN: must be '1'/);
    expect(() => loadConfig({ ...optIn, ALLOW_DEV_LOGIN: '0', DEV_AUTH_SECRET: secret })).toThrow(/AUTH_MODE/);
    expect(loadConfig({ ...optIn, DEV_AUTH_SECRET: secret }).auth.mode).toBe('development');
  });

  it('takes an issuer in production, and refuses a placeholder for any secret', () => {
    expect(loadConfig({ ...production, ...oidc }).auth.mode).toBe('oidc');
    expect(() => loadConfig({ ...production, ...oidc, OIDC_CLIENT_SECRET: 'example-client-secret' })).toThrow(
      /OIDC_CLIENT_SECRET: looks like a placeholder/,
    );
    expect(() =>
      loadConfig({ ...production, ...oidc, SESSION_SECRET: 'insecure-default-session-secret-0123456789' }),
    ).toThrow(/SESSION_SECRET: looks like a placeholder/);
  });

  it('changes nothing outside production, where npm start and the test stacks run', () => {
    for (const NODE_ENV of [undefined, 'development', 'test']) {
      expect(loadConfig({ NODE_ENV }).auth.mode).toBe('development');
      expect(loadConfig({ NODE_ENV, DEV_AUTH_SECRET: 'x'.repeat(40) }).auth).toMatchObject({ devSecret: 'x'.repeat(40) });
    }
  });

  it('tells random secrets from placeholders', () => {
    expect(isDefaultSecret(secret)).toBe(false);
    expect(isDefaultSecret('Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1Njc4OTBhYmNk')).toBe(false);
    for (const placeholder of ['secretsecretsecretsecretsecretsecret', 'please-change-me-before-going-live!!', 'an example secret of 32 characters'])
      expect(isDefaultSecret(placeholder)).toBe(true);
  });

  it('has a warning only for the development login in production', () => {
    expect(devLoginWarning({ env: 'production', auth: { mode: 'development' } })).toMatch(/ALLOW_DEV_LOGIN=1/);
    expect(devLoginWarning({ env: 'production', auth: { mode: 'oidc' } })).toBeNull();
    expect(devLoginWarning({ env: 'development', auth: { mode: 'development' } })).toBeNull();
  });

  it('reads who may be an administrator', () => {
    expect(loadConfig({}).auth.adminIds).toEqual(['admin']);
    expect(loadConfig({ AUTH_ADMIN_IDS: 'ops-1, ops-2' }).auth.adminIds).toEqual(['ops-1', 'ops-2']);
  });
});
