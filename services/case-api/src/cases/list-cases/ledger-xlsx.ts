import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { ledgerColumnNames, type LedgerRow } from '@bishan/db';
import { neutraliseFormula } from '@bishan/service-runtime';
import { ledgerColumnLabels } from './ledger-columns';

export const xlsxContentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const dateColumns = new Set<keyof LedgerRow>(['nextDeadlineAt', 'raisedAt', 'closedAt']);
const wideColumns = new Set<keyof LedgerRow>(['id', 'description']);

/**
 * The ledger as an Excel workbook, one sheet "台账", written row by row as the rows are read so a
 * large ledger never sits in memory whole. Text is written as text cells (never formulas) and, as
 * in the CSV, formula-looking text keeps a leading apostrophe; dates are real date cells.
 */
export function ledgerXlsx(rows: AsyncIterable<LedgerRow>): Readable {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = ledgerColumnNames.map((column) => ({
    header: ledgerColumnLabels[column],
    key: column,
    width: wideColumns.has(column) ? 40 : 16,
    ...(dateColumns.has(column) ? { style: { numFmt: 'yyyy-mm-dd hh:mm:ss' } } : {}),
  }));
  void (async () => {
    for await (const row of rows) {
      sheet.addRow(ledgerColumnNames.map((column) => xlsxCell(row[column]))).commit();
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return output;
}

export function xlsxCell(value: unknown): string | number | Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? '是' : '否';
  return neutraliseFormula(String(value));
}
