import type { FieldRule } from '@bishan/domain';
import type { Language } from '../language';

/** One offending field of a problem document: English for any client, and the rule's code with its figures. */
export interface FieldError {
  field: string;
  message: string;
  code?: string;
  params?: Readonly<Record<string, string | number>>;
}

type Params = Readonly<Record<string, string | number>>;
/** The Chinese words for a broken rule; `fieldName` names another field the rule speaks of. */
type Wording = (params: Params, fieldName: (apiField: string) => string) => string;

// Keyed by the domain's rules: a rule added there does not compile here until it has its words.
const ruleWords: Record<FieldRule, Wording> = {
  'not-a-count': () => '请填写不小于 0 的整数',
  exceeds: (p, fieldName) => `不能超过${fieldName(String(p.limitField))}(${p.limit})`,
  duplicate: () => '有重复的项',
};

// The request validator's issue codes (zod) that a form can meet.
const validatorWords: Readonly<Record<string, Wording>> = {
  too_big: (p) => (p.type === 'string' ? `最多 ${p.maximum} 个字` : p.type === 'array' ? `最多 ${p.maximum} 项` : `不能大于 ${p.maximum}`),
  too_small: (p) =>
    p.type === 'string'
      ? Number(p.minimum) <= 1
        ? '必填'
        : `至少 ${p.minimum} 个字`
      : p.type === 'array'
        ? `至少 ${p.minimum} 项`
        : `不能小于 ${p.minimum}`,
  invalid_type: () => '填写有误',
  invalid_enum_value: () => '请从选项中选择',
  invalid_string: () => '格式不正确',
  invalid_date: () => '日期不正确',
  invalid_union: () => '填写有误',
};

const isFieldRule = (code: string): code is FieldRule => Object.hasOwn(ruleWords, code);

/**
 * What a form shows under a field: in Chinese, the words for the error's code; in English, or for a
 * code without words, the API's own message.
 */
export function fieldErrorText(error: FieldError, language: Language, fieldName: (apiField: string) => string): string {
  if (language !== 'zh' || !error.code) return error.message;
  const words = isFieldRule(error.code) ? ruleWords[error.code] : validatorWords[error.code];
  return words ? words(error.params ?? {}, fieldName) : error.message;
}
