import { PENDING_RECHECK_MS, requestQueueClass } from './request-queue-idle-fix';

interface Queue {
  pending: unknown[];
  throttleCheckTimeoutId: unknown;
  push(request: object): void;
  fulfillRequest(response: { correlationId: number; payload: Buffer | null; size: number }): void;
  maybeThrottle(ms: number): void;
  destroy(): void;
}

const logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

function queue(maxInFlightRequests?: number): Queue {
  const RequestQueue = requestQueueClass();
  return new RequestQueue({
    clientId: 'spec',
    broker: 'b:9092',
    logger,
    requestTimeout: 30_000,
    maxInFlightRequests,
  }) as unknown as Queue;
}

/** A request as kafkajs's connection pushes it; `sent` records the correlation ids that left. */
function request(correlationId: number, sent: number[]) {
  return {
    entry: {
      correlationId,
      apiKey: 1,
      apiName: 'Fetch',
      apiVersion: 11,
      resolve: () => undefined,
      reject: () => undefined,
    },
    expectResponse: true,
    sendRequest: () => sent.push(correlationId),
  };
}

describe("kafkajs's request queue, without its idle timer loop", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sets no timer once an answered request leaves the queue empty', () => {
    const q = queue();
    const sent: number[] = [];
    q.push(request(1, sent));
    q.fulfillRequest({ correlationId: 1, payload: null, size: 0 });
    expect(sent).toEqual([1]);
    expect(q.throttleCheckTimeoutId).toBeNull();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('still sends a request that waited for an in-flight slot, as soon as one frees', () => {
    const q = queue(1);
    const sent: number[] = [];
    q.push(request(1, sent));
    q.push(request(2, sent));
    expect(sent).toEqual([1]);
    q.fulfillRequest({ correlationId: 1, payload: null, size: 0 });
    expect(sent).toEqual([1, 2]);
    q.fulfillRequest({ correlationId: 2, payload: null, size: 0 });
    // The recheck set while request 2 waited fires once, finds nothing, and sets no other.
    jest.advanceTimersByTime(PENDING_RECHECK_MS);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('still sends a request held back by the broker’s throttle when the throttle ends', () => {
    const q = queue();
    const sent: number[] = [];
    q.maybeThrottle(500);
    q.push(request(1, sent));
    expect(sent).toEqual([]);
    jest.advanceTimersByTime(499);
    expect(sent).toEqual([]);
    jest.advanceTimersByTime(PENDING_RECHECK_MS);
    expect(sent).toEqual([1]);
    q.fulfillRequest({ correlationId: 1, payload: null, size: 0 });
    expect(jest.getTimerCount()).toBe(0);
    q.destroy();
  });
});
