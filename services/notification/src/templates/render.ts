import { placeholdersOf, type MessageKind, type TemplateText } from './message-kinds';

/** `{{name}}`, spaces inside the braces allowed; names are identifiers. */
const placeholder = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export type TemplateValues = Readonly<Record<string, string>>;

/** The placeholder names a text uses, in order of first use. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(placeholder)].map((match) => match[1] as string))];
}

/**
 * Fills a template. Every placeholder must have a value: a template is validated against its kind
 * before it is stored, so a missing value is a programming error, not something to print as blank.
 */
export function render(template: TemplateText, values: TemplateValues): TemplateText {
  const fill = (text: string) =>
    text.replace(placeholder, (_whole, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`template placeholder {{${name}}} has no value`);
      return value;
    });
  return { subject: fill(template.subject), body: fill(template.body) };
}

export interface TemplateIssue {
  field: 'subject' | 'body';
  message: string;
}

/** What is wrong with a template for its kind: unknown placeholders, unbalanced braces, an empty body. */
export function templateIssues(kind: MessageKind, template: TemplateText): TemplateIssue[] {
  const known = placeholdersOf[kind];
  const issues: TemplateIssue[] = [];
  for (const field of ['subject', 'body'] as const) {
    const text = template[field];
    const unknown = placeholdersIn(text).filter((name) => !known.includes(name));
    if (unknown.length > 0)
      issues.push({
        field,
        message: `unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `{{${n}}}`).join(', ')}; ${kind} offers ${known.map((n) => `{{${n}}}`).join(', ')}`,
      });
    // Braces left over once the well-formed placeholders are gone would reach people verbatim.
    if (/\{\{|\}\}/.test(text.replace(placeholder, '')))
      issues.push({ field, message: 'has "{{" or "}}" that is not a well-formed {{name}} placeholder' });
  }
  if (template.body.trim() === '') issues.push({ field: 'body', message: 'must not be empty' });
  return issues;
}
