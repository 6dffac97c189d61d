import { Alert } from 'antd';
import type { FormInstance } from 'antd';
import { ApiProblem } from '../api/client';
import { currentLanguage, messageOf } from '../i18n';
import { fieldErrorText } from '../labels/field-errors';
import { problemHeadline } from '../labels/problem-headline';

/**
 * Puts a problem document's field errors next to the fields they name ("body.location.villageId"
 * → the form field ['location', 'villageId']) and returns what is left for an alert above the form
 * (rule refusals, which name no field, and fields the form does not show). A form field named
 * differently from the API's gives both names. In Chinese each error is worded from its code.
 */
export function applyProblem(
  form: FormInstance,
  error: unknown,
  knownFields: readonly (string | { api: string; form: string })[],
): string | null {
  if (!(error instanceof ApiProblem)) return error instanceof Error ? error.message : String(error);
  const leftOver: string[] = [];
  const byField = new Map<string, string[]>();
  const language = currentLanguage();
  const fieldName = (field: string) => messageOf(field, language) ?? field;
  for (const issue of error.problem.errors ?? []) {
    const path = issue.field.replace(/^(body|query|path)\.?/, '');
    const text = fieldErrorText(issue, language, fieldName);
    const fields = knownFields.map((field) => (typeof field === 'string' ? { api: field, form: field } : field));
    const known = fields.find((field) => path === field.api) ?? fields.find((field) => path.startsWith(`${field.api}.`));
    if (known) byField.set(known.form, [...(byField.get(known.form) ?? []), text]);
    else leftOver.push(`${fieldName(path)}: ${text}`);
  }
  form.setFields([...byField].map(([field, errors]) => ({ name: field.split('.'), errors })));
  if (byField.size > 0 && leftOver.length === 0) return null;
  const headline = problemHeadline(error.problem, language, error.message);
  return leftOver.length > 0 && byField.size > 0 ? leftOver.join('; ') : headline;
}

/**
 * A problem for an alert where no form holds the fields (a sheet's signature, a list of households):
 * each field error worded from its code in the reader's language, after the field's label where the
 * console has one; without field errors, the problem's own detail.
 */
export function describeProblem(error: unknown): string {
  if (!(error instanceof ApiProblem)) return error instanceof Error ? error.message : String(error);
  const language = currentLanguage();
  const fieldName = (field: string) => messageOf(field, language) ?? field;
  const texts = (error.problem.errors ?? []).map((issue) => {
    const path = issue.field.replace(/^(body|query|path)\.?/, '');
    const text = fieldErrorText(issue, language, fieldName);
    const label = messageOf(path, language);
    return label ? `${label}: ${text}` : text;
  });
  return texts.length > 0 ? texts.join('; ') : problemHeadline(error.problem, language, error.message);
}

export function ProblemAlert({ message }: { message: string | null }) {
  if (!message) return null;
  return <Alert type="error" showIcon role="alert" data-testid="problem" title={message} style={{ marginBottom: 12 }} />;
}
