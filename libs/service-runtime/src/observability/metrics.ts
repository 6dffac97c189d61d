import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

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

/** Committed events not yet on the broker; sampled when scraped. */
export function registerOutboxBacklogGauge(backlog: () => Promise<number>): void {
  if (metricsRegistry.getSingleMetric('bishan_outbox_backlog')) return;
  new Gauge({
    name: 'bishan_outbox_backlog',
    help: 'Outbox events committed but not yet published to Kafka',
    registers: [metricsRegistry],
    async collect() {
      this.set(await backlog());
    },
  });
}
