// Reading an old ledger (旧台账): .xlsx with exceljs; .xls and .et converted to .xlsx by LibreOffice headless
// (SheetJS on npm is stuck at 0.18.5 with open advisories); .csv parsed here, UTF-8 or GB18030 (Excel's
// "CSV" in a Chinese Windows). The result is plain: header texts and each row's cells with its sheet row number.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, extname, join } from "node:path";
import ExcelJS from "exceljs";
import { UserError } from "../../../sheets-addon/src/core/engine.js";

export interface SourceRow {
  /** The row number as Excel shows it (1-based, header rows included). */
  row: number;
  cells: unknown[];
}

export interface SourceTable {
  file: string;
  sheet?: string;
  headers: string[];
  headerRow: number;
  rows: SourceRow[];
}

/** A cell as a plain value: rich text and hyperlinks as text, formulas as their result, dates as Date. */
export function plainCell(value: ExcelJS.CellValue): unknown {
  if (value === null || value === undefined) return "";
  if (value instanceof Date || typeof value !== "object") return value;
  if ("richText" in value) return value.richText.map((t) => t.text).join("");
  if ("text" in value && typeof value.text === "string") return value.text;
  if ("result" in value) return plainCell(value.result as ExcelJS.CellValue);
  if ("error" in value) return "";
  return String(value);
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** UTF-8 (with or without BOM), else GB18030. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return new TextDecoder("gb18030").decode(bytes);
  }
}

const blankRow = (cells: unknown[]) => cells.every((c) => c === "" || c === null || c === undefined || (typeof c === "string" && !c.trim()));

/** The header row: the first of the first 10 rows with at least 3 different texts (a merged title above is skipped). */
function tableOf(file: string, sheet: string | undefined, grid: SourceRow[], headerRow?: number): SourceTable {
  const header =
    headerRow !== undefined
      ? grid.find((r) => r.row === headerRow)
      : grid.slice(0, 10).find((r) => new Set(r.cells.filter((c) => typeof c === "string" && c.trim())).size >= 3);
  if (!header) throw new UserError(`「${basename(file)}」中找不到表头行（前 10 行中没有至少 3 个文字单元格的行）；请用映射文件的 headerRow 指定表头所在行`);
  const headers = header.cells.map((c) => String(c ?? "").trim());
  const rows = grid.filter((r) => r.row > header.row).map((r) => ({ row: r.row, cells: headers.map((_, i) => r.cells[i] ?? "") }));
  while (rows.length && blankRow(rows[rows.length - 1]!.cells)) rows.pop();
  return { file, ...(sheet ? { sheet } : {}), headers, headerRow: header.row, rows };
}

async function readXlsx(file: string, shown: string, sheetName?: string, headerRow?: number): Promise<SourceTable> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.readFile(file);
  } catch (error) {
    throw new UserError(`无法读取「${shown}」：不是有效的 Excel 文件（${error instanceof Error ? error.message : String(error)}）`);
  }
  const sheet = sheetName ? book.getWorksheet(sheetName) : book.worksheets.find((s) => s.state === "visible" && s.rowCount > 0);
  if (!sheet) {
    throw new UserError(`「${shown}」中没有名为「${sheetName}」的工作表；可选：${book.worksheets.map((s) => s.name).join("、")}`);
  }
  const grid: SourceRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: unknown[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = plainCell(cell.value);
    });
    grid.push({ row: number, cells: Array.from(cells, (c) => c ?? "") });
  });
  return tableOf(shown, sheet.name, grid, headerRow);
}

/** Converts .xls/.et to .xlsx with LibreOffice headless (soffice) into a temporary folder. */
function convertWithLibreOffice(file: string): { path: string; cleanup: () => void } {
  const out = mkdtempSync(join(tmpdir(), "ledger-import-"));
  try {
    execFileSync("soffice", ["--headless", "--norestore", `-env:UserInstallation=file://${out}/profile`, "--convert-to", "xlsx", "--outdir", out, file], {
      stdio: "ignore",
      timeout: 120_000,
    });
  } catch {
    rmSync(out, { recursive: true, force: true });
    throw new UserError(`无法读取 .xls 文件「${basename(file)}」：本机没有可用的 LibreOffice（soffice）。请在 Excel 或 WPS 中另存为 .xlsx 后再导入`);
  }
  const path = join(out, `${basename(file, extname(file))}.xlsx`);
  if (!existsSync(path)) throw new UserError(`LibreOffice 未能转换「${basename(file)}」，请在 Excel 或 WPS 中另存为 .xlsx 后再导入`);
  return { path, cleanup: () => rmSync(out, { recursive: true, force: true }) };
}

export async function readSource(file: string, options: { sheet?: string; headerRow?: number } = {}): Promise<SourceTable> {
  if (!existsSync(file)) throw new UserError(`找不到文件：${file}`);
  const shown = basename(file);
  const ext = extname(file).toLowerCase();
  if (ext === ".xlsx") return readXlsx(file, shown, options.sheet, options.headerRow);
  if (ext === ".xls" || ext === ".et") {
    const converted = convertWithLibreOffice(file);
    try {
      return await readXlsx(converted.path, shown, options.sheet, options.headerRow);
    } finally {
      converted.cleanup();
    }
  }
  if (ext === ".csv" || ext === ".txt") {
    const grid = parseCsv(decodeText(readFileSync(file))).map((cells, i) => ({ row: i + 1, cells }));
    return tableOf(shown, undefined, grid, options.headerRow);
  }
  throw new UserError(`不支持的文件类型「${ext || shown}」：请提供 .xlsx、.xls 或 .csv 文件`);
}
