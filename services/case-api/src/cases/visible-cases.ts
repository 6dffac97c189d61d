import { Inject, Injectable } from '@nestjs/common';
import { CaseLedgerRepository, CaseRepository, caseVisibilityOf, type CaseVisibility, type Database } from '@bishan/db';
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

  /** Throws the same 404 for a case that is out of scope as for one that does not exist. */
  async requireVisible(id: string, actor: Actor): Promise<void> {
    if (!(await this.ledger.isVisible(id, this.visibilityFor(actor)))) throw caseNotFound(id);
  }

  /**
   * Before an action: refuses a recorded case the actor cannot see. A case raised moments ago may not
   * be recorded yet; the workflow's rules then decide alone (they check scope for every action).
   */
  async refuseIfHidden(id: string, actor: Actor): Promise<void> {
    if (await this.ledger.isVisible(id, this.visibilityFor(actor))) return;
    if (await this.cases.findById(id)) throw caseNotFound(id);
  }
}
