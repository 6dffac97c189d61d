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
      client: {
        clientId: 'bishan-console',
        clientSecret: 's3cret',
        redirectUrl: 'https://console.example/auth/oidc/callback',
        scopes: ['openid', 'profile', 'email'],
        postLogoutRedirectUrl: 'https://console.example/',
      },
    });
    expect(config.client).toMatchObject({ authMode: 'oidc', oidcIssuer: 'https://id.example' });
  });
});
