import type { AppConfig } from '@bishan/config';
import { AdminAuditLog, createDatabase, type Database } from '@bishan/db';
import type { Actor } from '@bishan/domain';
import { ProblemException } from '@bishan/service-runtime';
import { createTestDatabase, type TestDatabase } from '@bishan/testing';
import { TemplatesController } from '../templates/templates.controller';
import { TemplatesRepository } from '../templates/templates.repository';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';

const audit = { signingKeyId: 'test', keys: [{ id: 'test', secret: 'a-test-audit-key-of-at-least-32-characters' }] };
const config = { audit, webhooks: { allowedHosts: ['qyapi.weixin.qq.com'], allowLoopback: false } } as unknown as AppConfig;
const admin = { id: 'admin', role: 'admin' } as Actor;

describe('template and webhook edits enter the admin audit chain (real database)', () => {
  let testDb: TestDatabase;
  let db: Database;
  let log: AdminAuditLog;

  beforeAll(async () => {
    testDb = await createTestDatabase('notification-admin-audit');
    db = await createDatabase(testDb.url);
    log = new AdminAuditLog(db, audit);
  }, 60_000);

  afterAll(async () => {
    await db?.$disconnect();
    testDb?.remove();
  });

  it('records a template replaced, with the admin and the new text; a refused one not at all', async () => {
    const templates = new TemplatesController(new TemplatesRepository(db, log));
    await templates.update(admin, { kind: 'assigned', channel: 'sms' }, { subject: '', body: '案件 {{caseId}} 已交办' });
    await expect(
      templates.update(admin, { kind: 'assigned', channel: 'sms' }, { subject: '', body: '{{noSuchPlaceholder}}' }),
    ).rejects.toBeInstanceOf(ProblemException);
    const { items } = await log.list({ limit: 10 });
    expect(items).toEqual([
      expect.objectContaining({ seq: 1, actorId: 'admin', action: 'notification.template.set', target: 'template:assigned/sms' }),
    ]);
    expect(JSON.parse(items[0]?.data ?? '')).toEqual({ subject: '', body: '案件 {{caseId}} 已交办' });
  });

  it("records a town's robot set, keeping the robot's key out of the chain", async () => {
    const webhooks = new WebhooksController(new WebhooksRepository(db, log), config);
    const url = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=the-robots-secret-key';
    await webhooks.set(admin, { scopeKind: 'town', scopeId: 'laifeng' }, { url, style: 'wecom' });
    const [latest] = (await log.list({ limit: 1 })).items;
    expect(latest).toMatchObject({ seq: 2, action: 'notification.webhook.set', target: 'webhook:town/laifeng' });
    expect(JSON.parse(latest?.data ?? '')).toEqual({
      url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send',
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
      style: 'wecom',
    });
    expect(latest?.data).not.toContain('the-robots-secret-key');
    await expect(log.verify()).resolves.toMatchObject({ ok: true, entries: 2 });
  });
});
