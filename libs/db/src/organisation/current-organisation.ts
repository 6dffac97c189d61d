import type { Database } from '../prisma-client';
import { bishanOrganisation } from './seed/bishan-organisation';
import { OrganisationRepository } from './organisation.repository';
import type { BishanOrganisation } from '@bishan/domain';

/**
 * The organisation as the tables hold it now, for processes that read it per piece of work (the
 * worker's rules, notification's recipients). Each call reads the revision row (one row by primary
 * key) and reloads only when an admin edit has moved it, so work done after an edit sees the edit
 * and the ~1,700-row load happens once per edit rather than once per call. Calls between edits
 * return the same object, which callers may use as a cache key.
 *
 * The first call seeds an empty database, as the API does on start: whichever process starts
 * first seeds, and the others find it done (`seedIfEmpty` is safe to race).
 */
export function currentOrganisation(db: Database): () => Promise<BishanOrganisation> {
  const repository = new OrganisationRepository(db);
  let cached: { revision: number; organisation: BishanOrganisation } | undefined;
  let loading: Promise<{ revision: number; organisation: BishanOrganisation }> | undefined;

  const load = async () => {
    if ((await repository.revision()) === null) await repository.seedIfEmpty(bishanOrganisation());
    // The revision is read before the tables: an edit committed during the load is seen next call.
    const revision = (await repository.revision()) ?? 0;
    return { revision, organisation: await repository.load() };
  };

  return async () => {
    const revision = await repository.revision();
    if (cached && cached.revision === revision) return cached.organisation;
    loading ??= load().finally(() => (loading = undefined));
    cached = await loading;
    return cached.organisation;
  };
}
