import type { Provider } from '@nestjs/common';
import { bishanDirectory } from '@bishan/db';

export const DIRECTORY = Symbol('DIRECTORY');

/** The organisation the rules consult; the embedded default is Bishan's real shape. */
export const directoryProvider: Provider = { provide: DIRECTORY, useFactory: () => bishanDirectory() };
