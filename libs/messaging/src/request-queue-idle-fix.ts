// kafkajs 2.2.4 keeps every broker connection's request queue busy while it is idle: after each
// answered request `checkPendingRequests` calls `scheduleCheckPendingRequests`, which, with nothing
// pending and no throttling, sets a timer for a negative delay (Node runs it after 1 ms) that calls
// `checkPendingRequests` again — a 1 ms timer loop per connection for the process's whole life
// (upstream issues tulios/kafkajs#1556 and #1704, still open). Each consumer and producer of ours
// holds several connections, so an idle service spent most of its CPU on these timers.
//
// The queue is checked anyway whenever a request is pushed, answered or times out; a timer is only
// needed while requests wait: until the broker's throttle ends, or (in-flight limit reached) at the
// library's own 10 ms interval.

const RequestQueue = require('kafkajs/src/network/requestQueue') as RequestQueueClass;

interface RequestQueueState {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: ReturnType<typeof setTimeout> | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

interface RequestQueueClass {
  prototype: RequestQueueState & { [idleFixed]?: true };
}

/** The interval kafkajs rechecks a queue at while requests wait for an in-flight slot. */
export const PENDING_RECHECK_MS = 10;

const idleFixed = Symbol.for('bishan.kafkajs.requestQueueIdleFix');

/** A timer only while requests wait; none while the queue is empty. */
function scheduleCheckPendingRequests(this: RequestQueueState): void {
  if (this.pending.length === 0 || this.throttleCheckTimeoutId) return;
  const throttledFor = this.throttledUntil - Date.now();
  this.throttleCheckTimeoutId = setTimeout(() => {
    this.throttleCheckTimeoutId = null;
    this.checkPendingRequests();
  }, throttledFor > 0 ? throttledFor : PENDING_RECHECK_MS);
}

/** Replaces kafkajs's scheduler once per process; every queue created before or after uses it. */
export function stopIdleRequestQueueTimers(): void {
  const prototype = RequestQueue.prototype;
  if (prototype[idleFixed]) return;
  prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
  prototype[idleFixed] = true;
}

/** For tests: kafkajs's request queue class, with the scheduler in place. */
export function requestQueueClass(): new (options: object) => RequestQueueState {
  stopIdleRequestQueueTimers();
  return RequestQueue as unknown as new (options: object) => RequestQueueState;
}
