import { currentOrganisation, toDirectory, type BishanOrganisation, type Database } from '@bishan/db';
import type { Directory } from '@bishan/domain';

/**
 * The rules' directory for `loadDirectory`, built from the organisation tables as they are now: a
 * case started after an admin edit is judged by the edited organisation, and the directory is
 * rebuilt once per edit (see currentOrganisation), not once per case.
 */
export function organisationDirectory(db: Database): () => Promise<Directory> {
  const organisation = currentOrganisation(db);
  let built: { from: BishanOrganisation; directory: Directory } | undefined;
  return async () => {
    const current = await organisation();
    if (built?.from !== current) built = { from: current, directory: toDirectory(current) };
    return built.directory;
  };
}
