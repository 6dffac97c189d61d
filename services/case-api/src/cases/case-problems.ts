import { HttpStatus } from '@nestjs/common';
import type { FieldProblem, PlaceProblem, Rejection, RejectionCode } from '@bishan/domain';
import { ProblemException } from '@bishan/service-runtime';

const statusByCode: Record<RejectionCode, HttpStatus> = {
  forbidden: HttpStatus.FORBIDDEN,
  'wrong-state': HttpStatus.CONFLICT,
  late: HttpStatus.CONFLICT,
  invalid: HttpStatus.UNPROCESSABLE_ENTITY,
  'unknown-deadline': HttpStatus.CONFLICT,
  'not-due': HttpStatus.CONFLICT,
};

/**
 * A rule of the loop said no: the caller gets the rule's own sentence, and, when the rule is about
 * one field of the body, that field in `errors` (as a validation error names it) so a form shows
 * the sentence next to the field, with the field's rule as a code where the domain gives one.
 */
export function ruleRejection(code: RejectionCode, reason: string, field?: string, fieldProblem?: FieldProblem): ProblemException {
  const error = { field: `body.${field}`, message: reason, ...(fieldProblem ? fieldErrorCode(fieldProblem) : {}) };
  return new ProblemException({
    type: `https://bishan.example/problems/${code}`,
    title: `action refused (${code})`,
    status: statusByCode[code],
    detail: reason,
    ...(field === undefined ? {} : { errors: [error] }),
  });
}

/** A domain rejection as the API's problem, with its field's rule as a code where it names a field. */
export function rejectionProblem(rejection: Rejection): ProblemException {
  return ruleRejection(rejection.code, rejection.reason, rejection.field, rejection.fieldProblem);
}

/** The `code` and `params` of a problem document's field error, from the domain's rule. */
export function fieldErrorCode(problem: FieldProblem): { code: string; params?: Readonly<Record<string, string | number>> } {
  return { code: problem.rule, ...(problem.params ? { params: problem.params } : {}) };
}

/** A raise names a place or category the organisation does not have, or places that do not fit together. */
export function placeRejection(problems: readonly PlaceProblem[]): ProblemException {
  return new ProblemException({
    type: 'https://bishan.example/problems/unknown-place',
    title: 'not in the organisation',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    detail: problems.map((p) => p.message).join('; '),
    errors: problems.map((p) => ({ field: `body.${p.field}`, message: p.message, ...fieldErrorCode(p.problem) })),
  });
}

/** The validator's message is `code: reason`; anything else is passed on as a conflict. */
export function ruleRejectionFromMessage(message: string): ProblemException {
  const match = /^([a-z-]+): (.*)$/s.exec(message);
  const code = match?.[1] as RejectionCode | undefined;
  if (match && code && code in statusByCode) return ruleRejection(code, match[2] ?? message);
  return new ProblemException({
    type: 'about:blank',
    title: 'action refused',
    status: HttpStatus.CONFLICT,
    detail: message,
  });
}

export function caseNotFound(id: string): ProblemException {
  return new ProblemException({
    type: 'https://bishan.example/problems/not-found',
    title: 'case not found',
    status: HttpStatus.NOT_FOUND,
    detail: `no case with id ${id}`,
  });
}

/** Seconds a caller is asked to wait before retrying a request refused as temporarily unavailable. */
export const RETRY_AFTER_SECONDS = 2;

// The Retry-After header is added where the response is at hand (IdempotencyInterceptor).
export { temporarilyUnavailable } from '@bishan/service-runtime';
