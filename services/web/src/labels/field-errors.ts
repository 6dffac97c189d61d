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
  required: () => '必填',
  'not-a-date': () => '日期不正确',
  'too-early': (p) => `不能早于 ${p.earliest}`,
  'not-after': (p) => `须晚于 ${p.after}`,
  'in-future': () => '不能晚于今天',
  'not-ahead': () => '须晚于今天',
  'outside-dates': (p) => `须在会议期间(${p.first} 至 ${p.last})`,
  'too-few': (p) => `至少 ${p.minimum} 项`,
  'too-many': (p) => `最多 ${p.maximum} 项`,
  'above-maximum': (p) => `不能超过 ${p.maximum}`,
  'out-of-range': (p) => (p.maximum === undefined ? `请填写不小于 ${p.minimum} 的整数` : `请填写 ${p.minimum} 至 ${p.maximum} 的整数`),
  unknown: () => '不存在或不可选',
  'outside-place': () => '不在本地范围内',
  'not-in-place': () => '不属于所选的上级单位',
  'not-your-name': (p) => `请签上您登记的姓名(${p.name})`,
  unchecked: () => '请先核实办理结果和群众评价',
  'not-when-failed': () => '调解未达成协议时不填此项',
  'meeting-only': () => '仅限会议上提出或召开的事项',
  unchanged: () => '与当前相同',
  'late-entry': () => '会议结束已超过 24 小时，不能再录入',
  'not-covering': () => '该部门不负责此类事项',
  'lead-unit': () => '这是牵头单位本身，请选择其他单位',
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
