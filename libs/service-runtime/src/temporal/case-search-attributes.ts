import type { ConnectionLike } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { caseSearchAttributeKeys } from '@bishan/contracts';

const IndexedValueType = temporal.api.enums.v1.IndexedValueType;

/** The server's name for each SDK type, as `temporal operator search-attribute create --type` takes it. */
const serverTypes: Record<SearchAttributeType, { readonly indexed: number; readonly name: string }> = {
  [SearchAttributeType.TEXT]: { indexed: IndexedValueType.INDEXED_VALUE_TYPE_TEXT, name: 'Text' },
  [SearchAttributeType.KEYWORD]: { indexed: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD, name: 'Keyword' },
  [SearchAttributeType.INT]: { indexed: IndexedValueType.INDEXED_VALUE_TYPE_INT, name: 'Int' },
  [SearchAttributeType.DOUBLE]: { indexed: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE, name: 'Double' },
  [SearchAttributeType.BOOL]: { indexed: IndexedValueType.INDEXED_VALUE_TYPE_BOOL, name: 'Bool' },
  [SearchAttributeType.DATETIME]: { indexed: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME, name: 'Datetime' },
  [SearchAttributeType.KEYWORD_LIST]: { indexed: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST, name: 'KeywordList' },
};

/** name → the server's type name ("Keyword", "Int", …) of every case search attribute. */
export function caseSearchAttributeTypes(): Record<string, string> {
  return Object.fromEntries(Object.values(caseSearchAttributeKeys).map((key) => [key.name, serverTypes[key.type].name]));
}

/**
 * The case attributes the namespace lacks or has with another type; undefined when the server cannot
 * say (the time-skipping test server does not list its attributes).
 */
export async function missingCaseSearchAttributes(connection: Pick<ConnectionLike, 'operatorService'>, namespace: string): Promise<string[] | undefined> {
  let custom: Record<string, unknown>;
  try {
    const listed = await connection.operatorService.listSearchAttributes({ namespace });
    custom = (listed.customAttributes ?? {}) as Record<string, unknown>;
  } catch (error) {
    if ((error as { code?: number }).code === 12 /* UNIMPLEMENTED */) return undefined;
    throw error;
  }
  return Object.values(caseSearchAttributeKeys)
    .filter((key) => custom[key.name] !== serverTypes[key.type].indexed)
    .map((key) => key.name);
}

/**
 * Refuses to run case workflows on a namespace without the case search attributes: every workflow
 * task that upserts one would fail, and cases would stop moving. The error says how to register them.
 */
export async function requireCaseSearchAttributes(connection: Pick<ConnectionLike, 'operatorService'>, namespace: string): Promise<'registered' | 'unknown'> {
  const missing = await missingCaseSearchAttributes(connection, namespace);
  if (missing === undefined) return 'unknown';
  if (missing.length === 0) return 'registered';
  const types = caseSearchAttributeTypes();
  const commands = missing
    .map((name) => `temporal operator search-attribute create --namespace ${namespace} --name ${name} --type ${types[name]}`)
    .join('\n  ');
  throw new Error(
    `namespace "${namespace}" lacks the case search attributes ${missing.join(', ')} (or has them with another type); ` +
      `register them before starting the worker:\n  ${commands}`,
  );
}
