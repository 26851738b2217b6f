// The spreadsheet side of the ports over SpreadsheetApp: the ledger sheet (headers, dropdowns, hidden and
// protected sync columns, reads and batched writes) and the side sheets (冲突, 汇总).
import { formulaLike, textFormats } from "../core/cell-text.js";
import type { Validation } from "../core/columns.js";
import type { LedgerPort, PlacedColumn, TableOptions, WorkbookPort } from "../core/ports.js";
import type { Grid } from "../core/rows.js";
import { LEDGER_SHEET } from "../core/tables.js";
import type { Writes } from "../core/writes.js";

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

const PROTECTION_PREFIX = "排污口插件：";
const HEADER_COLOURS: Record<string, string> = { edit: "#dbe8f6", input: "#dbe8f6", sync: "#e6e6e6", info: "#e6e6e6", system: "#e6e6e6" };
/** Rows a new ledger starts with; more are added as pulls need them. */
const INITIAL_ROWS = 1000;

function ensureSize(sheet: Sheet, rows: number, columns: number) {
  const maxRows = sheet.getMaxRows();
  if (rows > maxRows) sheet.insertRowsAfter(maxRows, rows - maxRows);
  const maxColumns = sheet.getMaxColumns();
  if (columns > maxColumns) sheet.insertColumnsAfter(maxColumns, columns - maxColumns);
}

function validationRule(v: Validation): GoogleAppsScript.Spreadsheet.DataValidation {
  const builder = SpreadsheetApp.newDataValidation();
  if (v.kind === "list") builder.requireValueInList(v.values ?? [], true);
  else if (v.kind === "date") builder.requireDate();
  else builder.requireNumberBetween(v.min ?? -1e9, v.max ?? 1e9);
  return builder.setAllowInvalid(!v.strict).setHelpText(v.help).build();
}

function protect(sheet: Sheet, range: GoogleAppsScript.Spreadsheet.Range, description: string) {
  for (const p of sheet.getProtections(SpreadsheetApp.ProtectionType.RANGE)) {
    if (p.getDescription() === description) p.remove();
  }
  // Warning only: scripts run as the clerk, so a hard protection would stop colleagues' pushes too.
  range.protect().setDescription(description).setWarningOnly(true);
}

export class GasLedger implements LedgerPort {
  readonly sheetId: string;

  constructor(private readonly sheet: Sheet) {
    this.sheetId = String(sheet.getSheetId());
  }

  readHeader() {
    const width = this.sheet.getLastColumn();
    if (width === 0) return { labels: [], notes: [] };
    const range = this.sheet.getRange(1, 1, 1, width);
    return { labels: range.getValues()[0] ?? [], notes: range.getNotes()[0] ?? [] };
  }

  rowCapacity(): number {
    return this.sheet.getMaxRows();
  }

  setupColumns(columns: PlacedColumn[], options: { initial: boolean; frozenColumns: number }) {
    const sheet = this.sheet;
    ensureSize(sheet, options.initial ? INITIAL_ROWS : 2, Math.max(...columns.map((c) => c.index + 1)));
    const dataRows = sheet.getMaxRows() - 1;
    const sorted = [...columns].sort((a, b) => a.index - b.index);
    const first = sorted[0]!.index;
    if (sorted.every((c, i) => c.index === first + i)) {
      // One call each for the header cells, their notes and fills (a new sheet, or a refresh).
      const header = sheet.getRange(1, first + 1, 1, sorted.length);
      header.setValues([sorted.map((c) => c.column.label)]);
      header.setNotes([sorted.map((c) => c.column.note)]);
      header.setBackgrounds([sorted.map((c) => HEADER_COLOURS[c.column.role] ?? "#ffffff")]);
      header.setFontWeight("bold").setWrap(true);
    } else {
      for (const { index, column } of columns) {
        sheet.getRange(1, index + 1).setValue(column.label).setNote(column.note).setFontWeight("bold").setBackground(HEADER_COLOURS[column.role] ?? null).setWrap(true);
      }
    }
    for (const { index, column } of columns) {
      const col = index + 1;
      const data = sheet.getRange(2, col, dataRows, 1);
      data.setNumberFormat(column.numberFormat);
      if (column.validation) data.setDataValidation(validationRule(column.validation));
      else if (!options.initial) data.clearDataValidations();
      if (options.initial) sheet.setColumnWidth(col, column.width ?? 110);
      if (column.role === "system") {
        sheet.hideColumns(col);
        protect(sheet, sheet.getRange(1, col, dataRows + 1, 1), `${PROTECTION_PREFIX}${column.label}（同步用，请勿修改）`);
      } else if (column.role === "info") {
        protect(sheet, sheet.getRange(2, col, dataRows, 1), `${PROTECTION_PREFIX}${column.label}（系统维护，修改不会推送）`);
      }
    }
    if (options.initial) {
      sheet.setFrozenRows(1);
      sheet.setFrozenColumns(options.frozenColumns);
      protect(sheet, sheet.getRange(1, 1, 1, sheet.getMaxColumns()), `${PROTECTION_PREFIX}表头（插件按表头找列，请勿修改）`);
    }
  }

  read(width: number): Grid {
    const lastRow = this.sheet.getLastRow();
    const columns = Math.max(width, this.sheet.getLastColumn());
    ensureSize(this.sheet, 1, columns);
    if (lastRow < 2) return { firstRow: 2, width: columns, values: [], notes: [], backgrounds: [] };
    const range = this.sheet.getRange(2, 1, lastRow - 1, columns);
    return { firstRow: 2, width: columns, values: range.getValues(), notes: range.getNotes(), backgrounds: range.getBackgrounds() };
  }

  write(writes: Writes) {
    // Room for the rows written plus some headroom, so a clerk adding rows by hand finds dropdowns there too.
    if (writes.lastRow > this.sheet.getMaxRows()) ensureSize(this.sheet, writes.lastRow + 200, writes.width);
    else ensureSize(this.sheet, writes.lastRow, writes.width);
    for (const b of writes.values) {
      const range = this.sheet.getRange(b.row, b.column, b.cells.length, b.cells[0]!.length);
      // Text columns are plain text already; formula-like text elsewhere gets that format before it is written.
      const formats = textFormats(b.cells, formulaLike, () => range.getNumberFormats());
      if (formats) range.setNumberFormats(formats);
      range.setValues(b.cells);
    }
    for (const b of writes.notes) this.sheet.getRange(b.row, b.column, b.cells.length, b.cells[0]!.length).setNotes(b.cells);
    for (const b of writes.backgrounds) {
      this.sheet.getRange(b.row, b.column, b.cells.length, b.cells[0]!.length).setBackgrounds(b.cells as string[][]);
    }
  }
}

export class GasWorkbook implements WorkbookPort {
  readonly id: string;

  constructor(private readonly ss: Spreadsheet) {
    this.id = ss.getId();
  }

  ledger(create: boolean): GasLedger | undefined {
    let sheet = this.ss.getSheetByName(LEDGER_SHEET);
    if (!sheet) {
      if (!create) return undefined;
      sheet = this.ss.insertSheet(LEDGER_SHEET, 0);
    }
    return new GasLedger(sheet);
  }

  readTable(name: string): unknown[][] {
    const sheet = this.ss.getSheetByName(name);
    if (!sheet) return [];
    const rows = sheet.getLastRow();
    const columns = sheet.getLastColumn();
    return rows && columns ? sheet.getRange(1, 1, rows, columns).getValues() : [];
  }

  writeTable(name: string, rows: unknown[][], options: TableOptions = {}) {
    let sheet = this.ss.getSheetByName(name);
    if (!sheet) {
      // insertSheet activates the new sheet; the clerk stays where they were.
      const active = this.ss.getActiveSheet();
      sheet = this.ss.insertSheet(name);
      active.activate();
    }
    const width = Math.max(1, ...rows.map((r) => r.length));
    sheet.clearContents();
    ensureSize(sheet, Math.max(rows.length, 1), width);
    if (rows.length) {
      const padded = rows.map((r) => Array.from({ length: width }, (_, i) => (i < r.length ? r[i] : "")));
      const range = sheet.getRange(1, 1, padded.length, width);
      // Side sheets hold server values (conflicts, summaries): every text cell is plain text.
      const formats = textFormats(padded, (text) => text !== "", () => range.getNumberFormats());
      if (formats) range.setNumberFormats(formats);
      range.setValues(padded);
      sheet.getRange(1, 1, 1, width).setFontWeight("bold");
    }
    sheet.setFrozenRows(1);
    (options.widths ?? []).forEach((w, i) => sheet.setColumnWidth(i + 1, w));
    for (const c of options.hiddenColumns ?? []) sheet.hideColumns(c);
    const below = Math.max(rows.length + 200, 500);
    ensureSize(sheet, below, width);
    for (const [c, values] of Object.entries(options.dropdowns ?? {})) {
      sheet.getRange(2, Number(c), below - 1, 1).setDataValidation(validationRule({ kind: "list", values, strict: false, help: "请从下拉列表中选择" } as Validation));
    }
  }

  selection(): { sheet: string; rows: number[] } {
    const sheet = this.ss.getActiveSheet();
    const rows: number[] = [];
    const list = this.ss.getActiveRangeList();
    for (const range of list ? list.getRanges() : []) {
      const first = range.getRow();
      for (let r = first; r < first + range.getNumRows(); r++) if (!rows.includes(r)) rows.push(r);
    }
    return { sheet: sheet.getName(), rows };
  }

  activate(name: string) {
    this.ss.getSheetByName(name)?.activate();
  }
}
