import type { Provider } from '@nestjs/common';
import { bishanDirectory, bishanOrganisation, type BishanOrganisation } from '@bishan/db';

export const DIRECTORY = Symbol('DIRECTORY');
/** The full organisation (seed users, leaders' links and portfolios), richer than the rules' directory. */
export const ORGANISATION = Symbol('ORGANISATION');

/** The organisation the rules consult; the embedded default is Bishan's real shape. */
export const directoryProvider: Provider = { provide: DIRECTORY, useFactory: () => bishanDirectory() };

export const organisationProvider: Provider = {
  provide: ORGANISATION,
  useFactory: (): BishanOrganisation => bishanOrganisation(),
};
