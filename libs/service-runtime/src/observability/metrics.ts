import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Publisher } from '@bishan/messaging';

/** One registry per process; every metric carries the service's name. */
export const metricsRegistry = new Registry();

let defaultsCollected = false;

export function startProcessMetrics(service: string): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  metricsRegistry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: metricsRegistry, prefix: 'bishan_' });
}

export const httpRequestDuration = new Histogram({
  name: 'bishan_http_request_duration_seconds',
  help: 'HTTP requests by method, route pattern and status, with their latency',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

export const workflowStarts = new Counter({
  name: 'bishan_workflow_starts_total',
  help: 'Case workflows started by the API',
  registers: [metricsRegistry],
});

/**
 * A gauge whose value is read when Prometheus scrapes (a count in the database, offsets in Kafka).
 * Registered once per process; a sample that fails leaves the series out of that scrape rather than
 * failing the whole endpoint.
 */
export function registerSampledGauge<L extends string = never>(
  name: string,
  help: string,
  sample: () => Promise<number | { labels: Record<L, string>; value: number }[]>,
  labelNames: readonly L[] = [],
): void {
  if (metricsRegistry.getSingleMetric(name)) return;
  new Gauge<L>({
    name,
    help,
    labelNames,
    registers: [metricsRegistry],
    async collect() {
      this.reset();
      let value: Awaited<ReturnType<typeof sample>>;
      try {
        value = await sample();
      } catch {
        return;
      }
      if (typeof value === 'number') this.set(value);
      else for (const point of value) this.set(point.labels as never, point.value);
    },
  });
}

/** Committed events not yet on the broker; sampled when scraped. */
export function registerOutboxBacklogGauge(backlog: () => Promise<number>): void {
  registerSampledGauge('bishan_outbox_backlog', 'Outbox events committed but not yet published to Kafka', backlog);
}

/** Every message a consumer or the notification dispatcher parked on a dead-letter topic. */
export const deadLettersTotal = new Counter({
  name: 'bishan_dead_letters_total',
  help: 'Messages parked on a dead-letter topic, by consumer group',
  labelNames: ['consumer'] as const,
  registers: [metricsRegistry],
});

/** The dead-letter publisher of a consumer, counting what it parks (bishan_dead_letters_total). */
export function countDeadLetters(publisher: Publisher, consumer: string): Publisher {
  return {
    publish: async (messages) => {
      await publisher.publish(messages);
      deadLettersTotal.inc({ consumer }, messages.length);
    },
  };
}

/** Failed activity attempts in the case worker, by activity type and whether Temporal retries them. */
export const activityFailuresTotal = new Counter({
  name: 'bishan_activity_failures_total',
  help: 'Failed activity attempts, by activity type and whether they will be retried',
  labelNames: ['activity_type', 'retrying'] as const,
  registers: [metricsRegistry],
});
