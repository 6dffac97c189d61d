import { csvCell, ledgerCsv } from './ledger-csv';
import type { LedgerRow } from '@bishan/db';

describe('ledger CSV', () => {
  it('quotes separators, doubles quotes and keeps Chinese text as it is', () => {
    expect(csvCell('线路杂乱, "不安全"')).toBe('"线路杂乱, ""不安全"""');
    expect(csvCell('第一行\n第二行')).toBe('"第一行\n第二行"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(new Date('2026-03-02T02:00:00Z'))).toBe('2026-03-02T02:00:00.000Z');
  });

  it('renders spreadsheet formulas inert', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('writes a BOM, the header and one CRLF line per row', async () => {
    const row = {
      id: 'c1',
      category: '环境卫生',
      description: '路没人扫',
      escalationLevel: 0,
      raisedAt: new Date('2026-03-02T02:00:00Z'),
    } as LedgerRow;
    async function* rows() {
      yield row;
    }
    let text = '';
    for await (const chunk of ledgerCsv(rows())) text += String(chunk);
    const [header, line, end] = text.split('\r\n');
    expect(header!.startsWith('\uFEFFid,category,description,')).toBe(true);
    expect(line!.startsWith('c1,环境卫生,路没人扫,')).toBe(true);
    expect(line).toContain(',2026-03-02T02:00:00.000Z,');
    expect(end).toBe('');
  });
});
