import { type Directory, toDirectory } from '@bishan/domain';
import { bishanOrganisation } from './bishan-organisation';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

let memo: Directory | undefined;

/** The default organisation's directory, built once and frozen: every caller shares the same value. */
export function bishanDirectory(): Directory {
  memo ??= deepFreeze(toDirectory(bishanOrganisation()));
  return memo;
}
