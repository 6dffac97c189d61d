import { calendarOf, chinaMainlandCalendar, compressedCalendar } from './calendars';
import { packageCalendarData } from './holiday-data';
import * as china from './working-clock';

const iso = (d: Date) => d.toISOString();
/** 2025-03-03T02:00:00Z is a whole multiple of 2 s since the epoch: a compressed day starts there. */
const at = (seconds: string) => `2025-03-03T02:00:${seconds}Z`;

describe('calendarOf', () => {
  it("gives 'chinaMainland' one calendar per holiday data version, the package's when no schedule is loaded", () => {
    const calendar = calendarOf({ kind: 'chinaMainland' });
    expect(calendar).toBe(chinaMainlandCalendar(packageCalendarData));
    expect(calendar).toMatchObject({ coveredThrough: '2026-12-31', dataVersion: 'chinese-days@1.5.7' });
    // The package clock the specs compute expectations with counts exactly the same days.
    for (const from of ['2025-01-24T02:00:00Z', '2025-09-30T01:00:00Z', '2026-02-13T02:00:00Z']) {
      expect(calendar.addWorkingDays(from, 5)).toEqual(china.addWorkingDays(from, 5));
    }
  });

  it("builds a compressed clock from its day length", () => {
    const calendar = calendarOf({ kind: 'compressed', dayMs: 2000 });
    expect(iso(calendar.addWorkingDays(at('00.500'), 2))).toBe(at('06.000'));
  });
});

describe('compressed calendar (a working day lasts 2 s)', () => {
  const calendar = compressedCalendar(2000);

  describe('deadline ends', () => {
    it.each([
      // from, working days, end: the start day never counts unless the start is its boundary
      ['00.500', 2, '06.000'], // day 00–02 is the start day; days 02–04 and 04–06 run
      ['01.999', 2, '06.000'],
      ['02.000', 2, '06.000'], // exactly on a boundary: that day is the first to run
      ['02.001', 2, '08.000'],
      ['00.500', 0, '02.000'], // 0 days: the end of the start day, as on the real calendar
      ['00.500', 5, '12.000'],
    ])('%s + %i working days ends at %s', (from, days, end) => {
      expect(iso(calendar.addWorkingDays(at(from), days))).toBe(at(end));
    });

    it('counts calendar days exactly like working days: every day is a working day', () => {
      expect(iso(calendar.addCalendarDays(at('00.500'), 7))).toBe(at('16.000'));
      expect(iso(calendar.addCalendarDays(at('00.500'), 7))).toBe(iso(calendar.addWorkingDays(at('00.500'), 7)));
    });

    it('places day boundaries by the epoch, also before it', () => {
      expect(calendar.addWorkingDays(-1, 1).getTime()).toBe(2000);
      expect(calendar.addWorkingDays(-2001, 1).getTime()).toBe(0);
    });
  });

  describe('fractions of a deadline (reminders)', () => {
    it('measures from the first day boundary, like the real working clock', () => {
      // A 2-day deadline set at 00.500 runs 02.000 → 06.000.
      expect(iso(calendar.deadlineFractionPoint(at('00.500'), at('06.000'), 0.5))).toBe(at('04.000'));
      expect(iso(calendar.deadlineFractionPoint(at('00.500'), at('06.000'), 0.8))).toBe(at('05.200'));
      expect(iso(calendar.deadlineFractionPoint(at('00.500'), at('06.000'), 0))).toBe(at('02.000'));
      expect(iso(calendar.deadlineFractionPoint(at('00.500'), at('06.000'), 1))).toBe(at('06.000'));
    });

    it('rounds to the millisecond and copes with a deadline before the first boundary', () => {
      expect(iso(calendar.deadlineFractionPoint(at('00.000'), at('01.000'), 1 / 3))).toBe(at('00.333'));
      expect(iso(calendar.deadlineFractionPoint(at('00.500'), at('01.000'), 0.5))).toBe(at('01.000'));
    });

    it('refuses a fraction outside [0, 1]', () => {
      expect(() => calendar.deadlineFractionPoint(at('00.000'), at('06.000'), 1.5)).toThrow(RangeError);
    });
  });

  describe('working time', () => {
    it('is all the time between two instants, across day boundaries', () => {
      expect(calendar.workingTimeBetween(at('00.500'), at('07.250'))).toBe(6750);
      expect(calendar.workingTimeBetween(at('07.250'), at('00.500'))).toBe(0);
    });

    it('adds real milliseconds, and ending on a boundary stays on it', () => {
      expect(iso(calendar.addWorkingTime(at('03.000'), 6750))).toBe(at('09.750'));
      expect(iso(calendar.addWorkingTime(at('03.000'), 1000))).toBe(at('04.000'));
      expect(() => calendar.addWorkingTime(at('03.000'), -1)).toThrow(RangeError);
    });

    it('shifts a paused deadline by exactly the real length of the pause', () => {
      const paused = calendar.workingTimeBetween(at('01.000'), at('04.500'));
      expect(paused).toBe(3500);
      expect(iso(calendar.addWorkingTime(at('06.000'), paused))).toBe(at('09.500'));
    });
  });

  it('refuses what the real calendar refuses, and a day length that is not a whole number of ms > 0', () => {
    expect(() => calendar.addWorkingDays(at('00.000'), 1.5)).toThrow(RangeError);
    expect(() => calendar.addCalendarDays(at('00.000'), -1)).toThrow(RangeError);
    for (const dayMs of [0, -2000, 1.5, Number.NaN]) expect(() => compressedCalendar(dayMs)).toThrow(RangeError);
  });
});
