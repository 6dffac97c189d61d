import { createDatabase, type Database } from '@bishan/db';
import { createTestDatabase, type TestDatabase } from '@bishan/testing';
import { defaultTemplates } from './message-kinds';
import { TemplateSeeder } from './templates.service';

describe('TemplateSeeder on a real database', () => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase('template-seeder');
    db = await createDatabase(testDb.url);
  }, 60_000);

  afterAll(async () => {
    await db.$disconnect();
    testDb.remove();
  });

  it('brings a row nobody edited to the current default, and leaves an edited row alone', async () => {
    const seeder = new TemplateSeeder(db);
    await seeder.onModuleInit();
    const at = { kind: 'deadlineMissed', channel: 'inbox' } as const;
    const current = defaultTemplates().find((t) => t.kind === at.kind && t.channel === at.channel)!;
    expect(current.body).toContain('{{caseRef}}');
    // An earlier version's default, which named the case by its full id.
    const old = { subject: current.subject.replaceAll('{{caseRef}}', '{{caseId}}'), body: current.body.replaceAll('{{caseRef}}', '{{caseId}}') };
    const edited = { kind: 'escalated', channel: 'inbox' } as const;
    const editedText = { subject: '督办:{{caseId}}', body: '请尽快办理 {{caseId}}。' };

    // As an earlier version left them: one untouched default, one edited by an administrator.
    await db.notificationTemplate.update({ where: { kind_channel: at }, data: { subject: old.subject, body: old.body } });
    await db.notificationTemplate.update({ where: { kind_channel: edited }, data: { ...editedText, updatedBy: 'admin' } });
    await seeder.onModuleInit();

    expect(await db.notificationTemplate.findUnique({ where: { kind_channel: at } })).toMatchObject({ subject: current.subject, body: current.body });
    expect(await db.notificationTemplate.findUnique({ where: { kind_channel: edited } })).toMatchObject(editedText);
  });
});
