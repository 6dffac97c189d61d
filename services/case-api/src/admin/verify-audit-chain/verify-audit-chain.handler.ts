import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  AuditChainVerifier,
  CaseRepository,
  type AuditChainSummary,
  type AuditProgress,
  type CaseChainReport,
  type Database,
} from '@bishan/db';
import type { AppConfig } from '@bishan/config';
import { APP_CONFIG, DATABASE } from '@bishan/service-runtime';
import { caseNotFound } from '../../cases/case-problems';

/** Recomputes audit hash chains; a broken chain is a finding to report, not a failure. */
@Injectable()
export class VerifyAuditChainHandler {
  private readonly logger = new Logger('audit');
  private readonly verifier: AuditChainVerifier;
  private readonly cases: CaseRepository;

  constructor(@Inject(DATABASE) db: Database, @Inject(APP_CONFIG) config: AppConfig) {
    this.verifier = new AuditChainVerifier(db, config.audit);
    this.cases = new CaseRepository(db);
  }

  async verifyCase(id: string): Promise<CaseChainReport> {
    const report = await this.verifier.verifyCase(id);
    // An unknown id has no entries either; only a case that exists can have lost its whole trail.
    if (!report.ok && report.firstBroken.reason === 'no-entries' && !(await this.cases.findById(id))) {
      throw caseNotFound(id);
    }
    return report;
  }

  verifyAll(batchSize: number): Promise<AuditChainSummary> {
    return this.verifier.verifyAll({ batchSize, onProgress: (progress) => this.logProgress(progress) });
  }

  private logProgress({ checked, broken }: AuditProgress): void {
    this.logger.log(`audit chains verified: ${checked} cases, ${broken} broken so far`);
  }
}
