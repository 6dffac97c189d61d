import { HttpStatus, type PipeTransform } from '@nestjs/common';
import type { ZodIssue, ZodType, ZodTypeDef } from 'zod';
import { ProblemException } from './problem-details.filter';

/** Validates a request part against a zod schema; a failure is a 400 naming each offending field. */
export class ZodValidationPipe<T> implements PipeTransform<unknown, T> {
  constructor(
    // Input is whatever arrived (query strings, JSON); T is what the schema turns it into.
    private readonly schema: ZodType<T, ZodTypeDef, unknown>,
    private readonly part: 'body' | 'query' | 'path' = 'body',
  ) {}

  transform(value: unknown): T {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const errors = result.error.issues.map((issue) => ({
      field: [this.part, ...issue.path].join('.'),
      message: issue.message,
      code: issue.code,
      ...issueParams(issue),
    }));
    throw new ProblemException({
      type: 'https://bishan.example/problems/validation',
      title: 'request is not valid',
      status: HttpStatus.BAD_REQUEST,
      detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
      errors,
    });
  }
}

/** The figures a client needs to word a length or range issue itself (at most 100 characters). */
function issueParams(issue: ZodIssue): { params?: Record<string, string | number> } {
  if (issue.code === 'too_big') return { params: { type: issue.type, maximum: Number(issue.maximum) } };
  if (issue.code === 'too_small') return { params: { type: issue.type, minimum: Number(issue.minimum) } };
  return {};
}
