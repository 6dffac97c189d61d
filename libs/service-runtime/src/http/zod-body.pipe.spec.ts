import { z } from 'zod';
import type { ProblemException } from './problem-details.filter';
import { ZodValidationPipe } from './zod-body.pipe';

describe('ZodValidationPipe', () => {
  it('names each offending field with its message, and the issue code and figures a client may word itself', () => {
    const pipe = new ZodValidationPipe(z.object({ courtyardId: z.string().max(100), count: z.number().int().min(1) }));
    let problem: ProblemException | undefined;
    try {
      pipe.transform({ courtyardId: 'x'.repeat(120), count: 0 });
    } catch (error) {
      problem = error as ProblemException;
    }
    expect(problem?.problem.errors).toEqual([
      { field: 'body.courtyardId', message: expect.stringContaining('100'), code: 'too_big', params: { type: 'string', maximum: 100 } },
      { field: 'body.count', message: expect.stringContaining('1'), code: 'too_small', params: { type: 'number', minimum: 1 } },
    ]);
  });
});
