// The spreadsheet side of the engine's ports over an exceljs Workbook held in memory (loaded at the start of a
// command, saved at its end by file.ts): the ledger sheet (ledger.ts), the side sheets (冲突, 汇总), the hidden
// list sheet of the dropdowns and the hidden settings sheet (settings-sheet.ts). Cell helpers are in cells.ts.
// Mirrors sheets-addon/src/gas/sheet.ts.
import { randomUUID } from "node:crypto";
import type { WorkbookPort } from "../../../sheets-addon/src/core/ports.js";
import { LEDGER_SHEET } from "../../../sheets-addon/src/core/tables.js";
import { HIDDEN_ORDER, type Workbook, lastColumnOf, lastRowOf, letters, ordered, plainValue, restyle, setServerValue, toExcelWidth } from "./cells.js";
import { XlsxLedger } from "./ledger.js";
import { SheetSettings } from "./settings-sheet.js";

export { fillColour, noteText, plainValue } from "./cells.js";
export { SETTINGS_SHEET, SheetSettings } from "./settings-sheet.js";
export { XlsxLedger } from "./ledger.js";

/** Hidden sheet of the dropdowns' choices (one column per ledger column). */
export const LISTS_SHEET = "_lists";
const WORKBOOK_ID_KEY = "WORKBOOK_ID";

export class XlsxWorkbook implements WorkbookPort {
  readonly id: string;
  readonly settings: SheetSettings;
  private selected: { sheet: string; rows: number[] } = { sheet: LEDGER_SHEET, rows: [] };

  constructor(readonly book: Workbook) {
    this.settings = new SheetSettings(book);
    let id = this.settings.get(WORKBOOK_ID_KEY);
    if (!id) {
      id = randomUUID();
      this.settings.set(WORKBOOK_ID_KEY, id);
    }
    this.id = id;
  }

  ledger(create: boolean): XlsxLedger | undefined {
    let sheet = this.book.getWorksheet(LEDGER_SHEET);
    if (!sheet) {
      if (!create) return undefined;
      sheet = this.book.addWorksheet(LEDGER_SHEET);
      // First tab, as in Sheets (insertSheet at index 0).
      ordered(sheet).orderNo = Math.min(0, ...this.book.worksheets.map((s) => ordered(s).orderNo)) - 1;
      this.activate(LEDGER_SHEET);
    }
    return new XlsxLedger(sheet, this);
  }

  /** The dropdown's choices written to the hidden list sheet; returns the range formula for the validation. */
  listRange(key: string, values: string[]): string {
    let sheet = this.book.getWorksheet(LISTS_SHEET);
    if (!sheet) {
      sheet = this.book.addWorksheet(LISTS_SHEET, { state: "veryHidden" });
      ordered(sheet).orderNo = HIDDEN_ORDER + 1;
    }
    const header = sheet.getRow(1);
    let column = 0;
    header.eachCell({ includeEmpty: false }, (cell, c) => {
      if (plainValue(cell.value) === key) column = c;
    });
    if (!column) {
      column = lastColumnOf(sheet, 1) + 1;
      header.getCell(column).value = key;
    }
    const last = Math.max(lastRowOf(sheet), values.length + 1);
    for (let r = 2; r <= last; r++) sheet.getRow(r).getCell(column).value = r - 2 < values.length ? values[r - 2]! : null;
    const col = letters(column);
    return `'${LISTS_SHEET}'!$${col}$2:$${col}$${values.length + 1}`;
  }

  readTable(name: string): unknown[][] {
    const sheet = this.book.getWorksheet(name);
    if (!sheet) return [];
    const rows = lastRowOf(sheet);
    let columns = 0;
    for (let r = 1; r <= rows; r++) columns = Math.max(columns, lastColumnOf(sheet, r));
    const out: unknown[][] = [];
    for (let r = 1; r <= rows; r++) {
      const row = sheet.getRow(r);
      out.push(Array.from({ length: columns }, (_, c) => plainValue(row.getCell(c + 1).value)));
    }
    return out;
  }

  writeTable(name: string, rows: unknown[][], options: { hiddenColumns?: number[]; widths?: number[] } = {}) {
    let sheet = this.book.getWorksheet(name);
    if (!sheet) {
      sheet = this.book.addWorksheet(name);
      // After the clerk's own tabs, before the tool's hidden sheets.
      ordered(sheet).orderNo = Math.max(0, ...this.book.worksheets.filter((s) => ordered(s).orderNo < HIDDEN_ORDER && s !== sheet).map((s) => ordered(s).orderNo)) + 1;
    }
    // Contents cleared, formats kept (Sheets' clearContents).
    sheet.eachRow({ includeEmpty: true }, (row) => row.eachCell({ includeEmpty: false }, (cell) => (cell.value = null)));
    rows.forEach((cells, r) => {
      const row = sheet.getRow(r + 1);
      cells.forEach((value, c) => {
        const cell = row.getCell(c + 1);
        // Side sheets hold server values (conflicts, summaries): every text cell is text.
        setServerValue(cell, value, () => true);
        if (r === 0) restyle(cell, { font: { bold: true } });
      });
    });
    sheet.views = [{ state: "frozen", ySplit: 1, xSplit: 0 }];
    (options.widths ?? []).forEach((w, i) => (sheet.getColumn(i + 1).width = toExcelWidth(w)));
    for (const c of options.hiddenColumns ?? []) sheet.getColumn(c).hidden = true;
  }

  /** What the CLI's `--rows` selects (the engine's conflict actions act on the selection). */
  select(sheet: string, rows: number[]) {
    this.selected = { sheet, rows: [...rows] };
  }

  selection(): { sheet: string; rows: number[] } {
    return { sheet: this.selected.sheet, rows: [...this.selected.rows] };
  }

  activate(name: string) {
    const index = this.book.worksheets.findIndex((s) => s.name === name);
    if (index < 0) return;
    const view = this.book.views[0] ?? { x: 0, y: 0, width: 20_000, height: 12_000, visibility: "visible" as const };
    this.book.views = [{ ...view, activeTab: index, firstSheet: 0 }];
  }
}
