import { ConfigError } from '@bishan/config';
import { loadWebConfig } from './web-config';

describe('the console configuration', () => {
  const oidc = {
    AUTH_MODE: 'oidc',
    OIDC_ISSUER: 'https://id.example',
    OIDC_AUDIENCE: 'bishan-case-api',
    OIDC_JWKS_URL: 'https://id.example/jwks',
  };

  it('has no OIDC client with the development login', () => {
    expect(loadWebConfig({}).oidc).toBeNull();
  });

  it('stops with a line naming each missing OIDC client variable', () => {
    const attempt = () => loadWebConfig({ ...oidc, OIDC_REDIRECT_URL: 'https://console.example/auth/oidc/callback' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/OIDC_CLIENT_ID: required when AUTH_MODE=oidc/);
    expect(attempt).not.toThrow(/OIDC_REDIRECT_URL/);
  });

  it('carries the issuer and the client registration when complete', () => {
    const config = loadWebConfig({
      ...oidc,
      OIDC_CLIENT_ID: 'bishan-console',
      OIDC_CLIENT_SECRET: 's3cret',
      OIDC_REDIRECT_URL: 'https://console.example/auth/oidc/callback',
      OIDC_SCOPES: 'openid profile email',
    });
    expect(config.oidc).toEqual({
      issuer: 'https://id.example',
      audience: 'bishan-case-api',
      jwksUrl: 'https://id.example/jwks',
      adminIds: ['admin'],
      client: {
        clientId: 'bishan-console',
        clientSecret: 's3cret',
        redirectUrl: 'https://console.example/auth/oidc/callback',
        scopes: ['openid', 'profile', 'email'],
        postLogoutRedirectUrl: 'https://console.example/',
      },
    });
    expect(config.client).toMatchObject({ authMode: 'oidc', oidcIssuer: 'https://id.example' });
    // The redirect URL is https: the console is served over TLS.
    expect(config.tls).toBe(true);
  });

  it('keeps sessions in the shared database, with a session key made per process outside production', () => {
    const config = loadWebConfig({ DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/bishan' });
    expect(config.databaseUrl).toBe('postgresql://u:p@127.0.0.1:5432/bishan');
    expect(config.tls).toBe(false);
    expect(config.session.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(loadWebConfig({}).session.secret).not.toBe(config.session.secret);
    const secret = 'f3a9c1e07b2d4c58a6e1f09d3b7c2a4e5d6f7081';
    expect(loadWebConfig({ SESSION_SECRET: secret, SESSION_PREVIOUS_SECRET: `${secret}9` }).session).toEqual({
      secret,
      previousSecret: `${secret}9`,
    });
  });

  it('in production: needs the session key and an https origin, and refuses the development login', () => {
    const production = { ...oidc, NODE_ENV: 'production', AUDIT_KEYS: 'k1:9d0c7e2b51a84f63a1e7b9c04d2f68e3b5a1c7d9', AUDIT_ANCHOR_FILE: '/var/lib/bishan/anchors.jsonl', OIDC_CLIENT_ID: 'c', OIDC_REDIRECT_URL: 'https://console.example/auth/oidc/callback' };
    const secret = 'f3a9c1e07b2d4c58a6e1f09d3b7c2a4e5d6f7081';
    expect(() => loadWebConfig(production)).toThrow(/SESSION_SECRET: required with NODE_ENV=production.*WEB_PUBLIC_URL/);
    expect(() => loadWebConfig({ ...production, SESSION_SECRET: secret, WEB_PUBLIC_URL: 'http://console.example' })).toThrow(
      /WEB_PUBLIC_URL: with NODE_ENV=production the console's https:\/\/ origin/,
    );
    expect(loadWebConfig({ ...production, SESSION_SECRET: secret, WEB_PUBLIC_URL: 'https://console.example' })).toMatchObject({
      tls: true,
      nodeEnv: 'production',
    });
    expect(() => loadWebConfig({ NODE_ENV: 'production', AUDIT_KEYS: 'k1:9d0c7e2b51a84f63a1e7b9c04d2f68e3b5a1c7d9', AUDIT_ANCHOR_FILE: '/var/lib/bishan/anchors.jsonl', SESSION_SECRET: secret, WEB_PUBLIC_URL: 'https://console.example' })).toThrow(
      /AUTH_MODE: the development login is refused/,
    );
  });
});
