import { ApplicationFailure } from '@temporalio/common';
import type { Rejection } from '@bishan/domain';

/**
 * A workflow's refusal of an update: the message `code: reason` (what callers parsed before), the
 * domain's rejection as its detail, so the field and the rule broken (with its parameters) reach the
 * form that sent it.
 */
export function rejectionFailure(rejection: Rejection): ApplicationFailure {
  return ApplicationFailure.create({
    message: `${rejection.code}: ${rejection.reason}`,
    type: 'Rejection',
    nonRetryable: true,
    details: [rejection],
  });
}

/** The domain's rejection an update's failure carries, if it carries one. */
export function rejectionOf(failure: Error | undefined): Rejection | null {
  if (!(failure instanceof ApplicationFailure) || failure.type !== 'Rejection') return null;
  const detail = failure.details?.[0] as Partial<Rejection> | undefined;
  return detail && detail.ok === false && typeof detail.code === 'string' && typeof detail.reason === 'string'
    ? (detail as Rejection)
    : null;
}
