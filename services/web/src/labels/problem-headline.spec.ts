import { problemHeadline } from './problem-headline';

describe('the headline of a refusal that names no field', () => {
  const wrongState = {
    type: 'https://bishan.example/problems/wrong-state',
    title: 'action refused (wrong-state)',
    detail: "the case is 'claimed'; this action needs it to be 'handling'",
  };

  it('says in Chinese which kind of rule refused it', () => {
    expect(problemHeadline(wrongState, 'zh', 'HTTP 409')).toBe('未能办理：案件状态不允许');
    expect(problemHeadline({ ...wrongState, type: 'https://bishan.example/problems/late' }, 'zh', 'x')).toBe('未能办理：已过时限');
  });

  it('says in Chinese what kind of problem it is when it is no rule of the loop', () => {
    expect(problemHeadline({ type: 'https://bishan.example/problems/idempotency', detail: 'still being processed' }, 'zh', 'x')).toBe('上一次提交仍在处理中，请稍后重试');
    expect(problemHeadline({ type: 'https://bishan.example/problems/not-found', detail: 'no case x' }, 'en', 'x')).toBe('no case x');
  });

  it('keeps the API’s sentence in English, and for problems that are no rule refusal', () => {
    expect(problemHeadline(wrongState, 'en', 'HTTP 409')).toBe(wrongState.detail);
    expect(problemHeadline({ type: 'https://bishan.example/problems/policy-invalid', detail: 'three problems' }, 'zh', 'x')).toBe('three problems');
    expect(problemHeadline({}, 'zh', 'HTTP 502')).toBe('HTTP 502');
  });
});
