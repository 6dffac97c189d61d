import type { Prisma } from '@prisma/client';
import { type CalendarData, type HolidaySchedule, type LoadedHolidaySchedule, latestRevisions } from '@bishan/domain';
import type { Database } from '../prisma-client';
import { isUniqueViolation } from '../unique-violation';

/** A stored revision, with who loaded it and when (the versioned record of every load). */
export interface StoredHolidaySchedule extends LoadedHolidaySchedule {
  readonly loadedBy: string;
  readonly loadedAt: Date;
}

/**
 * The holiday schedules administrators loaded. Rows are only ever added: a year loaded again gets
 * the next revision, and the latest revision of each year is the one deadlines count on.
 */
export class HolidayScheduleRepository {
  constructor(private readonly db: Database) {}

  /**
   * Stores a validated schedule as its year's next revision; returns that revision. `alsoIn` runs in
   * the same transaction with the stored revision (its audit entry), so both commit or neither.
   */
  async add(
    schedule: HolidaySchedule,
    loadedBy: string,
    alsoIn?: (tx: Prisma.TransactionClient, stored: StoredHolidaySchedule) => Promise<unknown>,
  ): Promise<StoredHolidaySchedule> {
    const body = JSON.stringify({
      holidays: schedule.holidays,
      adjustedWorkingDays: schedule.adjustedWorkingDays,
      source: schedule.source,
    });
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.$transaction(async (tx) => {
          const last = await tx.holidaySchedule.findFirst({ where: { year: schedule.year }, orderBy: { revision: 'desc' } });
          const row = await tx.holidaySchedule.create({
            data: { year: schedule.year, revision: (last?.revision ?? 0) + 1, schedule: body, loadedBy },
          });
          const stored = storedOf(row);
          await alsoIn?.(tx, stored);
          return stored;
        });
      } catch (error) {
        // Two loads of one year raced for the same revision (the key refused the second): number it again.
        if (isUniqueViolation(error) && attempt < 3) continue;
        throw error;
      }
    }
  }

  /** Every revision, newest first: the history the console shows. */
  async history(): Promise<StoredHolidaySchedule[]> {
    const rows = await this.db.holidaySchedule.findMany({ orderBy: [{ year: 'desc' }, { revision: 'desc' }] });
    return rows.map(storedOf);
  }

  /** The data deadlines count on: the latest revision of each loaded year. */
  async calendarData(): Promise<CalendarData> {
    const rows = await this.db.holidaySchedule.findMany({ orderBy: [{ year: 'asc' }, { revision: 'asc' }] });
    const schedules = rows.map((row): LoadedHolidaySchedule => {
      const { loadedBy: _by, loadedAt: _at, ...schedule } = storedOf(row);
      return schedule;
    });
    return { loaded: latestRevisions(schedules) };
  }
}

function storedOf(row: { year: number; revision: number; schedule: string; loadedBy: string; loadedAt: Date }): StoredHolidaySchedule {
  const body = JSON.parse(row.schedule) as Pick<HolidaySchedule, 'holidays' | 'adjustedWorkingDays' | 'source'>;
  return { year: row.year, revision: row.revision, ...body, loadedBy: row.loadedBy, loadedAt: row.loadedAt };
}
