import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  AuditChainVerifier,
  CaseRepository,
  readAnchors,
  type AuditChainSummary,
  type AuditProgress,
  type CaseChainReport,
  type Database,
} from '@bishan/db';
import type { AppConfig } from '@bishan/config';
import { APP_CONFIG, DATABASE } from '@bishan/service-runtime';
import { caseNotFound } from '../../cases/case-problems';

/**
 * Recomputes audit hash chains and checks them against the heads anchored outside the database
 * (AUDIT_ANCHOR_FILE, read afresh for every request); a broken chain is a finding to report, not a failure.
 */
@Injectable()
export class VerifyAuditChainHandler {
  private readonly logger = new Logger('audit');
  private readonly cases: CaseRepository;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.cases = new CaseRepository(db);
  }

  private async verifier(): Promise<AuditChainVerifier> {
    return new AuditChainVerifier(this.db, this.config.audit, await readAnchors(this.config.audit.anchorFile));
  }

  async verifyCase(id: string): Promise<CaseChainReport> {
    const report = await (await this.verifier()).verifyCase(id);
    // An unknown id has no entries either; only a case that exists can have lost its whole trail.
    if (!report.ok && report.firstBroken.reason === 'no-entries' && !(await this.cases.findById(id))) {
      throw caseNotFound(id);
    }
    return report;
  }

  async verifyAll(batchSize: number): Promise<AuditChainSummary> {
    return (await this.verifier()).verifyAll({ batchSize, onProgress: (progress) => this.logProgress(progress) });
  }

  private logProgress({ checked, broken }: AuditProgress): void {
    this.logger.log(`audit chains verified: ${checked} cases, ${broken} broken so far`);
  }
}
