import { Inject, Injectable } from '@nestjs/common';
import { CaseRepository, type Database } from '@bishan/db';
import { DATABASE } from '@bishan/service-runtime';
import { caseNotFound } from '../case-problems';

/** Reads the case from the read model; never asks Temporal on this path. */
@Injectable()
export class GetCaseHandler {
  private readonly cases: CaseRepository;

  constructor(@Inject(DATABASE) db: Database) {
    this.cases = new CaseRepository(db);
  }

  async execute(id: string) {
    const found = await this.cases.findById(id);
    if (!found) throw caseNotFound(id);
    const { view, ...row } = found;
    return { ...row, view: JSON.parse(view) as unknown };
  }

  async timeline(id: string) {
    const entries = await this.cases.timeline(id);
    if (entries.length === 0) throw caseNotFound(id);
    return entries.map(({ data, ...entry }) => ({ ...entry, event: JSON.parse(data) as unknown }));
  }
}
