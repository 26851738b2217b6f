// Formatted workbooks for export: per sheet a title row, the issuing unit and date, a frozen header row with
// widths and a filter, codes as text (never scientific notation), dates as real dates, coordinates as numbers.
import ExcelJS from "exceljs";
import type { CellFormat, ExportCell } from "../domain/export-layout.js";

export interface ExportSheet {
  /** Sheet tab name (≤ 31 characters; [] : * ? / \ are replaced). */
  name: string;
  title: string;
  /** 填报单位 shown under the title. */
  unit: string;
  /** Issuing date, YYYY-MM-DD (China). */
  issuedOn: string;
  headers: string[];
  widths?: (number | undefined)[];
  rows: ExportCell[][];
}

/** The first data row: title, unit/date, header. */
export const HEADER_ROW = 3;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A YYYY-MM-DD as the spreadsheet's date (exceljs writes the UTC day). */
export function toDate(day: string): Date | undefined {
  const m = DATE.exec(day);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
}

function numberFormat(cell: ExportCell): string | undefined {
  if (cell.format === "date") return "yyyy-mm-dd";
  if (cell.format === "number") return cell.decimals !== undefined ? (cell.decimals ? `0.${"0".repeat(cell.decimals)}` : "0") : undefined;
  return "@";
}

function cellValue(cell: ExportCell): ExcelJS.CellValue {
  if (cell.value === null || cell.value === "") return null;
  if (cell.format === "date") return toDate(String(cell.value)) ?? String(cell.value);
  if (cell.format === "number") return typeof cell.value === "number" ? cell.value : Number.isFinite(Number(cell.value)) ? Number(cell.value) : String(cell.value);
  return String(cell.value);
}

const safeSheetName = (name: string, taken: Set<string>) => {
  const base = name.replace(/[[\]:*?/\\]/g, "_").slice(0, 31) || "Sheet";
  let n = base;
  for (let i = 2; taken.has(n); i++) n = `${base.slice(0, 28)}(${i})`;
  taken.add(n);
  return n;
};

const displayWidth = (s: string) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0xff ? 2 : 1), 0);

export async function renderWorkbook(sheets: ExportSheet[], creator: string): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  book.creator = creator;
  const taken = new Set<string>();
  for (const s of sheets) {
    const last = Math.max(s.headers.length, 2);
    const ws = book.addWorksheet(safeSheetName(s.name, taken), { views: [{ state: "frozen", ySplit: HEADER_ROW, xSplit: 0 }] });
    ws.mergeCells(1, 1, 1, last);
    const title = ws.getCell(1, 1);
    title.value = s.title;
    title.font = { bold: true, size: 16 };
    title.alignment = { horizontal: "center", vertical: "middle" };
    ws.getRow(1).height = 30;
    ws.mergeCells(2, 1, 2, last - 1);
    ws.getCell(2, 1).value = `填报单位：${s.unit}`;
    const issued = ws.getCell(2, last);
    issued.value = toDate(s.issuedOn) ?? s.issuedOn;
    issued.numFmt = '"导出日期："yyyy-mm-dd';
    issued.alignment = { horizontal: "right" };
    const header = ws.getRow(HEADER_ROW);
    s.headers.forEach((h, i) => {
      const c = header.getCell(i + 1);
      c.value = h;
      c.font = { bold: true };
      c.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
      c.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };
      c.border = { bottom: { style: "thin" } };
    });
    s.rows.forEach((cells, r) => {
      const row = ws.getRow(HEADER_ROW + 1 + r);
      cells.forEach((cell, i) => {
        const c = row.getCell(i + 1);
        c.value = cellValue(cell);
        const fmt = numberFormat(cell);
        if (fmt) c.numFmt = fmt;
      });
    });
    s.headers.forEach((h, i) => {
      const longest = Math.max(displayWidth(h), ...s.rows.slice(0, 200).map((cells) => displayWidth(String(cells[i]?.value ?? ""))));
      ws.getColumn(i + 1).width = s.widths?.[i] ?? Math.min(Math.max(longest + 2, 8), 50);
    });
    if (s.headers.length) ws.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW, column: s.headers.length } };
  }
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/** A plain value's natural cell format in the plan's lists: dates and timestamps as dates, numbers as numbers. */
export function planListCell(value: string | number | boolean | null, key: string, chinaDay: (iso: string) => string): ExportCell {
  if (value === null) return { value: null, format: "text" };
  if (typeof value === "boolean") return { value: value ? "是" : "否", format: "text" };
  if (typeof value === "number") return { value, format: "number", ...(key === "longitude" || key === "latitude" ? { decimals: 6 } : {}) };
  if (DATE.test(value)) return { value, format: "date" };
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(value)) return { value: chinaDay(value), format: "date" };
  return { value, format: "text" satisfies CellFormat };
}
