import { calendarOf, getPolicy } from '@bishan/domain';
import { stormBurstStart, stormDayMs, stormPolicy } from './storm-clock';

describe('the storm clock', () => {
  it('gives a full storm a 700 s day and a quick one 10 s', () => {
    expect(stormDayMs(10_000)).toBe(700_000);
    expect(stormDayMs(2_000)).toBe(140_000);
    expect(stormDayMs(30)).toBe(10_000);
  });

  it("puts every claim window of a burst that stays inside one day on the next day's end", () => {
    const dayMs = stormDayMs(10_000);
    const policy = stormPolicy('bench-storm-x', dayMs);
    const calendar = calendarOf(policy.calendar);
    const claimEnd = (at: number) =>
      calendar.addWorkingDays(new Date(at), policy.claimWindowWorkingDays).getTime();
    const start = stormBurstStart(new Date('2026-12-06T11:02:17.345Z'), dayMs).getTime();
    const boundary = start - (start % dayMs);
    expect(boundary).toBeGreaterThan(Date.parse('2026-12-06T11:02:17.345Z'));
    expect(start - boundary).toBeGreaterThan(0);
    const ends = [start, start + 1, boundary + dayMs / 2, boundary + dayMs - 1].map(claimEnd);
    expect(new Set(ends)).toEqual(new Set([boundary + 2 * dayMs]));
    // On the boundary itself the day counts from there: a day earlier, which the margin avoids.
    expect(claimEnd(boundary)).toBe(boundary + dayMs);
    // A burst that runs past the day spills onto the next instant.
    expect(claimEnd(boundary + dayMs + 1)).toBe(boundary + 3 * dayMs);
  });

  it('keeps the demo policy’s limits but for a one-day claim window and no reminders', () => {
    const { version, calendar, claimWindowWorkingDays, remindedDeadlines, ...limits } = stormPolicy(
      'v',
      10_000,
    );
    const demo = getPolicy('demo-compressed');
    const {
      version: _v,
      calendar: _c,
      claimWindowWorkingDays: _w,
      remindedDeadlines: _r,
      ...demoLimits
    } = demo;
    expect([version, calendar, claimWindowWorkingDays, remindedDeadlines]).toEqual([
      'v',
      { kind: 'compressed', dayMs: 10_000 },
      1,
      [],
    ]);
    expect(limits).toEqual(demoLimits);
    expect(demo.remindedDeadlines).toContain('claimWindow');
  });
});
