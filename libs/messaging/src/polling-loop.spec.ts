import { PollingLoop, type PollingLoopOptions } from './polling-loop';

/** A round whose answers are scripted (true: more waiting, an Error: the round fails); calls are counted. */
function scriptedRound(answers: (boolean | Error)[]) {
  const calls: number[] = [];
  return {
    calls,
    round: async () => {
      calls.push(calls.length + 1);
      const answer = answers.shift() ?? false;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

/** A round that stays in progress until the test finishes it; counts how many run at the same time. */
function heldRound() {
  const pending: ((more: boolean) => void)[] = [];
  const state = { started: 0, inProgress: 0, mostAtOnce: 0 };
  return {
    state,
    round: () =>
      new Promise<boolean>((resolve) => {
        state.started += 1;
        state.inProgress += 1;
        state.mostAtOnce = Math.max(state.mostAtOnce, state.inProgress);
        pending.push((more) => {
          state.inProgress -= 1;
          resolve(more);
        });
      }),
    finish: (more = false) => pending.shift()?.(more),
  };
}

const HOUR = 3_600_000;
const lines: string[] = [];
const options = (extra: Partial<PollingLoopOptions> = {}): PollingLoopOptions => ({
  name: 'test loop',
  intervalMs: HOUR,
  log: (level, message) => lines.push(`${level} ${message}`),
  ...extra,
});
/** Lets every promise that can settle without time passing settle. */
const settle = () => jest.advanceTimersByTimeAsync(0);

describe('PollingLoop', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    lines.length = 0;
  });
  afterEach(() => jest.useRealTimers());

  it('goes again at once while a round says more is waiting, then pauses for the interval', async () => {
    const script = scriptedRound([true, true, false, false]);
    const loop = new PollingLoop(script.round, options({ intervalMs: 100 }));
    loop.start();
    await settle();
    expect(script.calls).toHaveLength(3);
    await jest.advanceTimersByTimeAsync(99);
    expect(script.calls).toHaveLength(3);
    await jest.advanceTimersByTimeAsync(1);
    expect(script.calls).toHaveLength(4);
    await loop.stop();
  });

  it('starts the next round when woken during its pause', async () => {
    const script = scriptedRound([]);
    const loop = new PollingLoop(script.round, options());
    loop.start();
    await settle();
    expect(script.calls).toHaveLength(1);
    loop.wake();
    await settle();
    expect(script.calls).toHaveLength(2);
    await loop.stop();
  });

  it('runs one more round right after the one in progress when woken during it, however many wakes came', async () => {
    const held = heldRound();
    const loop = new PollingLoop(held.round, options());
    loop.start();
    await settle();
    expect(held.state.started).toBe(1);
    // Two commits while the round reads: it may have looked before either.
    loop.wake();
    loop.wake();
    await settle();
    expect(held.state.started).toBe(1);
    held.finish();
    await settle();
    expect(held.state.started).toBe(2);
    held.finish();
    await settle();
    // No wake during the second round: the loop pauses.
    expect(held.state.started).toBe(2);
    expect(held.state.mostAtOnce).toBe(1);
    const stopping = loop.stop();
    await settle();
    await stopping;
  });

  it('logs each failure with its name and count in a row, backs off doubling up to the cap, and logs the recovery', async () => {
    const script = scriptedRound([
      new Error('broker away'),
      new Error('broker away'),
      new Error('broker away'),
      false,
    ]);
    const loop = new PollingLoop(script.round, options({ intervalMs: 100, maxBackoffMs: 300 }));
    loop.start();
    await settle();
    expect(script.calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(199); // after one failure: 100 × 2
    expect(script.calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(script.calls).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(300); // after two: 400, capped at 300
    expect(script.calls).toHaveLength(3);
    await jest.advanceTimersByTimeAsync(300);
    expect(script.calls).toHaveLength(4);
    expect(lines).toEqual([
      'warn test loop: round failed (1 in a row, next in 200 ms): broker away',
      'warn test loop: round failed (2 in a row, next in 300 ms): broker away',
      'warn test loop: round failed (3 in a row, next in 300 ms): broker away',
      'log test loop recovered after 3 failed rounds',
    ]);
    await jest.advanceTimersByTimeAsync(99); // healthy again: the plain interval
    expect(script.calls).toHaveLength(4);
    await jest.advanceTimersByTimeAsync(1);
    expect(script.calls).toHaveLength(5);
    await loop.stop();
  });

  it('is not driven harder by wakes while it backs off', async () => {
    const script = scriptedRound([new Error('broker away')]);
    const loop = new PollingLoop(script.round, options({ intervalMs: 100, maxBackoffMs: 1_000 }));
    loop.start();
    await settle();
    loop.wake();
    await jest.advanceTimersByTimeAsync(199);
    expect(script.calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(script.calls).toHaveLength(2);
    await loop.stop();
  });

  it('pauses a plain interval after a failure when no backoff is set, and goes on', async () => {
    const script = scriptedRound([new Error('a'), new Error('b')]);
    const loop = new PollingLoop(script.round, options({ intervalMs: 100 }));
    loop.start();
    await jest.advanceTimersByTimeAsync(200);
    expect(script.calls).toHaveLength(3);
    expect(lines).toHaveLength(3);
    await loop.stop();
  });

  it('can wait one interval before its first round, and stop before it', async () => {
    const script = scriptedRound([]);
    const loop = new PollingLoop(script.round, options({ intervalMs: 100, firstAfterInterval: true }));
    loop.start();
    await jest.advanceTimersByTimeAsync(99);
    expect(script.calls).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(script.calls).toHaveLength(1);
    await loop.stop();

    const never = scriptedRound([]);
    const stopped = new PollingLoop(never.round, options({ firstAfterInterval: true }));
    stopped.start();
    await settle();
    await stopped.stop();
    expect(never.calls).toHaveLength(0);
  });

  it('ends its pause on stop, lets the round in progress finish, and starts no other', async () => {
    const paused = scriptedRound([]);
    const idle = new PollingLoop(paused.round, options());
    idle.start();
    await settle();
    await idle.stop(); // an hour's pause, ended at once
    await jest.advanceTimersByTimeAsync(2 * HOUR);
    expect(paused.calls).toHaveLength(1);

    const held = heldRound();
    const loop = new PollingLoop(held.round, options());
    loop.start();
    await settle();
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false);
    held.finish(true); // even with more waiting
    await stopping;
    await jest.advanceTimersByTimeAsync(2 * HOUR);
    expect(held.state.started).toBe(1);
  });

  it('never runs two rounds at once when started again while stopping', async () => {
    const held = heldRound();
    const loop = new PollingLoop(held.round, options());
    loop.start();
    await settle();
    void loop.stop();
    loop.start();
    await settle();
    expect(held.state.started).toBe(1);
    held.finish();
    await settle();
    expect(held.state.started).toBe(2);
    expect(held.state.mostAtOnce).toBe(1);
    const stopping = loop.stop();
    held.finish();
    await stopping;
  });
});
