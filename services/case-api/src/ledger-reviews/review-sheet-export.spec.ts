import { existsSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { ReviewSheet } from './ledger-reviews.handler';
import { cjkFont, PdfFontMissing, reviewSheetPdf, reviewSheetXlsx } from './review-sheet-export';
import { sheetHeading, sheetRows } from './review-sheet-table';

const at = new Date('2026-12-03T02:00:00.000Z');
const line = {
  reviewId: 'r1',
  caseId: '3f2a9c1e-0000-0000-0000-000000000001',
  unitKey: 'town:laifeng',
  section: 'closed',
  carriedOverBefore: 0,
  category: '道路保洁',
  description: '=HYPERLINK("http://x") 路灯坏了 🔌',
  townId: 'laifeng',
  villageId: 'dengfeng',
  villageName: '登凤村',
  status: 'closed',
  closure: 'resolvedOnSpot',
  rating: null,
  resultSummary: '现场更换灯泡',
  raisedAt: at,
  closedAt: at,
  previousTargetDate: null,
  decision: 'strikeOff',
  reason: null,
  newTargetDate: null,
  resultChecked: true,
  ratingChecked: true,
  decidedById: 'laifeng-secretary',
  decidedByName: '吴世明',
  decidedAt: at,
  escalated: false,
};
const sheet: ReviewSheet = {
  review: {
    id: 'r1',
    unitKey: 'town:laifeng',
    unitKind: 'town',
    unitId: 'laifeng',
    unitName: '来凤街道',
    period: '2026-11',
    policyVersion: '2026.1',
    status: 'signedOff',
    openedAt: at,
    dueAt: new Date('2026-12-05T16:00:00.000Z'),
    remindedAt: null,
    escalatedAt: null,
    signedOffAt: at,
    signedById: 'laifeng-secretary',
    signedByName: '吴世明',
  },
  lines: [line, { ...line, caseId: 'open-1', section: 'open', status: 'handling', closure: null, closedAt: null, resultSummary: null, decision: 'carryOver', reason: '等待施工队', newTargetDate: '2026-12-20', resultChecked: null, ratingChecked: null, escalated: true, carriedOverBefore: 1 }],
};

describe('the review sheet exports', () => {
  it('writes the heading and one row per line in Chinese, Beijing time', () => {
    expect(sheetHeading(sheet)).toEqual([
      '单位:来凤街道    月份:2026-11    签字期限:2026-12-06 00:00',
      '待销号 1 项(已销号 1),待结转 1 项(已结转 1)',
      '状态:已签字确认    签字人:吴世明    签字时间:2026-12-03 10:00',
    ]);
    const [closed, open] = sheetRows(sheet);
    expect(closed?.slice(0, 13)).toEqual(['待销号', '3f2a9c1e', '登凤村', '道路保洁', '=HYPERLINK("http://x") 路灯坏了 🔌', '2026-12-03 10:00', '已办结', '2026-12-03 10:00', '现场更换灯泡', '现场解决', '0', '', '销号']);
    expect(open?.slice(12)).toEqual(['结转', '等待施工队', '2026-12-20', '', '', '吴世明', '2026-12-03 10:00', '是']);
  });

  it('neutralises formula-like text in the workbook', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await reviewSheetXlsx(sheet)) as unknown as ArrayBuffer);
    const ws = workbook.getWorksheet('对账销号表')!;
    expect(ws.getRow(1).getCell(1).value).toBe('来凤街道 2026-11 台账对账销号表');
    expect(ws.getRow(7).getCell(5).value).toBe('\'=HYPERLINK("http://x") 路灯坏了 🔌');
  });

  // fonts-noto-cjk is a test prerequisite (.ci/run installs it): without it this fails, never skips.
  it('sets the PDF in the embedded CJK font', async () => {
    expect(existsSync(cjkFont.path)).toBe(true);
    const pdf = await reviewSheetPdf(sheet);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansCJKsc-Regular/);
  });

  it('makes no PDF without a CJK font, and says which package brings it', async () => {
    await expect(reviewSheetPdf(sheet, { path: '/nonexistent/NotoSansCJK-Regular.ttc' })).rejects.toThrow(PdfFontMissing);
    await expect(reviewSheetPdf(sheet, { path: '/nonexistent/NotoSansCJK-Regular.ttc' })).rejects.toThrow(/fonts-noto-cjk/);
  });
});
