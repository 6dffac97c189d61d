import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { HEALTH_CHECKS } from './tokens';

/**
 * A named dependency probe; it throws when the dependency is not usable, and answers `degraded(…)`
 * when the service works but something needs a person soon (the holiday data running out).
 */
export type HealthChecks = Record<string, () => Promise<unknown>>;

const DEGRADED = Symbol('degraded');

/** What a check answers when the service still works but someone must act soon. */
export function degraded(reason: string): { [DEGRADED]: string } {
  return { [DEGRADED]: reason };
}

export interface HealthReport {
  /** 'degraded' still answers 200: the service takes work; the reason is in its check. */
  status: 'ok' | 'degraded' | 'error';
  checks: Record<string, string>;
}

const CHECK_TIMEOUT_MS = 2_000;

@Controller('health')
export class HealthController {
  constructor(@Inject(HEALTH_CHECKS) private readonly checks: HealthChecks) {}

  /** Liveness: the process answers; it never looks at dependencies, so a broker outage does not restart us. */
  @Get('live')
  live(): HealthReport {
    return { status: 'ok', checks: {} };
  }

  /** Readiness: every dependency answers within the timeout. */
  @Get(['', 'ready'])
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const entries = await Promise.all(
      Object.entries(this.checks).map(async ([name, check]) => [name, await probe(check)] as const),
    );
    const checks = Object.fromEntries(entries);
    const results = entries.map(([, result]) => result);
    const status = results.some((r) => r.startsWith('error')) ? 'error' : results.some((r) => r.startsWith('degraded')) ? 'degraded' : 'ok';
    reply.status(status === 'error' ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK);
    return { status, checks };
  }
}

async function probe(check: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    const answer = await Promise.race([check(), timeout]);
    if (answer && typeof answer === 'object' && DEGRADED in answer) return `degraded: ${String((answer as { [DEGRADED]: string })[DEGRADED])}`;
    return 'ok';
  } catch (error) {
    return `error: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    clearTimeout(timer);
  }
}
