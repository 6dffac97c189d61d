import { plainText, publicNoticeOf, publicReference } from './public-notice';

const subject = { caseId: '3f2a9c1e-7b44-4c1a-9d2e-000000000001', category: '线路整治', townName: '来凤街道', villageName: '登凤村' };

describe('public notices to residents', () => {
  it('tells the triage result by unit, never by person', () => {
    expect(publicNoticeOf(subject, { step: 'triaged', route: 'district', unitName: 'ignored' })).toEqual({
      kind: 'triage',
      title: '研判结果:登凤村',
      text: '登凤村群众反映的“线路整治”问题(编号 3F2A9C1E),经来凤街道研判,已提交区级部门认领办理。',
    });
    expect(publicNoticeOf(subject, { step: 'triaged', route: 'village', unitName: '登凤村' }).text).toContain('交由登凤村办理');
  });

  it('quotes the plan and the result as plain text, cut to length', () => {
    const plan = publicNoticeOf(subject, { step: 'planned', departmentName: '璧山供电公司', plan: '统一规整线路\n<b>分两批</b>\u0007施工', dueDate: '2026-12-20' });
    expect(plan.text).toBe('登凤村群众反映的“线路整治”问题(编号 3F2A9C1E)已由璧山供电公司认领,办理方案:统一规整线路 b分两批/b 施工。计划于 2026-12-20 前办结。');
    const result = publicNoticeOf(subject, { step: 'resulted', summary: '线'.repeat(400) });
    expect([...result.text].length).toBeLessThan(400);
    expect(result.text).toContain('…。请群众对办理结果进行评价。');
  });

  it('tells the residents when an earlier notice no longer holds: back to triage, or handled again', () => {
    expect(publicNoticeOf(subject, { step: 'returned' })).toEqual({
      kind: 'update',
      title: '重新研判:登凤村',
      text: '登凤村群众反映的“线路整治”问题(编号 3F2A9C1E)经核实不属原办理单位职责,已退回来凤街道重新研判,研判结果将另行公布。',
    });
    expect(publicNoticeOf(subject, { step: 'reopened' })).toMatchObject({ kind: 'update', title: '重新办理:登凤村' });
    expect(publicNoticeOf(subject, { step: 'reopened' }).text).toContain('群众对办理结果不满意,已重新交办理单位办理');
  });

  it('keeps whole characters and drops direction overrides', () => {
    expect(plainText('🔌'.repeat(5), 3)).toBe('🔌🔌…');
    expect(plainText('a\u202Eb')).toBe('a b');
    expect(publicReference('ab-cd-ef-gh-ij')).toBe('ABCDEFGH');
  });
});
