import type { Language } from '../language';
import { nameIn } from './case-labels';
import { rejectionNames } from './policy-labels';

/** What of a problem document a headline reads. */
export interface ProblemWords {
  readonly type?: string;
  readonly title?: string;
  readonly detail?: string;
}

/**
 * What a refusal that names no field says above the form: in Chinese, the kind of rule it broke
 * (案件状态不允许, 已过时限, …), since the API's sentence is English, for any client; in English,
 * that sentence.
 */
export function problemHeadline(problem: ProblemWords, language: Language, fallback: string): string {
  const code = /\/problems\/([a-z-]+)$/.exec(problem.type ?? '')?.[1];
  if (language === 'zh' && code !== undefined && code in rejectionNames)
    return `未能办理：${nameIn(rejectionNames, code as keyof typeof rejectionNames, language)}`;
  return problem.detail ?? problem.title ?? fallback;
}
