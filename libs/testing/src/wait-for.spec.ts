import { waitFor } from './wait-for';

describe('waitFor', () => {
  it('returns the first defined value, retrying through errors', async () => {
    let calls = 0;
    const value = await waitFor(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('not yet');
        return calls === 3 ? 'ready' : undefined;
      },
      { description: 'the third call', intervalMs: 1 },
    );
    expect(value).toBe('ready');
    expect(calls).toBe(3);
  });

  it('names what it waited for and the last error when time runs out', async () => {
    await expect(
      waitFor(
        async () => {
          throw new Error('connection refused');
        },
        { description: 'the broker', timeoutMs: 20, intervalMs: 5 },
      ),
    ).rejects.toThrow('timed out after 20 ms waiting for the broker: connection refused');
  });
});
