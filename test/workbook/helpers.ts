// Shared by the workbook tool's tests: command options for a clerk, temporary .xlsx files, and reading and
// editing a workbook with exceljs the way Excel or WPS would leave it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { inject } from "vitest";
import type { CommandOptions } from "../../workbook/src/commands.js";
import { fillColour, noteText, plainValue } from "../../workbook/src/xlsx/workbook.js";
import { tokenFor } from "../addon/helpers.js";

export const LEDGER = "排污口台账";
export const CONFLICTS = "冲突";
export const SUMMARY = "汇总";

const folders: string[] = [];

/** A path for a workbook in a fresh temporary folder. */
export function tempWorkbook(name = "台账.xlsx"): string {
  const folder = mkdtempSync(join(tmpdir(), "workbook-test-"));
  folders.push(folder);
  return join(folder, name);
}

/** Removes the temporary folders (afterAll of each test file). */
export function removeTempWorkbooks(): void {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
}

/** Options for a command run by `email` on `file`, with fast retries (the stack answers at once). */
export async function as(email: string, file: string, extra: CommandOptions = {}): Promise<CommandOptions> {
  return {
    file,
    api: inject("addonApiUrl"),
    token: await tokenFor(email),
    environment: {},
    tuning: { retry: { maxAttempts: 2, baseDelayMs: 50, maxDelayMs: 100 } },
    ...extra,
  };
}

export async function readBook(file: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  return book;
}

/** The ledger's columns by key (from the `字段：` line of each header note), 1-based. */
export function columns(sheet: ExcelJS.Worksheet): Map<string, number> {
  const out = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, c) => {
    const key = /^字段：(\S+)/.exec(noteText(cell))?.[1];
    if (key) out.set(key, c);
  });
  return out;
}

export interface RowView {
  row: number;
  get(key: string): unknown;
  note(key: string): string;
  fill(key: string): string;
}

/** The ledger's data rows, read by column key. */
export function ledgerRows(book: ExcelJS.Workbook): RowView[] {
  const sheet = book.getWorksheet(LEDGER)!;
  const cols = columns(sheet);
  const at = (key: string) => {
    const c = cols.get(key);
    if (!c) throw new Error(`no column ${key}`);
    return c;
  };
  const out: RowView[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    if (plainValue(row.getCell(at("_id")).value) === "" && plainValue(row.getCell(at("name")).value) === "") continue;
    out.push({
      row: r,
      get: (key) => plainValue(row.getCell(at(key)).value),
      note: (key) => noteText(row.getCell(at(key))),
      fill: (key) => fillColour(row.getCell(at(key))),
    });
  }
  return out;
}

export const rowById = (book: ExcelJS.Workbook, id: string): RowView => {
  const row = ledgerRows(book).find((r) => r.get("_id") === id);
  if (!row) throw new Error(`no row for ${id}`);
  return row;
};

/** A clerk editing cells in Excel and saving: `[row, key, value]` edits written with exceljs. */
export async function editCells(file: string, edits: [number, string, ExcelJS.CellValue][]): Promise<void> {
  const book = await readBook(file);
  const sheet = book.getWorksheet(LEDGER)!;
  const cols = columns(sheet);
  for (const [row, key, value] of edits) sheet.getRow(row).getCell(cols.get(key)!).value = value;
  await book.xlsx.writeFile(file);
}

/** A side sheet's values (row 1 is its header). */
export function table(book: ExcelJS.Workbook, name: string): unknown[][] {
  const sheet = book.getWorksheet(name);
  if (!sheet) return [];
  const out: unknown[][] = [];
  sheet.eachRow((row) => {
    const values: unknown[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) values.push(plainValue(row.getCell(c).value));
    out.push(values);
  });
  return out;
}

/** A clerk filling a side sheet in Excel: rows of cells by header label, appended after the last used row. */
export async function addRows(file: string, sheetName: string, rows: Record<string, ExcelJS.CellValue>[]): Promise<void> {
  const book = await readBook(file);
  const sheet = book.getWorksheet(sheetName)!;
  const labels = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, c) => labels.set(String(cell.value), c));
  let next = sheet.actualRowCount + 1;
  for (const row of rows) {
    for (const [label, value] of Object.entries(row)) sheet.getRow(next).getCell(labels.get(label)!).value = value;
    next++;
  }
  await book.xlsx.writeFile(file);
}
