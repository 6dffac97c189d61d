import { Inject, Injectable } from '@nestjs/common';
import {
  CaseLedgerRepository,
  CaseRepository,
  caseVisibilityOf,
  type CaseVisibility,
  type Database,
} from '@bishan/db';
import type { Actor } from '@bishan/domain';
import { DATABASE } from '@bishan/service-runtime';
import { OrganisationStore } from '../organisation/organisation.store';
import { caseNotFound } from './case-problems';

/** Read scoping for the case endpoints: a case outside the actor's scope does not exist for them (404). */
@Injectable()
export class VisibleCases {
  private readonly ledger: CaseLedgerRepository;
  private readonly cases: CaseRepository;

  constructor(
    @Inject(DATABASE) db: Database,
    private readonly organisation: OrganisationStore,
  ) {
    this.ledger = new CaseLedgerRepository(db);
    this.cases = new CaseRepository(db);
  }

  visibilityFor(actor: Actor): CaseVisibility {
    return caseVisibilityOf(actor, this.organisation.current());
  }

  /** The case's read-model row, or null when it does not exist or is out of the actor's scope. */
  visibleRow(id: string, actor: Actor) {
    return this.ledger.findVisible(id, this.visibilityFor(actor));
  }

  /** Throws the same 404 for a case that is out of scope as for one that does not exist. */
  async requireVisible(id: string, actor: Actor): Promise<void> {
    if (!(await this.ledger.isVisible(id, this.visibilityFor(actor)))) throw caseNotFound(id);
  }

  /**
   * Before an action: refuses a recorded case the actor cannot see. A case raised moments ago may not
   * be recorded yet; the workflow's rules then decide alone (they check scope for every action).
   * Updates answer once the workflow has decided, so the read model may be behind someone's write that
   * made the case visible to this actor (a triage publishes the case, then at once its department
   * claims it). `decidedSeq` tells how far the workflow itself has got: while the recording is behind
   * it, the check waits for the recording to catch up before refusing; when it does not catch up in
   * time (a loaded consumer), the workflow's rules decide.
   */
  async refuseIfHidden(id: string, actor: Actor, decidedSeq: () => Promise<number>): Promise<void> {
    const visibility = this.visibilityFor(actor);
    // The sequence is read before the visibility, always: a recording that lands between the two reads
    // then shows as visible, or as a sequence still to wait for — never as "caught up and hidden".
    let recorded = await this.cases.lastEventSeq(id);
    if (await this.ledger.isVisible(id, visibility)) return;
    if (recorded === 0) return;
    const decided = await decidedSeq();
    const deadline = Date.now() + CATCH_UP_MS;
    while (recorded < decided) {
      if (Date.now() >= deadline) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
      const now = await this.cases.lastEventSeq(id);
      if (now === recorded) continue;
      recorded = now;
      if (await this.ledger.isVisible(id, visibility)) return;
    }
    throw caseNotFound(id);
  }
}

/** How long an action that finds its case hidden waits for a recording still on its way. */
const CATCH_UP_MS = 10_000;
