import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@bishan/config';
import { AdminAuditLog, readAnchors, type AdminAuditEntry, type AdminChainReport, type Database } from '@bishan/db';
import { APP_CONFIG, DATABASE } from '@bishan/service-runtime';
import type { AdminChainQuery } from '../audit-admin.schemas';

export interface AdminChainPage {
  /** Newest first; `data` is the change as JSON text, exactly as it was hashed. */
  items: AdminAuditEntry[];
  total: number;
  /** The whole chain recomputed and its anchored head checked: a broken one is a finding to report, not a failure. */
  verification: AdminChainReport;
}

/** Lists the admin audit chain (organisation, template, webhook and holiday edits) and verifies it. */
@Injectable()
export class AdminAuditChainHandler {
  private readonly log: AdminAuditLog;

  constructor(
    @Inject(DATABASE) db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.log = new AdminAuditLog(db, config.audit);
  }

  async page(query: AdminChainQuery): Promise<AdminChainPage> {
    const [{ items, total }, verification] = await Promise.all([
      this.log.list({ limit: query.limit, ...(query.beforeSeq === undefined ? {} : { beforeSeq: query.beforeSeq }) }),
      readAnchors(this.config.audit.anchorFile).then((anchors) => this.log.verify(anchors)),
    ]);
    return { items, total, verification };
  }
}
