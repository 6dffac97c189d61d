import { existsSync } from 'node:fs';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import { neutraliseFormula } from '@bishan/service-runtime';
import type { ReviewSheet } from './ledger-reviews.handler';
import { sheetColumns, sheetHeading, sheetRows, sheetTitle } from './review-sheet-table';

export const xlsxContentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One sheet: the heading lines, then the table; text that looks like a formula is neutralised. */
export async function reviewSheetXlsx(sheet: ReviewSheet): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('对账销号表');
  ws.addRow([sheetTitle(sheet)]).font = { bold: true, size: 14 };
  for (const line of sheetHeading(sheet)) ws.addRow([line]);
  ws.addRow([]);
  ws.addRow([...sheetColumns]).font = { bold: true };
  for (const row of sheetRows(sheet)) ws.addRow(row.map(neutraliseFormula));
  ws.columns.forEach((column, i) => (column.width = [8, 10, 12, 10, 30, 17, 8, 17, 30, 10, 8, 12, 8, 24, 12, 8, 8, 10, 17, 8][i] ?? 12));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A font file, and which face of it when it is a collection (.ttc). */
export interface PdfFont {
  readonly path: string;
  readonly postscriptName?: string;
}

/**
 * The CJK font the PDF is set in: Debian's fonts-noto-cjk (SIL Open Font License 1.1), read at run
 * time from the system, never shipped with the code (the case-api image installs it; .ci/run too).
 */
export const cjkFont: PdfFont = {
  path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  postscriptName: 'NotoSansCJKsc-Regular',
};

/** No CJK font: a PDF without one would print every Chinese character as an empty box, so none is made. */
export class PdfFontMissing extends Error {
  constructor(readonly font: PdfFont) {
    super(`no CJK font at ${font.path}: install Debian's fonts-noto-cjk (the review sheet's PDF is set in Noto Sans CJK SC)`);
    this.name = 'PdfFontMissing';
  }
}

/** Pictographs (emoji) are not in the CJK font: left out rather than printed as empty boxes. */
const pictographs = /\p{Extended_Pictographic}\uFE0F?/gu;

// Landscape A4 in points, 30 pt margins; the columns that carry the most text get the most room.
const PAGE = { width: 841.89, height: 595.28, margin: 30 };
const pdfColumns: { index: number; width: number }[] = [
  { index: 0, width: 38 }, // 类别
  { index: 1, width: 48 }, // 编号
  { index: 2, width: 48 }, // 村(社区)
  { index: 3, width: 46 }, // 问题类别
  { index: 4, width: 110 }, // 问题描述
  { index: 6, width: 36 }, // 状态
  { index: 8, width: 110 }, // 办理结果
  { index: 9, width: 40 }, // 群众评价
  { index: 10, width: 30 }, // 已结转次数
  { index: 12, width: 32 }, // 处理
  { index: 13, width: 90 }, // 结转理由
  { index: 14, width: 56 }, // 新目标日期
  { index: 17, width: 44 }, // 签字人
  { index: 18, width: 52 }, // 处理时间
];

/** The same sheet as a PDF in Chinese, landscape A4, the table repeated on every page it spans. */
export async function reviewSheetPdf(sheet: ReviewSheet, font: PdfFont = cjkFont): Promise<Buffer> {
  if (!existsSync(font.path)) throw new PdfFontMissing(font);
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: PAGE.margin, info: { Title: sheetTitle(sheet) } });
  doc.registerFont('cjk', font.path, font.postscriptName);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const clean = (text: string) => text.replace(pictographs, '');

  doc.font('cjk').fontSize(14).text(clean(sheetTitle(sheet)));
  doc.moveDown(0.3).fontSize(9);
  for (const line of sheetHeading(sheet)) doc.text(clean(line));
  doc.moveDown(0.5);

  const fontSize = 7;
  const pad = 2;
  const drawRow = (cells: string[], bold: boolean) => {
    doc.fontSize(fontSize);
    const heights = pdfColumns.map((c) => doc.heightOfString(clean(cells[c.index] ?? ''), { width: c.width - 2 * pad }));
    const height = Math.max(...heights) + 2 * pad;
    if (doc.y + height > PAGE.height - PAGE.margin) {
      doc.addPage();
      if (!bold) drawRow([...sheetColumns], true);
    }
    const top = doc.y;
    let x = PAGE.margin;
    for (const c of pdfColumns) {
      if (bold) doc.rect(x, top, c.width, height).fillAndStroke('#f0f0f0', '#999999').fillColor('#000000');
      else doc.rect(x, top, c.width, height).stroke('#999999');
      doc.text(clean(cells[c.index] ?? ''), x + pad, top + pad, { width: c.width - 2 * pad });
      x += c.width;
    }
    doc.x = PAGE.margin;
    doc.y = top + height;
  };
  drawRow([...sheetColumns], true);
  for (const row of sheetRows(sheet)) drawRow(row, false);
  doc.end();
  return await done;
}
