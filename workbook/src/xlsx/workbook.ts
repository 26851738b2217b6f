// The spreadsheet side of the engine's ports over an exceljs Workbook held in memory (loaded at the start of a
// command, saved at its end by file.ts): the ledger sheet (headers with notes, column formats, dropdowns from a
// hidden list sheet, hidden sync columns, frozen panes, reads and cell writes with notes and fills), the side
// sheets (冲突, 汇总) and the hidden settings sheet that implements the documentSettings KeyValue port.
// Mirrors sheets-addon/src/gas/sheet.ts.
import { randomUUID } from "node:crypto";
import type ExcelJS from "exceljs";
import { formulaLike } from "../../../sheets-addon/src/core/cell-text.js";
import type { Validation } from "../../../sheets-addon/src/core/columns.js";
import type { KeyValue, LedgerPort, PlacedColumn, WorkbookPort } from "../../../sheets-addon/src/core/ports.js";
import type { Grid } from "../../../sheets-addon/src/core/rows.js";
import { LEDGER_SHEET } from "../../../sheets-addon/src/core/tables.js";
import type { Writes } from "../../../sheets-addon/src/core/writes.js";

type Workbook = ExcelJS.Workbook;
type Worksheet = ExcelJS.Worksheet;
type Cell = ExcelJS.Cell;

/** Hidden sheets of the tool: settings (key, value) and the dropdowns' choices (one column per ledger column). */
export const SETTINGS_SHEET = "_settings";
export const LISTS_SHEET = "_lists";

/** Tab position of the tool's hidden sheets: after every visible one (exceljs orders tabs by orderNo). */
const HIDDEN_ORDER = 1_000_000;
const HEADER_COLOURS: Record<string, string> = { edit: "#dbe8f6", input: "#dbe8f6", sync: "#e6e6e6", info: "#e6e6e6", system: "#e6e6e6" };
/** Rows a new ledger gets formats and dropdowns for; more as pulls need them. */
const INITIAL_ROWS = 1000;
/** How Sheets (and so the engine) names "no fill". */
const NO_FILL = "#ffffff";
/** Sheets widths are pixels; Excel's are characters of the default font (about 7 px). */
const toExcelWidth = (pixels: number) => Math.max(4, Math.round((pixels / 7) * 10) / 10);

// exceljs keeps data validations per sheet in a model keyed by address (or range); its typings omit the container.
interface DataValidations {
  model: Record<string, ExcelJS.DataValidation | undefined>;
  add(address: string, validation: ExcelJS.DataValidation): void;
}
// exceljs orders tabs by each sheet's orderNo, which its typings omit.
const ordered = (sheet: Worksheet) => sheet as unknown as { orderNo: number };
const validationsOf = (sheet: Worksheet) => (sheet as unknown as { dataValidations: DataValidations }).dataValidations;

/** A cell's value as Sheets' getValues gives it: "" for blank, formulas by their result, rich text as text. */
export function plainValue(value: ExcelJS.CellValue | undefined): unknown {
  if (value === null || value === undefined) return "";
  if (value instanceof Date || typeof value !== "object") return value;
  if ("richText" in value) return value.richText.map((r) => r.text).join("");
  if ("formula" in value || "sharedFormula" in value) {
    const result = (value as { result?: unknown }).result;
    return result === undefined || result === null ? "" : plainValue(result as ExcelJS.CellValue);
  }
  if ("hyperlink" in value) return plainValue((value as { text?: ExcelJS.CellValue }).text);
  if ("error" in value) return String(value.error);
  return String(value);
}

/** A cell note's text ("" without one). */
export function noteText(cell: Cell): string {
  const note = cell.note as string | { texts?: { text?: string }[] } | undefined;
  if (!note) return "";
  if (typeof note === "string") return note;
  return (note.texts ?? []).map((t) => t.text ?? "").join("");
}

/** A cell's solid fill as `#rrggbb` ("#ffffff" without one; theme colours as `theme:<n>`, which are never ours). */
export function fillColour(cell: Cell): string {
  const fill = cell.style?.fill;
  if (!fill || fill.type !== "pattern" || fill.pattern !== "solid") return NO_FILL;
  const colour = fill.fgColor;
  if (colour?.argb) return `#${colour.argb.slice(-6).toLowerCase()}`;
  if (colour && "theme" in colour) return `theme:${String((colour as { theme: number }).theme)}`;
  return NO_FILL;
}

// Styles read from a file are shared between cells (exceljs caches one object per style id), so every change
// replaces the cell's style object instead of mutating it.
function restyle(cell: Cell, change: Partial<ExcelJS.Style>, remove: (keyof ExcelJS.Style)[] = []) {
  const style: Partial<ExcelJS.Style> = { ...(cell.style ?? {}), ...change };
  for (const key of remove) delete style[key];
  cell.style = style;
}

/**
 * Writes a server-supplied value as a value, never as a formula: a string stays a string (exceljs makes a
 * formula only of an object), an object that is not a date becomes its JSON text, and text that Excel or WPS
 * would take for a formula once the clerk edits the cell gets the text format "@" (so it stays text then too).
 */
function setServerValue(cell: Cell, value: unknown, textFormat: (text: string) => boolean = formulaLike) {
  const next = value === "" || value === undefined || value === null ? null : typeof value === "object" && !(value instanceof Date) ? JSON.stringify(value) : (value as ExcelJS.CellValue);
  if (typeof next === "string" && textFormat(next) && cell.numFmt !== "@") restyle(cell, { numFmt: "@" });
  cell.value = next;
}

function setFill(cell: Cell, colour: string | null) {
  if (colour === null || colour.toLowerCase() === NO_FILL) restyle(cell, {}, ["fill"]);
  else restyle(cell, { fill: { type: "pattern", pattern: "solid", fgColor: { argb: `FF${colour.replace("#", "").toUpperCase()}` } } });
}

function setNote(cell: Cell, note: string) {
  if (note) cell.note = note;
  // exceljs has no way to remove a note; a cell without one simply has no comment object.
  else (cell as unknown as { _comment?: unknown })._comment = undefined;
}

/** Column letters of a 1-based index. */
function letters(column: number): string {
  let out = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

/** Column number of an address such as `BU12` or `BU2:BU1000` (its first cell). */
function columnOf(address: string): number {
  const match = /^\$?([A-Z]+)/.exec(address);
  if (!match) return 0;
  return [...match[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
}

/** The last row holding a value (Sheets' getLastRow). */
function lastRowOf(sheet: Worksheet): number {
  let last = 0;
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    let filled = false;
    row.eachCell({ includeEmpty: false }, (cell) => {
      if (!filled && plainValue(cell.value) !== "") filled = true;
    });
    if (filled) last = number;
  });
  return last;
}

function lastColumnOf(sheet: Worksheet, row: number): number {
  let last = 0;
  sheet.getRow(row).eachCell({ includeEmpty: false }, (cell, column) => {
    if (plainValue(cell.value) !== "" || noteText(cell)) last = column;
  });
  return last;
}

/** documentSettings: a very hidden sheet of key/value rows, saved with the workbook. */
export class SheetSettings implements KeyValue {
  private readonly rows = new Map<string, number>();

  constructor(private readonly book: Workbook) {
    const sheet = book.getWorksheet(SETTINGS_SHEET);
    sheet?.eachRow((row, number) => {
      const key = String(plainValue(row.getCell(1).value));
      if (key) this.rows.set(key, number);
    });
  }

  private sheet(): Worksheet {
    let sheet = this.book.getWorksheet(SETTINGS_SHEET);
    if (!sheet) {
      sheet = this.book.addWorksheet(SETTINGS_SHEET, { state: "veryHidden" });
      ordered(sheet).orderNo = HIDDEN_ORDER;
    }
    return sheet;
  }

  get(key: string): string | null {
    const row = this.rows.get(key);
    if (!row) return null;
    const value = plainValue(this.book.getWorksheet(SETTINGS_SHEET)!.getRow(row).getCell(2).value);
    return value === "" ? null : String(value);
  }

  set(key: string, value: string) {
    const sheet = this.sheet();
    let row = this.rows.get(key);
    if (!row) {
      row = Math.max(0, ...this.rows.values()) + 1;
      this.rows.set(key, row);
    }
    sheet.getRow(row).getCell(1).value = key;
    sheet.getRow(row).getCell(2).value = value;
  }

  remove(key: string) {
    const row = this.rows.get(key);
    if (!row) return;
    const cells = this.sheet().getRow(row);
    cells.getCell(1).value = null;
    cells.getCell(2).value = null;
    this.rows.delete(key);
  }
}

const CAPACITY_KEY = "LEDGER_ROWS";
const WORKBOOK_ID_KEY = "WORKBOOK_ID";

export class XlsxLedger implements LedgerPort {
  readonly sheetId: string;

  constructor(
    private readonly sheet: Worksheet,
    private readonly book: XlsxWorkbook,
  ) {
    this.sheetId = String(sheet.id);
  }

  readHeader() {
    const width = lastColumnOf(this.sheet, 1);
    const row = this.sheet.getRow(1);
    const labels: unknown[] = [];
    const notes: string[] = [];
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c);
      labels.push(plainValue(cell.value));
      notes.push(noteText(cell));
    }
    return { labels, notes };
  }

  rowCapacity(): number {
    return Number(this.book.settings.get(CAPACITY_KEY) ?? 0) || 1;
  }

  private setCapacity(rows: number) {
    this.book.settings.set(CAPACITY_KEY, String(rows));
  }

  setupColumns(columns: PlacedColumn[], options: { initial: boolean; frozenColumns: number }) {
    const sheet = this.sheet;
    const capacity = Math.max(this.rowCapacity(), options.initial ? INITIAL_ROWS : 2, lastRowOf(sheet));
    this.setCapacity(capacity);
    const header = sheet.getRow(1);
    for (const { index, column } of columns) {
      const cell = header.getCell(index + 1);
      cell.value = column.label;
      setNote(cell, column.note);
      restyle(cell, {
        font: { bold: true },
        alignment: { wrapText: true, vertical: "top" },
        fill: { type: "pattern", pattern: "solid", fgColor: { argb: `FF${(HEADER_COLOURS[column.role] ?? "#ffffff").slice(1).toUpperCase()}` } },
      });
    }
    for (const { index, column } of columns) {
      const col = sheet.getColumn(index + 1);
      // The column's own style is what Excel and WPS give cells typed into later (no per-cell formats needed).
      col.style = { ...(col.style ?? {}), numFmt: column.numberFormat };
      this.setValidation(index + 1, column.key, column.validation, capacity);
      if (options.initial) col.width = toExcelWidth(column.width ?? 110);
      if (column.role === "system") col.hidden = true;
    }
    if (options.initial) {
      sheet.views = [{ state: "frozen", xSplit: options.frozenColumns, ySplit: 1, topLeftCell: `${letters(options.frozenColumns + 1)}2`, activeCell: "A2" }];
    }
  }

  private setValidation(column: number, key: string, validation: Validation | undefined, capacity: number) {
    const validations = validationsOf(this.sheet);
    for (const address of Object.keys(validations.model)) {
      if (columnOf(address) === column) delete validations.model[address];
    }
    if (!validation) return;
    const range = `${letters(column)}2:${letters(column)}${capacity}`;
    const common = {
      allowBlank: true,
      showErrorMessage: true,
      errorStyle: validation.strict ? "stop" : "warning",
      errorTitle: "排污口",
      error: validation.help,
    } as const;
    if (validation.kind === "list") {
      const values = validation.values ?? [];
      if (!values.length) return;
      validations.add(range, { type: "list", formulae: [this.book.listRange(key, values)], ...common });
    } else if (validation.kind === "date") {
      validations.add(range, { type: "date", operator: "greaterThan", formulae: [new Date(Date.UTC(1900, 0, 1))], ...common });
    } else {
      validations.add(range, { type: "decimal", operator: "between", formulae: [validation.min ?? -1e9, validation.max ?? 1e9], ...common });
    }
  }

  read(width: number): Grid {
    const lastRow = lastRowOf(this.sheet);
    const columns = Math.max(width, lastColumnOf(this.sheet, 1));
    const grid: Grid = { firstRow: 2, width: columns, values: [], notes: [], backgrounds: [] };
    for (let r = 2; r <= lastRow; r++) {
      const row = this.sheet.getRow(r);
      const values: unknown[] = [];
      const notes: string[] = [];
      const fills: string[] = [];
      for (let c = 1; c <= columns; c++) {
        const cell = row.findCell(c);
        values.push(cell ? plainValue(cell.value) : "");
        notes.push(cell ? noteText(cell) : "");
        fills.push(cell ? fillColour(cell) : NO_FILL);
      }
      grid.values.push(values);
      grid.notes.push(notes);
      grid.backgrounds.push(fills);
    }
    return grid;
  }

  write(writes: Writes) {
    // Room for the rows written plus some headroom, so a clerk adding rows by hand finds dropdowns there too.
    if (writes.lastRow > this.rowCapacity()) this.setCapacity(writes.lastRow + 200);
    const each = <T>(blocks: { row: number; column: number; cells: T[][] }[], apply: (cell: Cell, value: T) => void) => {
      for (const b of blocks) {
        b.cells.forEach((cells, i) => {
          const row = this.sheet.getRow(b.row + i);
          cells.forEach((value, j) => apply(row.getCell(b.column + j), value));
        });
      }
    };
    each(writes.values, (cell, value) => {
      const current = cell.value;
      // A formula (the clerk's) whose result is unchanged stays a formula.
      if (current !== null && typeof current === "object" && !(current instanceof Date) && plainValue(current) === (value ?? "")) return;
      setServerValue(cell, value);
    });
    // Notes and fills come as whole rows of what was read; only the cells that change are touched, so a
    // clerk's formatted note or theme-coloured fill elsewhere in the row stays as it is.
    each(writes.notes, (cell, note) => {
      if (noteText(cell) !== (note ?? "")) setNote(cell, note ?? "");
    });
    each(writes.backgrounds, (cell, colour) => {
      const current = fillColour(cell);
      if (current.startsWith("theme:")) return;
      if (current !== (colour ?? NO_FILL).toLowerCase()) setFill(cell, colour);
    });
  }
}

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
