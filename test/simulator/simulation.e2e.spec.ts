import { startTestStack, type TestStack } from '@bishan/testing';
import { defaultProfile } from './profile';
import { Simulation } from './simulation';

/**
 * A short simulated day against the real services and engines with the demo policy (a working day
 * lasts 2 s): every arrival ends in an outcome, nothing fails, the meetings are opened and closed.
 */
describe('the district simulator', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({
      label: 'simulator',
      services: ['case-api', 'case-worker'],
      env: { CASE_POLICY_VERSION: 'demo-compressed' },
    });
  });

  afterAll(() => stack?.stop());

  it('runs a seeded day over HTTP with no errors and accounts for every case', async () => {
    const profile = {
      ...defaultProfile,
      // More of the loop in a short run: fewer solved on the spot, more of each twist.
      resolvedOnSpot: 0.5,
      lateClaim: 0.6,
      overdue: 0.4,
      extensionRequested: 0.4,
      triageRoute: { village: 0.2, town: 0.1, district: 0.7 },
      complexity: { simple: 1, general: 0, complex: 0 },
    };
    const simulation = new Simulation({
      baseUrl: stack.service('case-api').url,
      rate: 2,
      durationS: 15,
      seed: 11,
      drainS: 90,
      profile,
      progress: false,
    });
    const summary = await simulation.run();
    expect(summary.errors).toEqual({});
    expect(summary.arrivals).toBe(30);
    const accounted = Object.values(summary.outcomes).reduce((a, b) => a + b, 0);
    expect(accounted).toBe(30);
    expect(summary.outcomes.raiseFailed + summary.outcomes.stoppedByError).toBe(0);
    expect(summary.outcomes.resolvedOnSpot).toBeGreaterThan(5);
    expect(summary.meetings.closed).toBe(summary.meetings.opened);
    expect(summary.latencyMs.writes.count).toBeGreaterThan(30);
    // Every twist of the loop happened at least once.
    for (const event of ['triaged:district', 'lateClaim', 'reportedOverdue', 'extensionRequested'])
      expect(summary.events[event] ?? 0).toBeGreaterThan(0);
  });
});
