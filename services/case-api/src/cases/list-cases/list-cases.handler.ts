import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { CaseLedgerRepository, type Database } from '@bishan/db';
import { DATABASE } from '@bishan/service-runtime';
import { ledgerCsv } from './ledger-csv';
import { filterOf, type LedgerQuery } from './list-cases.query';

@Injectable()
export class ListCasesHandler {
  private readonly ledger: CaseLedgerRepository;

  constructor(@Inject(DATABASE) db: Database) {
    this.ledger = new CaseLedgerRepository(db);
  }

  async page(query: LedgerQuery) {
    const { items, total } = await this.ledger.page(filterOf(query), query.sort, query.limit, query.offset);
    return { items, total, limit: query.limit, offset: query.offset };
  }

  csv(query: LedgerQuery): Readable {
    return ledgerCsv(this.ledger.all(filterOf(query), query.sort));
  }
}
