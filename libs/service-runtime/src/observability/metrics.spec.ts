import { countDeadLetters, metricsRegistry, registerSampledGauge } from './metrics';

const valueOf = async (name: string, labels: Record<string, string> = {}) => {
  const metric = (await metricsRegistry.getMetricsAsJSON()).find((m) => m.name === name);
  const point = (metric?.values as { value: number; labels: Record<string, string> }[] | undefined)?.find((v) =>
    Object.entries(labels).every(([k, l]) => v.labels[k] === l),
  );
  return point?.value;
};

describe('metrics for the alert rules', () => {
  it('counts what a dead-letter publisher parks, after it is published', async () => {
    const published: unknown[] = [];
    const publisher = countDeadLetters({ publish: async (messages) => void published.push(...messages) }, 'reporting-test');
    const before = (await valueOf('bishan_dead_letters_total', { consumer: 'reporting-test' })) ?? 0;
    await publisher.publish([
      { topic: 'dlq', key: 'a', value: '{}' },
      { topic: 'dlq', key: 'b', value: '{}' },
    ]);
    expect(published).toHaveLength(2);
    expect(await valueOf('bishan_dead_letters_total', { consumer: 'reporting-test' })).toBe(before + 2);
  });

  it('does not count a dead letter that could not be published', async () => {
    const publisher = countDeadLetters({ publish: () => Promise.reject(new Error('broker away')) }, 'failing-test');
    await expect(publisher.publish([{ topic: 'dlq', key: 'a', value: '{}' }])).rejects.toThrow('broker away');
    expect((await valueOf('bishan_dead_letters_total', { consumer: 'failing-test' })) ?? 0).toBe(0);
  });

  it('samples a gauge at scrape time, with labels, and leaves it out when the sample fails', async () => {
    let lag: number | Error = 7;
    registerSampledGauge(
      'bishan_test_sampled',
      'test gauge',
      async () => {
        if (lag instanceof Error) throw lag;
        return [{ labels: { consumer: 'c' }, value: lag }];
      },
      ['consumer'],
    );
    expect(await valueOf('bishan_test_sampled', { consumer: 'c' })).toBe(7);
    lag = 3;
    expect(await valueOf('bishan_test_sampled', { consumer: 'c' })).toBe(3);
    lag = new Error('kafka away');
    expect(await valueOf('bishan_test_sampled', { consumer: 'c' })).toBeUndefined();
    expect(await metricsRegistry.metrics()).toContain('# HELP bishan_test_sampled test gauge');
  });
});
