import { Inject, Injectable } from '@nestjs/common';
import { CaseRepository, PendingCaseStartRepository, type Database } from '@bishan/db';
import type { Actor, CaseView } from '@bishan/domain';
import { DATABASE } from '@bishan/service-runtime';
import { caseNotFound } from '../case-problems';
import { LikelyDuplicates } from '../likely-duplicates';
import { OfferedActions } from '../offered-actions';
import { VisibleCases } from '../visible-cases';
import { residentCaseView, residentTimeline } from './resident-view';

/** Reads the case from the read model; never asks Temporal on this path. */
@Injectable()
export class GetCaseHandler {
  private readonly cases: CaseRepository;
  private readonly pending: PendingCaseStartRepository;

  constructor(
    @Inject(DATABASE) db: Database,
    private readonly visible: VisibleCases,
    private readonly duplicates: LikelyDuplicates,
    private readonly offered: OfferedActions,
  ) {
    this.cases = new CaseRepository(db);
    this.pending = new PendingCaseStartRepository(db);
  }

  /**
   * `minSeq`: the reader's own write answered with this event sequence; the read waits (briefly)
   * until the read model has recorded it, so nobody reads a case older than their own action. It
   * waits before the scope check: the event it names may be the one that brings the case into the
   * reader's scope (a triage publishes it to their department, a joint task gives it to them).
   */
  async execute(id: string, actor: Actor, minSeq = 0) {
    // One query when the read model already holds the reader's event (the usual case).
    let found = await this.visible.visibleRow(id, actor);
    if ((found?.lastEventSeq ?? 0) < minSeq && (await this.recordedUpTo(id, minSeq))) {
      found = await this.visible.visibleRow(id, actor);
    }
    if (!found) throw caseNotFound(id);
    const reporterIds = JSON.parse(found.reporterIds) as string[];
    const view = JSON.parse(found.view) as CaseView;
    const actions = await this.offered.forCase({ view, reporterIds }, actor);
    if (actor.role === 'resident') return { ...residentCaseView(found, actor), availableActions: actions };
    const { view: _view, reporterIds: _reporterIds, coHandlerIds, ...row } = found;
    const location = { villageId: row.villageId, courtyardId: row.courtyardId };
    const [duplicates, startPending] = await Promise.all([
      // Only while the case is open: a closed case is nobody's duplicate any more.
      row.status === 'closed'
        ? { named: [], total: 0 }
        : this.duplicates.of({ caseId: id, ...row, location, raisedAt: row.raisedAt }, actor),
      // Recorded, its workflow not started yet (Temporal was away): it starts by itself.
      this.pending.isPending(id),
    ]);
    return {
      ...row,
      reporterIds,
      coHandlerIds: JSON.parse(coHandlerIds) as string[],
      likelyDuplicates: duplicates.named,
      likelyDuplicateCount: duplicates.total,
      view,
      availableActions: actions,
      startPending,
    };
  }

  async timeline(id: string, actor: Actor, minSeq = 0) {
    if (minSeq > 0) await this.recordedUpTo(id, minSeq);
    await this.visible.requireVisible(id, actor);
    const entries = await this.cases.timeline(id);
    if (entries.length === 0) throw caseNotFound(id);
    if (actor.role === 'resident') return residentTimeline(entries, actor);
    return entries.map(({ data, ...entry }) => ({ ...entry, event: JSON.parse(data) as unknown }));
  }

  /**
   * Waits up to READ_YOUR_WRITES_WAIT_MS for the read model to hold event `minSeq` of the case. A
   * case with no recording at all is not waited for (the API records a raise before it answers), so
   * an unknown id answers 404 at once. Answers whether the case has a recording (worth reading again).
   */
  private async recordedUpTo(id: string, minSeq: number): Promise<boolean> {
    const deadline = Date.now() + READ_YOUR_WRITES_WAIT_MS;
    let seq = await this.cases.lastEventSeq(id);
    for (let polls = 0; seq > 0 && seq < minSeq && Date.now() < deadline; polls += 1) {
      // A recording usually lands within a few tens of milliseconds of the answer: look often at
      // first (each look is one primary-key read), every 5 ms for the first 200 ms.
      await new Promise((resolve) => setTimeout(resolve, polls < 40 ? 5 : 50));
      seq = await this.cases.lastEventSeq(id);
    }
    return seq > 0;
  }
}

/**
 * How long a read waits for the reader's own write to be recorded: a recording takes milliseconds;
 * past this the read answers what it has (its lastEventSeq says how far it is).
 */
export const READ_YOUR_WRITES_WAIT_MS = 3_000;
