import { fieldErrorText } from './field-errors';

const names: Record<string, string> = { invitedHouseholds: '应邀户数' };
const fieldName = (field: string) => names[field] ?? field;

describe('field errors in the reader’s language', () => {
  const over = {
    field: 'body.householdsAtHome',
    message: 'householdsAtHome (35) cannot exceed invitedHouseholds (30)',
    code: 'exceeds',
    params: { value: 35, limit: 30, limitField: 'invitedHouseholds' },
  };

  it('words a domain rule in Chinese from its code, naming the other field', () => {
    expect(fieldErrorText(over, 'zh', fieldName)).toBe('不能超过应邀户数(30)');
  });

  it('words a validator’s length limit in Chinese', () => {
    expect(fieldErrorText({ field: 'body.location.courtyardId', message: 'String must contain at most 100 character(s)', code: 'too_big', params: { type: 'string', maximum: 100 } }, 'zh', fieldName)).toBe('最多 100 个字');
  });

  it('words the domain’s other field rules in Chinese from their figures', () => {
    const zh = (code: string, params: Record<string, string | number> = {}) => fieldErrorText({ field: 'body.x', message: 'English', code, params }, 'zh', fieldName);
    expect(zh('not-after', { value: '2026-12-03', after: '2026-12-03' })).toBe('须晚于 2026-12-03');
    expect(zh('too-few', { minimum: 2 })).toBe('至少 2 项');
    expect(zh('not-your-name', { name: '吴世明' })).toBe('请签上您登记的姓名(吴世明)');
    expect(zh('out-of-range', { minimum: 1 })).toBe('请填写不小于 1 的整数');
    expect(zh('out-of-range', { minimum: 1, maximum: 10 })).toBe('请填写 1 至 10 的整数');
    expect(zh('required')).toBe('必填');
  });

  it('keeps the API’s English in English, and for a code it has no words for', () => {
    expect(fieldErrorText(over, 'en', fieldName)).toBe(over.message);
    expect(fieldErrorText({ field: 'body.x', message: 'something else', code: 'custom-thing' }, 'zh', fieldName)).toBe('something else');
    expect(fieldErrorText({ field: 'body.x', message: 'no code' }, 'zh', fieldName)).toBe('no code');
  });
});
