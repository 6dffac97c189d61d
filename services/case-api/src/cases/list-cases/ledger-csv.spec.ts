import { ledgerCsv } from './ledger-csv';
import type { LedgerRow } from '@bishan/db';

describe('ledger CSV', () => {
  it('writes a BOM, the header and one CRLF line per row', async () => {
    const row = {
      id: 'c1',
      category: '环境卫生',
      description: '=HYPERLINK("http://x","路没人扫")',
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
    // Cells go through the shared csvField: quoted where needed, formulas made inert.
    expect(line!.startsWith('c1,环境卫生,"\'=HYPERLINK(""http://x"",""路没人扫"")",')).toBe(true);
    expect(line).toContain(',2026-03-02T02:00:00.000Z,');
    expect(end).toBe('');
  });
});
