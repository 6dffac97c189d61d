import { publicationProblemText } from './policy-labels';

describe('a policy publication’s problems in the reader’s language', () => {
  it('words each rule of the publication in Chinese, with the character limit', () => {
    expect(publicationProblemText('in-the-past', undefined, 'zh')).toBe('生效时间不能早于现在');
    expect(publicationProblemText('too-long', { maximum: 100 }, 'zh')).toBe('最多 100 个字');
    expect(publicationProblemText('required', undefined, 'en')).toBe('is required');
  });

  it('shows a code it has no words for as it came', () => {
    expect(publicationProblemText('something-new', undefined, 'zh')).toBe('something-new');
  });
});
