import { createDatabase, type Database } from '@bishan/db';
import { startTestStack, type ServiceName, type TestStack } from '@bishan/testing';

/** The test stack with a database client of its own, for the invariants the fault suites check. */
export type FaultStack = Omit<TestStack, 'db'> & { db: Database };

/**
 * startTestStack with what fault injection and benchmarks need on top: the demo policy (deadlines
 * in seconds), a readiness bound that workflow bundling on a saturated machine fits in, and a
 * Prisma client on the stack's database.
 */
export async function startFaultStack(options: {
  label: string;
  services: Partial<Record<ServiceName, number>>;
  env?: Record<string, string>;
}): Promise<FaultStack> {
  const stack = await startTestStack({
    label: options.label,
    services: options.services,
    env: { CASE_POLICY_VERSION: 'demo-compressed', ...options.env },
    readyTimeoutMs: 300_000,
  });
  let db: Database;
  try {
    db = await createDatabase(stack.env['DATABASE_URL']!);
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return {
    ...stack,
    db,
    async stop() {
      await db.$disconnect();
      await stack.stop();
    },
  };
}
