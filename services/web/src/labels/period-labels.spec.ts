import { periodName } from './period-labels';

describe('a duty period by name', () => {
  it('names half-years and years in Chinese and in English', () => {
    expect(periodName('2026-H2', 'zh')).toBe('2026年下半年');
    expect(periodName('2027-H1', 'zh')).toBe('2027年上半年');
    expect(periodName('2026', 'zh')).toBe('2026年');
    expect(periodName('2026-H1', 'en')).toBe('first half of 2026');
    expect(periodName('something', 'zh')).toBe('something');
  });
});
