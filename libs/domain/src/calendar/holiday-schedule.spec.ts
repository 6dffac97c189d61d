import { fixture2027 } from '../test-support/fixture-holidays';
import { type HolidaySchedule, holidayDates, isRealDate, validateHolidaySchedule } from './holiday-schedule';

const codes = (schedule: HolidaySchedule) => validateHolidaySchedule(schedule).map((p) => [p.field, p.code]);

describe('a year’s holiday schedule', () => {
  it('accepts a well-formed year', () => {
    expect(validateHolidaySchedule(fixture2027)).toEqual([]);
    expect(holidayDates(fixture2027)).toHaveLength(3 + 9 + 7);
  });

  it('knows a real date from one that only looks like one', () => {
    expect(isRealDate('2027-02-28')).toBe(true);
    expect(isRealDate('2027-02-29')).toBe(false);
    expect(isRealDate('2028-02-29')).toBe(true);
    expect(isRealDate('2027-2-3')).toBe(false);
  });

  it('refuses dates outside the year, names each field and gives parameters for a translation', () => {
    const problems = validateHolidaySchedule({
      ...fixture2027,
      holidays: [{ name: '元旦', from: '2026-12-31', to: '2027-01-02' }],
      adjustedWorkingDays: ['2028-01-08'],
    });
    expect(problems).toEqual([
      { field: 'holidays[0].from', code: 'outside-year', params: { value: '2026-12-31', year: 2027 }, message: '2026-12-31 is not in 2027' },
      { field: 'adjustedWorkingDays[0]', code: 'outside-year', params: { value: '2028-01-08', year: 2027 }, message: '2028-01-08 is not in 2027' },
    ]);
  });

  it('refuses overlapping holidays, a holiday that ends before it starts, and impossible dates', () => {
    expect(
      codes({
        ...fixture2027,
        holidays: [
          { name: 'A', from: '2027-05-01', to: '2027-05-05' },
          { name: 'B', from: '2027-05-05', to: '2027-05-06' },
          { name: 'C', from: '2027-06-10', to: '2027-06-09' },
          { name: 'D', from: '2027-02-30', to: '2027-03-01' },
          { name: ' ', from: '2027-08-01', to: '2027-08-01' },
        ],
        adjustedWorkingDays: [],
      }),
    ).toEqual([
      ['holidays[2].to', 'ends-before-start'],
      ['holidays[3].from', 'not-a-date'],
      ['holidays[4].name', 'required'],
      ['holidays[1].from', 'overlaps'],
    ]);
  });

  it('makes only weekend days working days, never a holiday, and each once', () => {
    expect(
      codes({
        ...fixture2027,
        adjustedWorkingDays: ['2027-02-22', '2027-02-13', '2027-02-20', '2027-02-20'],
      }),
    ).toEqual([
      ['adjustedWorkingDays[0]', 'not-a-weekend'], // a Monday
      ['adjustedWorkingDays[1]', 'inside-holiday'], // Saturday inside the fixture Spring Festival
      ['adjustedWorkingDays[3]', 'repeated'],
    ]);
  });

  it('needs a source, a real publication date, holidays and a year in range', () => {
    expect(codes({ ...fixture2027, source: { title: '  ', publishedOn: 'soon' }, holidays: [] })).toEqual([
      ['source.title', 'required'],
      ['source.publishedOn', 'not-a-date'],
      ['holidays', 'no-holidays'],
    ]);
    expect(codes({ ...fixture2027, year: 1999 })).toEqual([['year', 'year-out-of-range']]);
    expect(codes({ ...fixture2027, year: 2027.5 })).toEqual([['year', 'year-out-of-range']]);
  });
});
