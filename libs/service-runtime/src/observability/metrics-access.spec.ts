import Fastify from 'fastify';
import type { Logger } from '@nestjs/common';
import { loadConfig } from '@bishan/config';
import { installHttpObservability } from './http-observability';

const quiet = { log: () => undefined } as unknown as Logger;
const token = '5f0c9a7e3b1d48e2a6c4f8b0d2e7a9c1f3b5d7e9';

async function metricsWith(access?: { enabled: boolean; token: string | null }) {
  const app = Fastify();
  installHttpObservability(app, quiet, access);
  const get = async (authorization?: string) =>
    (await app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} })).statusCode;
  return { app, get };
}

describe('GET /metrics', () => {
  it('is open on loopback development, as before', async () => {
    const { app, get } = await metricsWith(loadConfig({}).metrics);
    expect(await get()).toBe(200);
    await app.close();
  });

  it('is off in production unless a token is set, and then asks for it', async () => {
    const production = { NODE_ENV: 'production', AUTH_MODE: 'oidc', OIDC_ISSUER: 'https://id.example', OIDC_AUDIENCE: 'a', OIDC_JWKS_URL: 'https://id.example/jwks', AUDIT_KEYS: 'k1:9d0c7e2b51a84f63a1e7b9c04d2f68e3b5a1c7d9', AUDIT_ANCHOR_FILE: '/var/lib/bishan/anchors.jsonl' };
    const off = await metricsWith(loadConfig(production).metrics);
    expect(await off.get()).toBe(404);
    expect(await off.get(`Bearer ${token}`)).toBe(404);
    await off.app.close();

    const guarded = await metricsWith(loadConfig({ ...production, METRICS_TOKEN: token }).metrics);
    expect(await guarded.get()).toBe(401);
    expect(await guarded.get(`Bearer ${token.slice(0, -1)}x`)).toBe(401);
    expect(await guarded.get(`Bearer ${token}`)).toBe(200);
    await guarded.app.close();
    expect(() => loadConfig({ ...production, METRICS_TOKEN: 'example-metrics-token-0123456789abcdef' })).toThrow(
      /METRICS_TOKEN: looks like a placeholder/,
    );
  });
});
