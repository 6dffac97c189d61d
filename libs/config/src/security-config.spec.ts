import { loadConfig } from './app-config';

const production = {
  NODE_ENV: 'production',
  AUTH_MODE: 'oidc',
  OIDC_ISSUER: 'https://id.bishan.example',
  OIDC_AUDIENCE: 'bishan',
  OIDC_JWKS_URL: 'https://id.bishan.example/jwks',
};

describe('limits, audit keys and webhook settings', () => {
  it('has limits meant for people by default, and a development audit key outside production', () => {
    const config = loadConfig({});
    expect(config.limits).toMatchObject({ writesPerPersonPerMinute: 30, raisesPerResidentPerDay: 10, streamsPerPerson: 3 });
    expect(config.webhooks).toEqual({ allowedHosts: ['qyapi.weixin.qq.com', 'oapi.dingtalk.com'], allowLoopback: false });
    expect(config.audit.signingKeyId).toBe('development');
  });

  it('refuses production without audit keys, and the loopback webhook switch in production', () => {
    expect(() => loadConfig(production)).toThrow(/AUDIT_KEYS: required in production/);
    expect(() =>
      loadConfig({ ...production, AUDIT_KEYS: `k1:${'s'.repeat(32)}`, NOTIFY_WEBHOOK_ALLOW_LOOPBACK: 'true' }),
    ).toThrow(/NOTIFY_WEBHOOK_ALLOW_LOOPBACK: a test switch: refused in production/);
  });

  it('anchors to .local/audit outside production; in production only to a named file, and never off', () => {
    expect(loadConfig({}).audit).toMatchObject({ anchorFile: expect.stringMatching(/\/\.local\/audit\/anchors\.jsonl$/), anchorIntervalSeconds: 300 });
    const keyed = { ...production, AUDIT_KEYS: `k1:${'s'.repeat(32)}` };
    expect(() => loadConfig(keyed)).toThrow(/AUDIT_ANCHOR_FILE: required in production/);
    expect(() => loadConfig({ ...keyed, AUDIT_ANCHOR_FILE: '/var/lib/bishan/anchors.jsonl', AUDIT_ANCHOR_INTERVAL_SECONDS: '0' })).toThrow(
      /AUDIT_ANCHOR_INTERVAL_SECONDS: anchoring cannot be off in production/,
    );
    expect(loadConfig({ ...keyed, AUDIT_ANCHOR_FILE: '/var/lib/bishan/anchors.jsonl' }).audit.anchorFile).toBe('/var/lib/bishan/anchors.jsonl');
  });

  it('signs with the named key and keeps the older ones for verifying', () => {
    const config = loadConfig({ AUDIT_KEYS: `2026a:${'a'.repeat(32)},2026b:${'b'.repeat(32)}`, AUDIT_KEY_ID: '2026b' });
    expect(config.audit.signingKeyId).toBe('2026b');
    expect(config.audit.keys.map((k) => k.id)).toEqual(['2026a', '2026b']);
    expect(() => loadConfig({ AUDIT_KEYS: 'k1:short' })).toThrow(/at least 32 characters/);
    expect(() => loadConfig({ AUDIT_KEYS: `k1:${'a'.repeat(32)}`, AUDIT_KEY_ID: 'k2' })).toThrow(/AUDIT_KEY_ID/);
    expect(() => loadConfig({ NOTIFY_WEBHOOK_ALLOW_LOOPBACK: 'yes' })).toThrow(/NOTIFY_WEBHOOK_ALLOW_LOOPBACK/);
  });
});
