import { Random } from './random';
import { percentile, summarise } from './latency';

describe('the seeded generator', () => {
  it('repeats itself for the same seed and part, and differs between parts', () => {
    const draw = (r: Random) => Array.from({ length: 5 }, () => r.next());
    expect(draw(Random.derive(7, 1, 3))).toEqual(draw(Random.derive(7, 1, 3)));
    expect(draw(Random.derive(7, 1, 3))).not.toEqual(draw(Random.derive(7, 1, 4)));
    expect(draw(Random.derive(7, 1, 3))).not.toEqual(draw(Random.derive(8, 1, 3)));
  });

  it('draws weighted keys in proportion to their weights', () => {
    const r = new Random(42);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 20_000; i++) counts[r.weighted({ a: 0.9, b: 0.1 })] += 1;
    expect(counts.a / 20_000).toBeGreaterThan(0.88);
    expect(counts.a / 20_000).toBeLessThan(0.92);
  });
});

describe('percentiles', () => {
  it('are nearest-rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile([], 99)).toBeNull();
    expect(summarise([3, 1, 2])).toEqual({ count: 3, p50: 2, p90: 3, p99: 3, max: 3 });
  });
});
