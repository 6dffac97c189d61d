import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@bishan/config';
import { AdminAuditLog, type AdminAuditEntry, type AdminChainReport, type Database } from '@bishan/db';
import { APP_CONFIG, DATABASE } from '@bishan/service-runtime';
import type { AdminChainQuery } from '../audit-admin.schemas';

export interface AdminChainPage {
  /** Newest first; `data` is the change as JSON text, exactly as it was hashed. */
  items: AdminAuditEntry[];
  total: number;
  /** The whole chain recomputed: a broken one is a finding to report, not a failure. */
  verification: AdminChainReport;
}

/** Lists the admin audit chain (organisation, template, webhook and holiday edits) and verifies it. */
@Injectable()
export class AdminAuditChainHandler {
  private readonly log: AdminAuditLog;

  constructor(@Inject(DATABASE) db: Database, @Inject(APP_CONFIG) config: AppConfig) {
    this.log = new AdminAuditLog(db, config.audit);
  }

  async page(query: AdminChainQuery): Promise<AdminChainPage> {
    const [{ items, total }, verification] = await Promise.all([
      this.log.list({ limit: query.limit, ...(query.beforeSeq === undefined ? {} : { beforeSeq: query.beforeSeq }) }),
      this.log.verify(),
    ]);
    return { items, total, verification };
  }
}
