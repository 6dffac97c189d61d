import { readFileSync } from 'node:fs';
import { fixture2027 } from '../test-support/fixture-holidays';
import { calendarOf } from './calendars';
import {
  type CalendarData,
  calendarCoverage,
  calendarDataVersion,
  coveredThrough,
  holidayPackage,
  holidayTable,
  latestRevisions,
  packageCalendarData,
  packageYears,
} from './holiday-data';

const with2027: CalendarData = { loaded: [fixture2027] };
const iso = (d: Date) => d.toISOString();

describe('holiday data: the package’s years and the loaded ones', () => {
  it('names the installed package version (update holidayPackage when upgrading chinese-days)', () => {
    const installed = JSON.parse(readFileSync(require.resolve('chinese-days/package.json'), 'utf8')) as { version: string };
    expect(installed.version).toBe(holidayPackage.version);
    expect(packageYears).toEqual({ from: 2004, to: 2026 });
  });

  it('counts a year without data Monday–Friday, and a loaded year by its schedule', () => {
    const bare = holidayTable(packageCalendarData);
    const loaded = holidayTable(with2027);
    expect([bare.isWorkingDay('2027-02-08'), loaded.isWorkingDay('2027-02-08')]).toEqual([true, false]); // fixture Spring Festival
    expect([bare.isWorkingDay('2027-02-20'), loaded.isWorkingDay('2027-02-20')]).toEqual([false, true]); // adjusted Saturday
    expect([bare.isCovered('2027-06-01'), loaded.isCovered('2027-06-01')]).toEqual([false, true]);
    // The package's own years are untouched by a loaded 2027.
    expect(loaded.isWorkingDay('2026-10-05')).toBe(false);
  });

  it('lets a loaded year win over the package for that year', () => {
    const corrected: CalendarData = {
      loaded: [{ ...fixture2027, year: 2026, holidays: [{ name: 'fixture', from: '2026-12-01', to: '2026-12-01' }], adjustedWorkingDays: [] }],
    };
    expect(holidayTable(corrected).isWorkingDay('2026-12-01')).toBe(false);
    expect(holidayTable(corrected).isWorkingDay('2026-10-05')).toBe(true); // the package's National Day no longer applies
  });

  it('keeps the latest revision of each year and names the data by its revisions', () => {
    const second = { ...fixture2027, revision: 2, adjustedWorkingDays: [] };
    expect(latestRevisions([second, fixture2027])).toEqual([second]);
    expect(calendarDataVersion(packageCalendarData)).toBe('chinese-days@1.5.7');
    expect(calendarDataVersion({ loaded: [fixture2027] })).toBe('chinese-days@1.5.7+2027r1');
  });

  it('covers through the last year of an unbroken run, so a loaded 2028 alone does not count', () => {
    expect(coveredThrough(packageCalendarData)).toBe('2026-12-31');
    expect(coveredThrough(with2027)).toBe('2027-12-31');
    expect(coveredThrough({ loaded: [{ ...fixture2027, year: 2028 }] })).toBe('2026-12-31');
  });

  it('warns from 60 days before the data runs out', () => {
    expect(calendarCoverage(packageCalendarData, '2026-11-01')).toMatchObject({ daysLeft: 60, runningOut: true });
    expect(calendarCoverage(packageCalendarData, '2026-10-31')).toMatchObject({ daysLeft: 61, runningOut: false });
    expect(calendarCoverage(packageCalendarData, '2027-01-02')).toMatchObject({ daysLeft: -2, runningOut: true });
    expect(calendarCoverage(with2027, '2026-12-04')).toMatchObject({
      coveredThrough: '2027-12-31',
      runningOut: false,
      loadedYears: [2027],
      version: 'chinese-days@1.5.7+2027r1',
    });
  });

  it('computes deadlines across New Year on the loaded schedule', () => {
    // Thu 31 Dec 2026 10:00 Shanghai + 2 working days: Mon 4 and Tue 5 Jan with the fixture's
    // 1–3 Jan holiday; Fri 1 and Mon 4 Jan when 2027 is counted Monday–Friday.
    const from = '2026-12-31T02:00:00Z';
    expect(iso(calendarOf({ kind: 'chinaMainland' }, with2027).addWorkingDays(from, 2))).toBe('2027-01-05T16:00:00.000Z');
    expect(iso(calendarOf({ kind: 'chinaMainland' }).addWorkingDays(from, 2))).toBe('2027-01-04T16:00:00.000Z');
  });
});
