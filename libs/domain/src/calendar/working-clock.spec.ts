import {
  addCalendarDays,
  addWorkingDays,
  addWorkingTime,
  deadlineFractionPoint,
  isWorkingDay,
  workingDaysBetween,
  workingTimeBetween,
} from './working-clock';

const iso = (d: Date) => d.toISOString();
const HOUR = 3_600_000;

describe("working clock on the package data (Asia/Shanghai, chinese-days 1.5.7)", () => {
  describe('Spring Festival 2025: holiday 28 Jan – 4 Feb, adjusted working Sun 26 Jan and Sat 8 Feb', () => {
    it.each([
      ['2025-01-24', true], // Friday
      ['2025-01-25', false], // ordinary Saturday
      ['2025-01-26', true], // Sunday made a working day
      ['2025-01-28', false], // New Year's Eve holiday, a Tuesday
      ['2025-02-04', false], // last holiday day, a Tuesday
      ['2025-02-05', true],
      ['2025-02-08', true], // Saturday made a working day
      ['2025-02-09', false],
    ])('%s is a working day: %s', (date, expected) => {
      expect(isWorkingDay(date)).toBe(expected);
    });

    it('judges an instant by its Shanghai day, not its UTC day', () => {
      expect(isWorkingDay('2025-01-27T15:59:59Z')).toBe(true); // Mon 27 Jan 23:59:59 in Shanghai
      expect(isWorkingDay('2025-01-27T16:00:00Z')).toBe(false); // Tue 28 Jan 00:00 in Shanghai
    });

    it('counts the adjusted Sunday and skips the holiday week', () => {
      // Friday 24 Jan 10:00 → Sun 26 (1st), Mon 27 (2nd): ends 24:00 Shanghai on 27 Jan.
      expect(iso(addWorkingDays('2025-01-24T02:00:00Z', 2))).toBe('2025-01-27T16:00:00.000Z');
      // Monday 27 Jan → first working day after the holiday is Wed 5 Feb.
      expect(iso(addWorkingDays('2025-01-27T02:00:00Z', 1))).toBe('2025-02-05T16:00:00.000Z');
      // 5, 6, 7, Sat 8 (adjusted), Mon 10 Feb.
      expect(iso(addWorkingDays('2025-01-27T02:00:00Z', 5))).toBe('2025-02-10T16:00:00.000Z');
    });
  });

  describe('National Day 2025: holiday 1–8 Oct, adjusted working Sun 28 Sep and Sat 11 Oct', () => {
    it('ends a 3-day deadline started on Friday 26 Sep on Tuesday 30 Sep', () => {
      expect(iso(addWorkingDays('2025-09-26T01:00:00Z', 3))).toBe('2025-09-30T16:00:00.000Z');
    });

    it('jumps the Golden Week and counts the adjusted Saturday', () => {
      expect(iso(addWorkingDays('2025-09-30T01:00:00Z', 2))).toBe('2025-10-10T16:00:00.000Z');
      expect(iso(addWorkingDays('2025-09-30T01:00:00Z', 3))).toBe('2025-10-11T16:00:00.000Z');
      expect(workingDaysBetween('2025-09-30T01:00:00Z', '2025-10-11T16:00:00Z')).toBe(3);
      expect(workingDaysBetween('2025-09-30T01:00:00Z', '2025-10-11T15:59:59Z')).toBe(2);
    });

    it('places the 50 % and 80 % reminders on elapsed working time', () => {
      // Working days 28, 29, 30 Sep, 9, 10 Oct: 2.5 days run at noon on 30 Sep, 4 days at 24:00 on 9 Oct.
      const setAt = '2025-09-26T01:00:00Z';
      const due = addWorkingDays(setAt, 5);
      expect(iso(due)).toBe('2025-10-10T16:00:00.000Z');
      expect(iso(deadlineFractionPoint(setAt, due, 0.5))).toBe('2025-09-30T04:00:00.000Z');
      expect(iso(deadlineFractionPoint(setAt, due, 0.8))).toBe('2025-10-09T16:00:00.000Z');
    });
  });

  describe('Spring Festival 2026: holiday 15–23 Feb, adjusted working Sat 14 Feb and Sat 28 Feb', () => {
    it('counts both adjusted Saturdays', () => {
      expect(iso(addWorkingDays('2026-02-13T02:00:00Z', 1))).toBe('2026-02-14T16:00:00.000Z');
      expect(iso(addWorkingDays('2026-02-13T02:00:00Z', 2))).toBe('2026-02-24T16:00:00.000Z');
      // 24, 25, 26, 27 Feb and Sat 28 Feb.
      expect(iso(addWorkingDays('2026-02-23T02:00:00Z', 5))).toBe('2026-02-28T16:00:00.000Z');
    });
  });

  it('starts the clock at the start day’s midnight when the start is exactly midnight', () => {
    // 00:00 Shanghai Thu 9 Oct 2025 (a working day) + 1 working day = 24:00 the same day.
    expect(iso(addWorkingDays('2025-10-08T16:00:00Z', 1))).toBe('2025-10-09T16:00:00.000Z');
  });

  it('measures working time only on working days', () => {
    // Fri 26 Sep 12:00 → Mon 29 Sep 12:00 Shanghai: 12 h Fri + 24 h adjusted Sun + 12 h Mon.
    expect(workingTimeBetween('2025-09-26T04:00:00Z', '2025-09-29T04:00:00Z')).toBe(48 * HOUR);
    // Adding it back from Friday noon lands on Monday noon again.
    expect(iso(addWorkingTime('2025-09-26T04:00:00Z', 48 * HOUR))).toBe('2025-09-29T04:00:00.000Z');
  });

  it('shifts a deadline due at 24:00 on a Friday past the weekend', () => {
    // Fri 17 Oct 2025 24:00 + one working day = Mon 20 Oct 24:00.
    expect(iso(addWorkingTime('2025-10-17T16:00:00Z', 24 * HOUR))).toBe('2025-10-20T16:00:00.000Z');
  });

  it('adds calendar days to the end of the Nth day regardless of holidays', () => {
    expect(iso(addCalendarDays('2025-09-30T01:00:00Z', 7))).toBe('2025-10-07T16:00:00.000Z');
  });

  it('rejects fractional or negative day counts', () => {
    expect(() => addWorkingDays('2025-01-01T00:00:00Z', 1.5)).toThrow('whole number');
    expect(() => addWorkingDays('2025-01-01T00:00:00Z', -1)).toThrow('whole number');
    expect(() => addWorkingDays('not a date', 1)).toThrow("'not a date' is not a valid instant");
  });
});
