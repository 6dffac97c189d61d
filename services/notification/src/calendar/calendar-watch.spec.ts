import { calendarCoverage, packageCalendarData } from '@bishan/domain';
import { dueWarning } from './calendar-watch';

const on = (day: string) => dueWarning(calendarCoverage(packageCalendarData, day));

describe('the holiday data warning due on a day', () => {
  it('is none while the data lasts more than 60 days, then the last threshold crossed, then daily', () => {
    expect(on('2026-10-31')).toBeNull(); // 61 days left
    expect(on('2026-11-01')).toBe('calendar/2026-12-31/60');
    expect(on('2026-12-04')).toBe('calendar/2026-12-31/30'); // 27 days left: the 30-day warning
    expect(on('2026-12-30')).toBe('calendar/2026-12-31/1');
    expect(on('2026-12-31')).toBe('calendar/2026-12-31/0');
    expect(on('2027-01-02')).toBe('calendar/2026-12-31/over-2');
  });

  it('names the same warning all through its period, so it is written once', () => {
    expect(on('2026-12-05')).toBe(on('2026-12-10'));
    expect(on('2026-12-16')).not.toBe(on('2026-12-17')); // 15 days left on the 16th, 14 on the 17th
  });
});
