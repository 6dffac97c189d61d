import { Inject, Injectable } from '@nestjs/common';
import { CaseLedgerRepository, type Database } from '@bishan/db';
import {
  findLikelyDuplicates,
  likelyDuplicateWindowDays,
  toEpochMs,
  type Actor,
  type DuplicateProbe,
  type LikelyDuplicate,
} from '@bishan/domain';
import { DATABASE } from '@bishan/service-runtime';
import { VisibleCases } from './visible-cases';

const DAY_MS = 86_400_000;

/**
 * Open cases that probably report the same thing as a report, among those the reader may see (a
 * duplicate the reader could not open would leak that it exists). The comparison is the domain's.
 */
@Injectable()
export class LikelyDuplicates {
  private readonly ledger: CaseLedgerRepository;

  constructor(
    @Inject(DATABASE) db: Database,
    private readonly visible: VisibleCases,
  ) {
    this.ledger = new CaseLedgerRepository(db);
  }

  async of(probe: DuplicateProbe, reader: Actor): Promise<LikelyDuplicate[]> {
    const at = toEpochMs(probe.raisedAt);
    const candidates = await this.ledger.sameCategoryInVillage({
      category: probe.category,
      villageId: probe.location.villageId,
      raisedFrom: new Date(at - likelyDuplicateWindowDays * DAY_MS),
      raisedTo: new Date(at + likelyDuplicateWindowDays * DAY_MS),
      visibleTo: this.visible.visibilityFor(reader),
    });
    return findLikelyDuplicates(probe, candidates);
  }
}
