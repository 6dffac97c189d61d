import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@bishan/config';
import type { Database } from '@bishan/db';
import type { Actor } from '@bishan/domain';
import { APP_CONFIG, DATABASE, tooManyRequests } from '@bishan/service-runtime';

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The start of the Asia/Shanghai day (no daylight saving) that holds `now`, and of the next one. */
export function shanghaiDayOf(now: number): { start: number; next: number } {
  const start = Math.floor((now + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
  return { start, next: start + DAY_MS };
}

/**
 * A resident raises at most RAISE_QUOTA_PER_RESIDENT_PER_DAY cases a day (Asia/Shanghai), counted
 * from the recorded raises of every instance; over it, 429 with Retry-After until midnight.
 * Officials are not counted: they enter what meetings bring up.
 */
@Injectable()
export class ResidentRaiseQuota {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly db: Database,
  ) {}

  async check(actor: Actor, now = Date.now()): Promise<void> {
    if (actor.role !== 'resident') return;
    const limit = this.config.limits.raisesPerResidentPerDay;
    const day = shanghaiDayOf(now);
    const raised = await this.db.caseTimelineEntry.count({
      where: { type: 'caseRaised', actorId: actor.id, at: { gte: new Date(day.start) } },
    });
    if (raised < limit) return;
    throw tooManyRequests(
      `a resident raises at most ${limit} cases a day; the quota starts again at midnight (Beijing time)`,
      Math.ceil((day.next - now) / 1000),
    );
  }
}
