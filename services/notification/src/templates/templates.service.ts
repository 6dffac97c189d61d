import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { isUniqueViolation, type Database } from '@bishan/db';
import { DATABASE } from '@bishan/service-runtime';
import { defaultTemplates } from './message-kinds';

/**
 * Seeds the templates the service starts with. A row an administrator edited (`updatedBy` set) is
 * left alone; one nobody edited follows the current default, so better default texts reach
 * deployments seeded by an earlier version.
 * Several instances start together: an upsert is a read then a write, so the one that loses the race
 * to insert a template finds it there (a unique violation) and leaves it alone too.
 */
@Injectable()
export class TemplateSeeder implements OnModuleInit {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async onModuleInit(): Promise<void> {
    const now = new Date();
    for (const template of defaultTemplates()) {
      await this.db.notificationTemplate
        .upsert({
          where: { kind_channel: { kind: template.kind, channel: template.channel } },
          create: { ...template, updatedAt: now },
          update: {},
        })
        .catch((error: unknown) => {
          if (!isUniqueViolation(error)) throw error;
        });
      // Only a row that differs is written: a restart with unchanged defaults writes nothing.
      await this.db.notificationTemplate.updateMany({
        where: { kind: template.kind, channel: template.channel, updatedBy: null, NOT: { subject: template.subject, body: template.body } },
        data: { subject: template.subject, body: template.body, updatedAt: now },
      });
    }
  }
}
