import fc from 'fast-check';
import {
  type DuplicateCandidate,
  type DuplicateProbe,
  findLikelyDuplicates,
  likelyDuplicateSearch,
  likelyDuplicateWindowDays,
  normaliseCaseText,
} from './duplicate-cases';

describe('normaliseCaseText', () => {
  it('removes spaces and punctuation, Chinese and Western alike', () => {
    expect(normaliseCaseText('路灯坏了，晚上看不见！')).toBe('路灯坏了晚上看不见');
    expect(normaliseCaseText(' 路灯 坏了。。晚上看不见?! ')).toBe('路灯坏了晚上看不见');
    expect(normaliseCaseText('「院坝」《通知》、“停水”——（三天）…')).toBe('院坝通知停水三天');
    expect(normaliseCaseText('第一行\n第二行\t\u3000结束')).toBe('第一行第二行结束');
  });

  it('folds full-width forms to half-width and upper case to lower case', () => {
    expect(normaliseCaseText('ＡＢＣ１２３')).toBe('abc123');
    expect(normaliseCaseText('5G信号差 5g信号差')).toBe('5g信号差5g信号差');
    expect(normaliseCaseText('ﬁber ＷＩＦＩ')).toBe('fiberwifi');
  });

  it('drops emoji, symbols and invisible characters', () => {
    expect(normaliseCaseText('线路杂乱 🔌⚡️ 有隐患')).toBe('线路杂乱有隐患');
    expect(normaliseCaseText('停\u200b水')).toBe('停水');
    expect(normaliseCaseText('🙏🙏！！')).toBe('');
  });

  it('is idempotent and ignores inserted spaces and punctuation', () => {
    const gap = fc.constantFrom(' ', '，', '。', '！', '\u3000', '、', ',', '.', '…', '🙂');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const once = normaliseCaseText(text);
        expect(normaliseCaseText(once)).toBe(once);
      }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('路', '灯', '坏', '了', 'A', '1')),
        fc.array(gap),
        (chars, gaps) => {
          const plain = chars.join('');
          const spaced = chars.map((c, i) => `${c}${gaps[i] ?? ''}`).join('');
          expect(normaliseCaseText(spaced)).toBe(normaliseCaseText(plain));
        },
      ),
    );
  });
});

describe('findLikelyDuplicates', () => {
  const at = '2026-03-10T02:00:00.000Z';
  const daysBefore = (days: number) => new Date(Date.parse(at) - days * 86_400_000).toISOString();
  const probe: DuplicateProbe = {
    category: '路灯照明',
    location: { villageId: 'dengfeng', courtyardId: 'dengfeng-yard-01' },
    description: '路灯坏了，晚上看不见！',
    raisedAt: at,
  };
  const candidate = (caseId: string, changes: Partial<DuplicateCandidate> = {}): DuplicateCandidate => ({
    caseId,
    category: '路灯照明',
    villageId: 'dengfeng',
    courtyardId: 'dengfeng-yard-01',
    description: '路灯坏了 晚上看不见',
    raisedAt: daysBefore(2),
    closed: false,
    ...changes,
  });

  it('finds open cases of the same category and place with the same normalised text, oldest first', () => {
    const found = findLikelyDuplicates(probe, [
      candidate('newer', { raisedAt: daysBefore(1) }),
      candidate('older', { raisedAt: daysBefore(5), description: '路灯坏了；晚上 看不见。。' }),
      candidate('no-courtyard', { courtyardId: null, raisedAt: daysBefore(3) }),
    ]);
    expect(found).toEqual([
      { caseId: 'older', raisedAt: daysBefore(5) },
      { caseId: 'no-courtyard', raisedAt: daysBefore(3) },
      { caseId: 'newer', raisedAt: daysBefore(1) },
    ]);
  });

  it('leaves out other places, categories, texts, closed cases, the case itself and old cases', () => {
    expect(
      findLikelyDuplicates({ ...probe, caseId: 'self' }, [
        candidate('self'),
        candidate('other-village', { villageId: 'sanxing' }),
        candidate('other-courtyard', { courtyardId: 'dengfeng-yard-02' }),
        candidate('other-category', { category: '环境卫生' }),
        candidate('other-text', { description: '路灯坏了，白天也不亮' }),
        candidate('closed', { closed: true }),
        candidate('too-old', { raisedAt: daysBefore(likelyDuplicateWindowDays + 1) }),
      ]),
    ).toEqual([]);
  });

  it('counts the window inclusively on both sides, and takes a shorter one when asked', () => {
    const edge = candidate('edge', { raisedAt: daysBefore(likelyDuplicateWindowDays) });
    const later = candidate('later', { raisedAt: daysBefore(-3) });
    expect(findLikelyDuplicates(probe, [edge, later]).map((d) => d.caseId)).toEqual(['edge', 'later']);
    expect(findLikelyDuplicates(probe, [edge, later], 2).map((d) => d.caseId)).toEqual([]);
  });

  it('never matches a report without comparable text', () => {
    const emoji = { ...probe, description: '🙏🙏！' };
    expect(findLikelyDuplicates(emoji, [candidate('emoji', { description: '🙏' })])).toEqual([]);
  });
});

describe('likelyDuplicateSearch', () => {
  const probe: DuplicateProbe = {
    caseId: 'self',
    category: '路灯照明',
    location: { villageId: 'dengfeng' },
    description: '路灯坏了，晚上看不见！',
    raisedAt: '2026-03-10T02:00:00.000Z',
  };

  it('asks a store for the normalised text in the place, the window either side, the case itself left out', () => {
    const at = Date.parse(probe.raisedAt as string);
    expect(likelyDuplicateSearch(probe, 2)).toEqual({
      key: '路灯坏了晚上看不见',
      category: '路灯照明',
      villageId: 'dengfeng',
      courtyardId: null,
      raisedFrom: at - 2 * 86_400_000,
      raisedTo: at + 2 * 86_400_000,
      excludeCaseId: 'self',
    });
  });

  it('asks nothing for a report without comparable text', () => {
    expect(likelyDuplicateSearch({ ...probe, description: ' 🙏！' })).toBeNull();
  });
});
