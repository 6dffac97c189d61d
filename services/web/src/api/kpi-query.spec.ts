import { addDays, attachmentName, defaultPeriod, kpiQueryString, percent, shanghaiDay } from './kpi-query';

describe('the dashboard KPI query helpers', () => {
  it('takes the Shanghai calendar day, not the UTC one', () => {
    // 16:30 UTC on 31 March is 00:30 on 1 April in Shanghai.
    expect(shanghaiDay(new Date('2026-03-31T16:30:00Z'))).toBe('2026-04-01');
    expect(shanghaiDay(new Date('2026-03-31T15:59:59Z'))).toBe('2026-03-31');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('defaults to twelve months through today, `to` exclusive', () => {
    expect(defaultPeriod(new Date('2026-11-27T10:00:00Z'))).toEqual({ from: '2025-12-01', to: '2026-11-28' });
    // Late evening UTC on 31 December is already 1 January in Shanghai.
    expect(defaultPeriod(new Date('2026-12-31T20:00:00Z'))).toEqual({ from: '2026-02-01', to: '2027-01-02' });
  });

  it('sends only the filters that are set', () => {
    expect(
      kpiQueryString(
        { from: '2026-01-01', to: '2026-02-01', town: 'laifeng', department: ' ', category: undefined },
        { granularity: 'range', groupBy: 'department' },
      ),
    ).toBe('?from=2026-01-01&to=2026-02-01&granularity=range&groupBy=department&town=laifeng');
    expect(
      kpiQueryString(
        { from: '2026-01-01', to: '2026-02-01', category: '线路整治' },
        { granularity: 'month' },
      ),
    ).toBe(`?from=2026-01-01&to=2026-02-01&granularity=month&category=${encodeURIComponent('线路整治')}`);
  });

  it('names a download as the server says, preferring the UTF-8 name', () => {
    expect(
      attachmentName(
        `attachment; filename="kpis.xlsx"; filename*=UTF-8''${encodeURIComponent('指标.xlsx')}`,
        'x',
      ),
    ).toBe('指标.xlsx');
    expect(attachmentName('attachment; filename="kpis.csv"', 'x')).toBe('kpis.csv');
    expect(attachmentName(null, 'kpis.csv')).toBe('kpis.csv');
    expect(attachmentName("attachment; filename*=UTF-8''%E0%A4%A", 'fallback.csv')).toBe('fallback.csv');
  });

  it('shows a rate with no denominator as a dash', () => {
    expect(percent(null)).toBe('—');
    expect(percent(0.8953)).toBe('89.5%');
    expect(percent(1)).toBe('100.0%');
  });
});
