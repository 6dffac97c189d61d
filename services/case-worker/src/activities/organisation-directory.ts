import { bishanOrganisation, OrganisationRepository, toDirectory, type Database } from '@bishan/db';
import type { Directory } from '@bishan/domain';

/**
 * The rules' directory for `loadDirectory`, built from the organisation tables and kept in memory.
 * Each call reads the revision row (one row by primary key) and rebuilds only when an admin edit
 * has moved it, so a case started after an edit is judged by the edited organisation, and the
 * ~1,700-row load happens once per edit rather than once per case.
 *
 * The first call seeds an empty database, as the API does on start: whichever of the two starts
 * first seeds, and the other finds it done (`seedIfEmpty` is safe to race).
 */
export function organisationDirectory(db: Database): () => Promise<Directory> {
  const repository = new OrganisationRepository(db);
  let cached: { revision: number; directory: Directory } | undefined;
  let loading: Promise<{ revision: number; directory: Directory }> | undefined;

  const load = async () => {
    if ((await repository.revision()) === null) await repository.seedIfEmpty(bishanOrganisation());
    // The revision is read before the tables: an edit committed during the load is seen next call.
    const revision = (await repository.revision()) ?? 0;
    return { revision, directory: toDirectory(await repository.load()) };
  };

  return async () => {
    const revision = await repository.revision();
    if (cached && cached.revision === revision) return cached.directory;
    loading ??= load().finally(() => (loading = undefined));
    cached = await loading;
    return cached.directory;
  };
}
