// The issued bulletin as a Word document (.docx), what an office forwards: the issuing header (issuing body,
// 第 N 期, date), the title, the three narrative sections, the figure tables of the page and the e-mail
// (digest-bulletin-tables.ts, one source) and 抄送 at the end.
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Tab, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import { type Bulletin, copyToLine, documentParts, sectionHeading } from "../domain/bulletin-issue.js";
import type { ReferenceIndex } from "../domain/reference.js";
import { bulletinTables, ragLegend } from "./digest-bulletin-tables.js";
import type { Row } from "./digest-tables.js";

const FONT = { ascii: "Times New Roman", eastAsia: "仿宋", hAnsi: "Times New Roman" };
const HEI = { ascii: "Times New Roman", eastAsia: "黑体", hAnsi: "Times New Roman" };
const RED = "C00000";
/** Half-points: 三号 16 pt for the text, 小四 12 pt in tables, 二号 22 pt for the header. */
const SIZE = { text: 32, table: 21, header: 52, title: 36 };

const text = (value: string, opts: { bold?: boolean; size?: number; color?: string; font?: typeof FONT } = {}) =>
  new TextRun({ text: value, font: opts.font ?? FONT, size: opts.size ?? SIZE.text, bold: opts.bold, color: opts.color });

const paragraph = (value: string, opts: { indent?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; bold?: boolean; font?: typeof FONT } = {}) =>
  new Paragraph({
    alignment: opts.align ?? AlignmentType.JUSTIFIED,
    spacing: { line: 560, before: 0, after: 0 },
    ...(opts.indent ? { indent: { firstLine: 640 } } : {}),
    children: [text(value, { bold: opts.bold, font: opts.font })],
  });

function table(header: Row, rows: Row[]): Table {
  const cell = (v: string | number, bold = false) =>
    new TableCell({
      children: [new Paragraph({ alignment: typeof v === "number" ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [text(String(v), { size: SIZE.table, bold })] })],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }), ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) }))],
  });
}

/** The .docx bytes of a bulletin (drafts print 草稿 instead of a number). */
export async function renderBulletinDocx(b: Bulletin, ref: ReferenceIndex): Promise<Buffer> {
  const doc = documentParts(b);
  const figures = b.progress.bulletin;
  const tables = figures ? bulletinTables(figures, ref) : [];
  const redLine = { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 4 } };
  const children: (Paragraph | Table)[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 200 }, children: [text(`${doc.issuer}调度通报`, { size: SIZE.header, color: RED, font: HEI, bold: true })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [text(doc.number)] }),
    new Paragraph({ border: redLine, spacing: { after: 300 }, children: [text(doc.issuer), new TextRun({ children: [new Tab(), doc.date], font: FONT, size: SIZE.text })], tabStops: [{ type: "right", position: 8800 }] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 200, after: 300 }, children: [text(doc.title, { size: SIZE.title, bold: true, font: HEI })] }),
    ...doc.sections.flatMap((s, i) => [paragraph(sectionHeading(i, s.label), { font: HEI, indent: true }), ...s.text.split(/\n+/).map((t) => paragraph(t, { indent: true }))]),
    ...(tables.length ? [paragraph(`${sectionHeading(doc.sections.length, "主要数据")}`, { font: HEI, indent: true })] : []),
    ...tables.flatMap((t) => [
      paragraph(t.title, { bold: true, align: AlignmentType.CENTER }),
      table(t.header, t.rows),
      ...(t.note ? [new Paragraph({ children: [text(t.note, { size: SIZE.table })] })] : []),
    ]),
    ...(figures?.bySubdistrict.length ? [new Paragraph({ spacing: { before: 120 }, children: [text(ragLegend(figures), { size: SIZE.table })] })] : []),
  ];
  const copy = copyToLine(doc.copyTo);
  if (copy) {
    const rule = { style: BorderStyle.SINGLE, size: 6, color: "000000", space: 2 };
    children.push(new Paragraph({ spacing: { before: 600 }, border: { top: rule, bottom: rule }, children: [text(copy, { size: 28 })] }));
  }
  const document = new Document({
    creator: doc.issuer,
    title: `${doc.title}（${doc.number}）`,
    sections: [{ properties: { page: { margin: { top: 2098, bottom: 1984, left: 1587, right: 1474 } } }, children }],
  });
  return Packer.toBuffer(document);
}

/** The file name an office saves it under: 上城区治水办调度通报第3期.docx */
export const bulletinFileName = (b: Bulletin) => `${b.header.issuer}调度通报${b.status === "issued" ? `第${b.header.number}期` : "草稿"}.docx`;
