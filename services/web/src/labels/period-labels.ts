import type { Language } from '../language';

/** A duty period's key as people here read it: '2026-H2' → 2026年下半年, '2026' → 2026年. */
export function periodName(key: string, language: Language): string {
  const match = /^(\d{4})(?:-H([12]))?$/.exec(key);
  if (!match) return key;
  const [, year, half] = match;
  if (language === 'zh') return `${year}年${half === '1' ? '上半年' : half === '2' ? '下半年' : ''}`;
  return half ? `${half === '1' ? 'first' : 'second'} half of ${year}` : String(year);
}
