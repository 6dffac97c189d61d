import { defaultTemplates, messageKinds, placeholdersOf } from './message-kinds';
import { placeholdersIn, render, templateIssues } from './render';

describe('render', () => {
  it('fills every placeholder, spaces inside the braces allowed, and leaves other text alone', () => {
    const out = render(
      { subject: '升级督办:{{caseId}}', body: '诉求 {{ caseId }} 第 {{step}} 级({{reason}}),请调度 {x}。' },
      { caseId: 'C-1', step: '2', reason: '办理超期' },
    );
    expect(out).toEqual({ subject: '升级督办:C-1', body: '诉求 C-1 第 2 级(办理超期),请调度 {x}。' });
  });

  it('refuses to render a placeholder without a value instead of printing a blank', () => {
    expect(() => render({ subject: '', body: '{{caseId}} {{step}}' }, { caseId: 'C-1' })).toThrow('{{step}}');
  });

  it('lists the placeholders a text uses once each', () => {
    expect(placeholdersIn('{{a}} {{b}} {{ a }}')).toEqual(['a', 'b']);
  });
});

describe('templateIssues', () => {
  it('names the field and the unknown placeholder, and what the kind offers', () => {
    expect(templateIssues('reminder', { subject: '提醒 {{caseId}}', body: '{{caseId}} {{leader}}' })).toEqual(
      [
        {
          field: 'body',
          message:
            'unknown placeholder {{leader}}; reminder offers {{caseRef}}, {{caseId}}, {{deadlineName}}, {{dueAt}}, {{percent}}',
        },
      ],
    );
    expect(templateIssues('escalated', { subject: '{{nope}}', body: '' }).map((i) => i.field)).toEqual([
      'subject',
      'body',
    ]);
  });

  it('refuses stray braces that would reach people verbatim', () => {
    expect(templateIssues('claimed', { subject: 'x', body: '{{caseId} 已认领' })).toEqual([
      { field: 'body', message: 'has "{{" or "}}" that is not a well-formed {{name}} placeholder' },
    ]);
  });

  it('accepts every seeded template, and each renders in Chinese with all of its values', () => {
    const seeded = defaultTemplates();
    expect(seeded).toHaveLength(messageKinds.length * 4);
    for (const template of seeded) {
      expect(templateIssues(template.kind, template)).toEqual([]);
      const values = Object.fromEntries(placeholdersOf[template.kind].map((name) => [name, `<${name}>`]));
      const out = render(template, values);
      expect(out.body).not.toMatch(/\{\{|\}\}/);
      expect(out.body).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
