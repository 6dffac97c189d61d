import { Readable } from 'node:stream';
import { ledgerColumnNames, type LedgerRow } from '@bishan/db';
import { csvField } from '@bishan/service-runtime';

/**
 * RFC 4180 CSV, UTF-8 with a byte-order mark so spreadsheet programs read the Chinese text right.
 * A cell that a spreadsheet would run as a formula is prefixed with an apostrophe: residents' text
 * stays text.
 */
export function ledgerCsv(rows: AsyncIterable<LedgerRow>): Readable {
  async function* lines() {
    yield `\uFEFF${ledgerColumnNames.join(',')}\r\n`;
    for await (const row of rows)
      yield `${ledgerColumnNames.map((column) => csvField(row[column])).join(',')}\r\n`;
  }
  return Readable.from(lines());
}
