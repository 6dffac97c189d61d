import { loadConfig } from '@bishan/config';
import { repeatDevLoginWarning } from './dev-login-warning';

describe('the development login warning in production', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('warns at start and once a minute after, until stopped', () => {
    const config = loadConfig({ NODE_ENV: 'production', AUDIT_KEYS: 'k1:9d0c7e2b51a84f63a1e7b9c04d2f68e3b5a1c7d9', AUDIT_ANCHOR_FILE: '/var/lib/bishan/anchors.jsonl', ALLOW_DEV_LOGIN: '1', DEV_AUTH_SECRET: 'f3a9c1e07b2d4c58a6e1f09d3b7c2a4e5d6f7081' });
    const warnings: string[] = [];
    const stop = repeatDevLoginWarning(config, (message) => warnings.push(message));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/development login is on in production/);
    jest.advanceTimersByTime(59_999);
    expect(warnings).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(warnings).toHaveLength(2);
    jest.advanceTimersByTime(120_000);
    expect(warnings).toHaveLength(4);
    stop();
    jest.advanceTimersByTime(600_000);
    expect(warnings).toHaveLength(4);
  });

  it('says nothing outside production or with an issuer', () => {
    const warnings: string[] = [];
    repeatDevLoginWarning(loadConfig({}), (message) => warnings.push(message));
    repeatDevLoginWarning(
      loadConfig({ NODE_ENV: 'production', AUDIT_KEYS: 'k1:9d0c7e2b51a84f63a1e7b9c04d2f68e3b5a1c7d9', AUDIT_ANCHOR_FILE: '/var/lib/bishan/anchors.jsonl', AUTH_MODE: 'oidc', OIDC_ISSUER: 'https://id.example', OIDC_AUDIENCE: 'a', OIDC_JWKS_URL: 'https://id.example/jwks' }),
      (message) => warnings.push(message),
    );
    jest.advanceTimersByTime(600_000);
    expect(warnings).toEqual([]);
  });
});
