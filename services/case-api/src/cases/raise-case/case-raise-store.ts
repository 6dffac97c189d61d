import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@bishan/config';
import type { SequencedCaseEvent } from '@bishan/contracts';
import { CaseRepository, PendingCaseStartRepository, policyInForceReader, type Database } from '@bishan/db';
import type { CalendarData, CasePolicy, CaseView } from '@bishan/domain';
import { APP_CONFIG, DATABASE, calendarDataReader } from '@bishan/service-runtime';

/** Where a raise is recorded and its start is tracked; the handler's only way to the database. */
@Injectable()
export class CaseRaiseStore {
  private readonly cases: CaseRepository;
  private readonly pending: PendingCaseStartRepository;
  /** The loaded holiday schedules a raise's first deadlines are counted with. */
  readonly calendar: () => Promise<CalendarData>;
  private readonly policies: (configured?: string) => Promise<CasePolicy>;

  constructor(@Inject(DATABASE) db: Database, @Inject(APP_CONFIG) config: AppConfig) {
    this.cases = new CaseRepository(db, config.audit);
    this.pending = new PendingCaseStartRepository(db);
    this.calendar = calendarDataReader(db);
    this.policies = policyInForceReader(db);
  }

  /** See CaseRepository.recordRaise. */
  record(caseId: string, events: SequencedCaseEvent[], view: CaseView, input: string, at: Date) {
    return this.cases.recordRaise(caseId, events, view, input, at);
  }

  /**
   * The policy new cases pin: the configured version (CASE_POLICY_VERSION, for demonstrations and
   * real-time tests) or the published version in force, read from the versions table (a
   * publication shows within seconds; at once in the process that published it).
   */
  policyInForce(configured: string | undefined): Promise<CasePolicy> {
    return this.policies(configured);
  }

  async statusOf(caseId: string): Promise<string | null> {
    return (await this.cases.findById(caseId))?.status ?? null;
  }

  started(caseId: string): Promise<void> {
    return this.pending.started(caseId);
  }

  startFailed(caseId: string, error: string): Promise<void> {
    return this.pending.failed(caseId, error);
  }
}
