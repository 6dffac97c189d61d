import type { LoadedHolidaySchedule } from '../calendar/holiday-schedule';

/**
 * A made-up schedule for 2027, for tests only: NOT the State Council's schedule (which these tests
 * must never pretend to know). Its shape is a plausible year's: a week of Spring Festival with two
 * adjusted Saturdays, a three-day New Year, and a National Day week.
 */
export const fixture2027: LoadedHolidaySchedule = {
  year: 2027,
  revision: 1,
  holidays: [
    { name: '元旦 (fixture)', from: '2027-01-01', to: '2027-01-03' },
    { name: '春节 (fixture)', from: '2027-02-06', to: '2027-02-14' },
    { name: '国庆节 (fixture)', from: '2027-10-01', to: '2027-10-07' },
  ],
  adjustedWorkingDays: ['2027-02-20', '2027-09-26'],
  source: { title: 'TEST FIXTURE — not an official schedule', publishedOn: '2026-11-20' },
};
