import type { Language } from '../language';
import { nameIn } from './case-labels';
import { rejectionNames } from './policy-labels';

/** What of a problem document a headline reads. */
export interface ProblemWords {
  readonly type?: string;
  readonly title?: string;
  readonly detail?: string;
}

/** Problems that are no rule of the loop, as a person reads them (the API's `type`, last segment). */
const otherProblems: Readonly<Record<string, string>> = {
  'not-found': '未找到该记录，或您无权查看',
  validation: '填写有误，请检查后重试',
  'temporarily-unavailable': '系统暂时繁忙，请稍后重试',
  unavailable: '系统暂时不可用，请稍后重试',
  unauthenticated: '登录已失效，请重新登录',
  'too-many-requests': '操作过于频繁，请稍后再试',
  idempotency: '上一次提交仍在处理中，请稍后重试',
  conflict: '记录已被他人修改，请刷新后重试',
  'unknown-place': '所填地点不在本区组织架构内',
  'export-too-large': '导出范围过大，请缩小时间或范围',
  csrf: '页面已过期，请刷新后重试',
};

/**
 * What a refusal that names no field says above the form: in Chinese, the kind of rule it broke
 * (案件状态不允许, 已过时限, …) or what kind of problem it is (未找到, 请稍后重试, …), since the
 * API's sentence is English, for any client; in English, that sentence.
 */
export function problemHeadline(problem: ProblemWords, language: Language, fallback: string): string {
  const code = /\/problems\/([a-z-]+)$/.exec(problem.type ?? '')?.[1];
  if (language === 'zh' && code !== undefined) {
    if (code in rejectionNames) return `未能办理：${nameIn(rejectionNames, code as keyof typeof rejectionNames, language)}`;
    const words = otherProblems[code];
    if (words) return words;
  }
  return problem.detail ?? problem.title ?? fallback;
}
