import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@bishan/config';
import type { Readable } from 'node:stream';
import { CaseLedgerRepository, type Database } from '@bishan/db';
import type { Actor, CaseView } from '@bishan/domain';
import { APP_CONFIG, DATABASE, ProblemException } from '@bishan/service-runtime';
import { OfferedActions } from '../offered-actions';
import { VisibleCases } from '../visible-cases';
import { ledgerCsv } from './ledger-csv';
import { ledgerXlsx } from './ledger-xlsx';
import { filterOf, type LedgerQuery } from './list-cases.query';

@Injectable()
export class ListCasesHandler {
  private readonly ledger: CaseLedgerRepository;

  constructor(
    @Inject(DATABASE) db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly visible: VisibleCases,
    private readonly offered: OfferedActions,
  ) {
    this.ledger = new CaseLedgerRepository(db);
  }

  /**
   * The actor's ledger: filters narrow it further, they never widen it past the actor's scope. Each
   * row says what the actor may do on it (`availableActions`), as the case itself does.
   */
  async page(query: LedgerQuery, actor: Actor) {
    const filter = { ...filterOf(query), visibleTo: this.visible.visibilityFor(actor) };
    const { items, total } = await this.ledger.page(filter, query.sort, query.limit, query.offset);
    const actions = await this.offered.forCases(
      items.map(({ view, reporterIds }) => ({ view: JSON.parse(view) as CaseView, reporterIds: JSON.parse(reporterIds) as string[] })),
      actor,
    );
    const withActions = items.map(({ view: _view, reporterIds: _reporterIds, ...item }, i) => ({ ...item, availableActions: actions[i] ?? [] }));
    return { items: withActions, total, limit: query.limit, offset: query.offset };
  }

  async csv(query: LedgerQuery, actor: Actor): Promise<Readable> {
    return ledgerCsv(await this.rows(query, actor));
  }

  async xlsx(query: LedgerQuery, actor: Actor): Promise<Readable> {
    return ledgerXlsx(await this.rows(query, actor));
  }

  /**
   * Every case of the actor's filtered ledger, in the requested order: what both exports write, read
   * a page at a time as the file streams out. Larger than EXPORT_MAX_ROWS: refused before a byte is
   * written, with the count, so the caller narrows the filters.
   */
  private async rows(query: LedgerQuery, actor: Actor) {
    const filter = { ...filterOf(query), visibleTo: this.visible.visibilityFor(actor) };
    const { total } = await this.ledger.page(filter, query.sort, 1, 0);
    const max = this.config.limits.exportMaxRows;
    if (total > max)
      throw new ProblemException({
        type: 'https://bishan.example/problems/export-too-large',
        title: 'export too large',
        status: HttpStatus.UNPROCESSABLE_ENTITY,
        detail: `the export would hold ${total} cases, more than ${max}: narrow it with filters (town, status, dates…)`,
      });
    return this.ledger.all(filter, query.sort);
  }
}
