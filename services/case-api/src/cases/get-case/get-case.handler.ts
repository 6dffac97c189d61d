import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { CaseRepository, type Database } from '@bishan/db';
import { DATABASE, ProblemException } from '@bishan/service-runtime';

/** Reads the case from the read model; never asks Temporal on this path. */
@Injectable()
export class GetCaseHandler {
  private readonly cases: CaseRepository;

  constructor(@Inject(DATABASE) db: Database) {
    this.cases = new CaseRepository(db);
  }

  async execute(id: string) {
    const found = await this.cases.findById(id);
    if (!found) {
      throw new ProblemException({
        type: 'https://bishan.example/problems/not-found',
        title: 'case not found',
        status: HttpStatus.NOT_FOUND,
        detail: `no case with id ${id}`,
      });
    }
    return found;
  }
}
