import { bishanOrganisation, createDatabase, HolidayScheduleRepository, OrganisationRepository, type Database } from '@bishan/db';
import { createTestDatabase, type TestDatabase } from '@bishan/testing';
import { fixture2027 } from '../../../../libs/domain/src/test-support/fixture-holidays';
import { InboxStream } from '../inbox/inbox-stream';
import { CalendarWatchService } from './calendar-watch.service';

describe('CalendarWatchService on a real database', () => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase('calendar-watch');
    db = await createDatabase(testDb.url);
    await new OrganisationRepository(db).seedIfEmpty(bishanOrganisation());
  }, 60_000);

  afterAll(async () => {
    await db.$disconnect();
    testDb.remove();
  });

  it('tells the administrators once per warning, and stops once next year is loaded', async () => {
    const watch = new CalendarWatchService(db, new InboxStream());
    const december = new Date('2026-12-04T02:00:00.000Z'); // 27 days before the package's data ends
    const written = await watch.check(december);
    expect(written.map((m) => [m.recipient, m.kind, m.caseId])).toEqual([['admin', 'calendarRunningOut', '']]);
    expect(written[0]?.body).toContain('节假日数据覆盖至 2026-12-31(剩 27 天)');
    expect(written[0]?.body).toContain('2027 年节假日安排');

    // The same warning period: nothing new, whichever instance asks.
    expect(await watch.check(new Date('2026-12-10T02:00:00.000Z'))).toEqual([]);
    expect(await new CalendarWatchService(db, new InboxStream()).check(december)).toEqual([]);
    expect(await db.notificationMessage.count({ where: { kind: 'calendarRunningOut' } })).toBe(1);

    await new HolidayScheduleRepository(db).add(fixture2027, 'admin');
    expect(await watch.check(new Date('2026-12-20T02:00:00.000Z'))).toEqual([]);
  });
});
