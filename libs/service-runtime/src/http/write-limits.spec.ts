import 'reflect-metadata';
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { of } from 'rxjs';
import { loadConfig } from '@bishan/config';
import { ProblemException } from './problem-details.filter';
import { MinuteCounter, WriteRateLimitInterceptor } from './write-limits';

function call(interceptor: WriteRateLimitInterceptor, method: string, actorId: string | null, ip = '10.0.0.1') {
  const headers: Record<string, string> = {};
  const request = { method, ip, ...(actorId ? { actor: { id: actorId, role: 'resident' } } : {}) };
  const reply = { header: (name: string, value: string) => void (headers[name] = value) };
  const context = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }) } as unknown as ExecutionContext;
  const handler: CallHandler = { handle: () => of('done') };
  try {
    interceptor.intercept(context, handler);
    return { status: 200, headers };
  } catch (error) {
    if (!(error instanceof ProblemException)) return { status: 500, headers };
    return { status: error.problem.status, headers: { ...headers, 'retry-after': String(error.retryAfterSeconds) } };
  }
}

describe('write limits', () => {
  const config = loadConfig({ RATE_LIMIT_WRITES_PER_PERSON_PER_MINUTE: '3', RATE_LIMIT_WRITES_PER_ADDRESS_PER_MINUTE: '5' });

  it('answers 429 with Retry-After past the per-person limit, and counts each person apart', () => {
    const interceptor = new WriteRateLimitInterceptor(config);
    const statuses = Array.from({ length: 4 }, (_, i) => call(interceptor, 'POST', 'r-1', `10.0.0.${i}`).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = call(interceptor, 'POST', 'r-1', '10.0.9.9');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(call(interceptor, 'POST', 'r-2', '10.0.9.8').status).toBe(200);
  });

  it('limits one address whoever signs, and never counts reads', () => {
    const interceptor = new WriteRateLimitInterceptor(config);
    const statuses = ['a', 'b', 'c', 'd', 'e', 'f'].map((person) => call(interceptor, 'PUT', person, '192.0.2.1').status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(call(interceptor, 'POST', null, '192.0.2.1').status).toBe(429);
    expect(Array.from({ length: 20 }, () => call(interceptor, 'GET', 'a', '192.0.2.1').status).every((s) => s === 200)).toBe(true);
  });

  it('starts afresh each minute', () => {
    const counter = new MinuteCounter();
    const t0 = Date.parse('2026-12-04T10:00:10Z');
    expect(counter.take('k', 1, t0)).toBeNull();
    expect(counter.take('k', 1, t0 + 1000)).toBe(49);
    expect(counter.take('k', 1, t0 + 50_000)).toBeNull();
  });
});
