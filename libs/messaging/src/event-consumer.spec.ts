import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { holdBeforeOffsetCommitFromEnvironment } from './event-consumer';

/** Settles what is already settled; a promise still pending afterwards is held. */
const stateOf = async (promise: Promise<unknown>) => Promise.race([promise.then(() => 'settled'), Promise.resolve().then(() => 'pending')]);

describe('holdBeforeOffsetCommitFromEnvironment', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'consumer-hold-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is off unless asked, and never in production', () => {
    expect(holdBeforeOffsetCommitFromEnvironment({})).toBeUndefined();
    expect(holdBeforeOffsetCommitFromEnvironment({ EVENT_CONSUMER_HOLD_BEFORE_COMMIT: dir, NODE_ENV: 'production' })).toBeUndefined();
  });

  it('holds the first message for good, says so in a file named after the group, and lets later ones pass', async () => {
    const hold = holdBeforeOffsetCommitFromEnvironment({ EVENT_CONSUMER_HOLD_BEFORE_COMMIT: dir, NODE_ENV: 'test' });
    expect(hold).toBeDefined();
    const first = hold!('case.events.v1[2]@7', 'suite-reporting');
    expect(await stateOf(first)).toBe('pending');
    expect(readFileSync(path.join(dir, 'suite-reporting.held'), 'utf8')).toBe('case.events.v1[2]@7\n');
    expect(await stateOf(hold!('case.events.v1[2]@8', 'suite-reporting'))).toBe('settled');
  });
});
