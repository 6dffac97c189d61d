import type { LedgerReviewActivities } from '@bishan/contracts/workflows';
import { LedgerReviewRepository, OrganisationRepository, type Database } from '@bishan/db';
import { createLedgerReviewActivities } from './ledger-review.activities';

/** The ledger review's activities over the real database. */
export function ledgerReviewActivities(db: Database): LedgerReviewActivities {
  const organisation = new OrganisationRepository(db);
  return createLedgerReviewActivities({ reviews: new LedgerReviewRepository(db), organisation: () => organisation.load(), clock: () => new Date() });
}
