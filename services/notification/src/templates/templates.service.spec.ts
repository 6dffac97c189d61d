import type { Database } from '@bishan/db';
import { defaultTemplates } from './message-kinds';
import { TemplateSeeder } from './templates.service';

/** A database whose template upserts fail with the given error for the first `failing` calls. */
function fakeDb(error: Error & { code?: string }, failing: number) {
  let calls = 0;
  const db = {
    notificationTemplate: {
      upsert: () => {
        calls += 1;
        return calls <= failing ? Promise.reject(error) : Promise.resolve({});
      },
      // Rows still holding an earlier default: none here.
      updateMany: () => Promise.resolve({ count: 0 }),
    },
  } as unknown as Database;
  return { db, calls: () => calls };
}

describe('TemplateSeeder', () => {
  it('leaves a template another instance inserted first alone (a unique violation), and seeds the rest', async () => {
    const { db, calls } = fakeDb(Object.assign(new Error('Unique constraint failed'), { code: 'P2002' }), 2);
    await expect(new TemplateSeeder(db).onModuleInit()).resolves.toBeUndefined();
    expect(calls()).toBe(defaultTemplates().length);
  });

  it('fails the start on any other error', async () => {
    const { db } = fakeDb(Object.assign(new Error('connection refused'), { code: 'P1001' }), 1);
    await expect(new TemplateSeeder(db).onModuleInit()).rejects.toThrow('connection refused');
  });
});
