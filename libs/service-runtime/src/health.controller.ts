import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { HEALTH_CHECKS } from './tokens';

/** A named dependency probe; it throws when the dependency is not usable. */
export type HealthChecks = Record<string, () => Promise<unknown>>;

export interface HealthReport {
  status: 'ok' | 'error';
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
    const status = entries.every(([, result]) => result === 'ok') ? 'ok' : 'error';
    reply.status(status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status, checks };
  }
}

async function probe(check: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'ok';
  } catch (error) {
    return `error: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    clearTimeout(timer);
  }
}
