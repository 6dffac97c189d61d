import ExcelJS from 'exceljs';
import type { LedgerRow } from '@bishan/db';
import { ledgerColumnLabels } from './ledger-columns';
import { ledgerXlsx, xlsxCell } from './ledger-xlsx';

async function bufferOf(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

describe('ledger XLSX', () => {
  it('keeps text as text, neutralises formulas and writes flags in Chinese', () => {
    expect(xlsxCell('=HYPERLINK("http://x","y")')).toBe('\'=HYPERLINK("http://x","y")');
    expect(xlsxCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(xlsxCell('路灯坏了 💡')).toBe('路灯坏了 💡');
    expect(xlsxCell(true)).toBe('是');
    expect(xlsxCell(false)).toBe('否');
    expect(xlsxCell(null)).toBeNull();
    expect(xlsxCell(2)).toBe(2);
  });

  it('writes a workbook with the Chinese header and one row per case', async () => {
    const raisedAt = new Date('2026-03-02T02:00:00Z');
    const row = {
      id: 'c1',
      category: '环境卫生',
      description: '=1+1 路没人扫',
      escalationLevel: 1,
      overdue: true,
      raisedAt,
      closedAt: null,
    } as LedgerRow;
    async function* rows() {
      yield row;
      yield { ...row, id: 'c2', description: '第二件' };
    }
    const workbook = new ExcelJS.Workbook();
    // exceljs declares its own Buffer type; a Node Buffer is what it reads at run time.
    await workbook.xlsx.load((await bufferOf(ledgerXlsx(rows()))) as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('台账')!;
    expect(sheet.rowCount).toBe(3);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 3)).toEqual(['案件编号', '类别', '问题描述']);
    expect(header).toEqual(Object.values(ledgerColumnLabels));
    const column = (label: string) => header.indexOf(label) + 1;
    const first = sheet.getRow(2);
    expect(first.getCell(column('案件编号')).value).toBe('c1');
    expect(first.getCell(column('问题描述')).value).toBe("'=1+1 路没人扫");
    expect(first.getCell(column('问题描述')).formula).toBeUndefined();
    expect(first.getCell(column('是否超期')).value).toBe('是');
    expect(first.getCell(column('升级层级')).value).toBe(1);
    expect((first.getCell(column('提出时间(UTC)')).value as Date).toISOString()).toBe(raisedAt.toISOString());
    expect(first.getCell(column('办结时间(UTC)')).value).toBeNull();
    expect(sheet.getRow(3).getCell(column('案件编号')).value).toBe('c2');
  });

  it('ends the stream with the error when reading the rows fails', async () => {
    async function* failing(): AsyncGenerator<LedgerRow> {
      yield* [];
      throw new Error('database went away');
    }
    await expect(bufferOf(ledgerXlsx(failing()))).rejects.toThrow('database went away');
  });
});
