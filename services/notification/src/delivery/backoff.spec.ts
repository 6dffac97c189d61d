import { retryAfterFailure } from './backoff';

describe('retryAfterFailure', () => {
  const now = new Date('2026-11-27T00:00:00Z');
  it('doubles the pause with every failure', () => {
    expect(
      [1, 2, 3, 4].map((n) => (retryAfterFailure(n, 5, 1000, now)?.getTime() ?? 0) - now.getTime()),
    ).toEqual([1000, 2000, 4000, 8000]);
  });
  it('gives up after the last attempt', () => {
    expect(retryAfterFailure(5, 5, 1000, now)).toBeNull();
    expect(retryAfterFailure(1, 1, 1000, now)).toBeNull();
  });
});
