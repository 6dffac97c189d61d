import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CaseLedgerRepository, type Database } from '@bishan/db';
import {
  likelyDuplicateSearch,
  likelyDuplicatesNamed,
  normaliseCaseText,
  toIso,
  type Actor,
  type DuplicateProbe,
  type LikelyDuplicate,
} from '@bishan/domain';
import { DATABASE } from '@bishan/service-runtime';
import { VisibleCases } from './visible-cases';

/** What an answer says of a report's likely duplicates: the earliest few by name, and how many. */
export interface LikelyDuplicatesFound {
  /** At most `likelyDuplicatesNamed`, the original report first. */
  readonly named: LikelyDuplicate[];
  readonly total: number;
}

/**
 * Open cases that probably report the same thing as a report, among those the reader may see (a
 * duplicate the reader could not open would leak that it exists). The rule is the domain's; the
 * store answers it from the key each case row carries.
 */
@Injectable()
export class LikelyDuplicates implements OnApplicationBootstrap {
  private readonly ledger: CaseLedgerRepository;
  private readonly logger = new Logger('likely-duplicates');

  constructor(
    @Inject(DATABASE) db: Database,
    private readonly visible: VisibleCases,
  ) {
    this.ledger = new CaseLedgerRepository(db);
  }

  async of(probe: DuplicateProbe, reader: Actor): Promise<LikelyDuplicatesFound> {
    const search = likelyDuplicateSearch(probe);
    if (!search) return { named: [], total: 0 };
    const found = await this.ledger.likelyDuplicates(
      search,
      this.visible.visibilityFor(reader),
      likelyDuplicatesNamed,
    );
    return {
      named: found.earliest.map((c) => ({ caseId: c.id, raisedAt: toIso(c.raisedAt) })),
      total: found.total,
    };
  }

  /**
   * Cases recorded before rows carried their duplicate key get it here, in the background: until
   * then they are not found as duplicates (nothing else depends on the key). Every replica may run
   * it; a key is written only where none is.
   */
  onApplicationBootstrap(): void {
    void this.fillMissingKeys().catch((error: unknown) =>
      this.logger.error(
        `filling duplicate keys stopped: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  }

  private async fillMissingKeys(batchSize = 500): Promise<void> {
    let filled = 0;
    for (;;) {
      const rows = await this.ledger.withoutDuplicateKey(batchSize);
      if (rows.length === 0) break;
      await this.ledger.fillDuplicateKeys(
        rows.map((row) => ({ id: row.id, duplicateKey: normaliseCaseText(row.description) })),
      );
      filled += rows.length;
      this.logger.log(`duplicate keys filled for ${filled} cases recorded before they had one`);
    }
  }
}
