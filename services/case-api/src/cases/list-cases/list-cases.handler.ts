import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { CaseLedgerRepository, type Database } from '@bishan/db';
import type { Actor } from '@bishan/domain';
import { DATABASE } from '@bishan/service-runtime';
import { VisibleCases } from '../visible-cases';
import { ledgerCsv } from './ledger-csv';
import { ledgerXlsx } from './ledger-xlsx';
import { filterOf, type LedgerQuery } from './list-cases.query';

@Injectable()
export class ListCasesHandler {
  private readonly ledger: CaseLedgerRepository;

  constructor(
    @Inject(DATABASE) db: Database,
    private readonly visible: VisibleCases,
  ) {
    this.ledger = new CaseLedgerRepository(db);
  }

  /** The actor's ledger: filters narrow it further, they never widen it past the actor's scope. */
  async page(query: LedgerQuery, actor: Actor) {
    const filter = { ...filterOf(query), visibleTo: this.visible.visibilityFor(actor) };
    const { items, total } = await this.ledger.page(filter, query.sort, query.limit, query.offset);
    return { items, total, limit: query.limit, offset: query.offset };
  }

  csv(query: LedgerQuery, actor: Actor): Readable {
    return ledgerCsv(this.rows(query, actor));
  }

  xlsx(query: LedgerQuery, actor: Actor): Readable {
    return ledgerXlsx(this.rows(query, actor));
  }

  /** Every case of the actor's filtered ledger, in the requested order: what both exports write. */
  private rows(query: LedgerQuery, actor: Actor) {
    return this.ledger.all({ ...filterOf(query), visibleTo: this.visible.visibilityFor(actor) }, query.sort);
  }
}
