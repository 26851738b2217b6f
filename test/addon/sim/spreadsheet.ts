// An in-memory spreadsheet implementing the part of SpreadsheetApp the add-on uses: sheets with a fixed size
// (writes outside it throw, as in Sheets), values (typed input is parsed like Sheets does: numbers, and dates in
// date-formatted cells), notes, fills, number formats, data validation, protections, hidden and frozen
// rows/columns, selections, toasts, menus, dialogs and sidebars.

const OUT_OF_BOUNDS = "Exception: The coordinates of the range are outside the dimensions of the sheet.";
const WHITE = "#ffffff";

export class SimValidation {
  constructor(
    readonly criteria: "VALUE_IN_LIST" | "DATE_IS_VALID_DATE" | "NUMBER_BETWEEN",
    readonly args: unknown[],
    readonly allowInvalid: boolean,
    readonly helpText: string,
  ) {}
  getCriteriaType() {
    return this.criteria;
  }
  getCriteriaValues() {
    return this.args;
  }
  getAllowInvalid() {
    return this.allowInvalid;
  }
  getHelpText() {
    return this.helpText;
  }
}

export class SimValidationBuilder {
  private criteria: SimValidation["criteria"] = "VALUE_IN_LIST";
  private args: unknown[] = [];
  private allowInvalid = true;
  private helpText = "";
  requireValueInList(values: string[], showDropdown = true) {
    if (values.length > 500) throw new Error("Exception: a list validation may hold at most 500 items");
    this.criteria = "VALUE_IN_LIST";
    this.args = [[...values], showDropdown];
    return this;
  }
  requireDate() {
    this.criteria = "DATE_IS_VALID_DATE";
    this.args = [];
    return this;
  }
  requireNumberBetween(min: number, max: number) {
    this.criteria = "NUMBER_BETWEEN";
    this.args = [min, max];
    return this;
  }
  setAllowInvalid(allow: boolean) {
    this.allowInvalid = allow;
    return this;
  }
  setHelpText(text: string) {
    this.helpText = text;
    return this;
  }
  build() {
    return new SimValidation(this.criteria, this.args, this.allowInvalid, this.helpText);
  }
}

export class SimProtection {
  description = "";
  warningOnly = false;
  removed = false;
  constructor(
    readonly sheet: SimSheet,
    readonly row: number,
    readonly column: number,
    readonly numRows: number,
    readonly numColumns: number,
  ) {}
  setDescription(d: string) {
    this.description = d;
    return this;
  }
  getDescription() {
    return this.description;
  }
  setWarningOnly(w: boolean) {
    this.warningOnly = w;
    return this;
  }
  isWarningOnly() {
    return this.warningOnly;
  }
  remove() {
    this.removed = true;
    this.sheet.protections = this.sheet.protections.filter((p) => p !== this);
  }
  getRange() {
    return new SimRange(this.sheet, this.row, this.column, this.numRows, this.numColumns);
  }
}

type Grid<T> = T[][];

function dateInShanghai(text: string): Date | undefined {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text.trim());
  if (!m) return undefined;
  const utc = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (utc.getUTCMonth() !== Number(m[2]) - 1 || utc.getUTCDate() !== Number(m[3])) return undefined; // Sheets keeps 2024-13-45 as text
  return new Date(utc.getTime() - 8 * 3600_000);
}

/** What Sheets stores for a value written to a cell with this number format. */
/** A formula, as Sheets makes one of text starting with "=" written to a cell that is not plain text ("@").
 *  The simulation does not evaluate it: getValues gives "" for it, getFormulas its text. */
export class SimFormula {
  constructor(readonly text: string) {}
}

function parseInput(value: unknown, format: string | undefined): unknown {
  if (value === null || value === undefined) return "";
  if (typeof value !== "string" || format === "@") return value;
  if (value.startsWith("=")) return new SimFormula(value);
  if (format && /y/i.test(format) && /d/i.test(format)) {
    const date = dateInShanghai(value);
    if (date) return date;
  }
  if (/^-?\d+(\.\d+)?$/.test(value.trim()) && value.trim().length < 16) return Number(value.trim());
  return value;
}

export class SimSheet {
  values: Grid<unknown> = [];
  notes: Grid<string> = [];
  backgrounds: Grid<string> = [];
  formats: Grid<string | undefined> = [];
  validations: Grid<SimValidation | undefined> = [];
  protections: SimProtection[] = [];
  hiddenColumns = new Set<number>();
  widths = new Map<number, number>();
  frozenRows = 0;
  frozenColumns = 0;
  maxRows = 1000;
  maxColumns = 26;

  constructor(
    readonly parent: SimSpreadsheet,
    private name: string,
    readonly id: number,
  ) {}

  getName() {
    return this.name;
  }
  setName(name: string) {
    this.name = name;
    return this;
  }
  getSheetId() {
    return this.id;
  }
  getParent() {
    return this.parent;
  }
  activate() {
    this.parent.active = this;
    this.parent.selection = [new SimRange(this, 1, 1, 1, 1)];
    return this;
  }

  cell<T>(grid: Grid<T>, row: number, col: number, blank: T): T {
    return grid[row - 1]?.[col - 1] ?? blank;
  }
  put<T>(grid: Grid<T>, row: number, col: number, value: T) {
    (grid[row - 1] ??= [])[col - 1] = value;
  }

  getRange(a: number | string, b?: number, c?: number, d?: number): SimRange {
    if (typeof a === "string") return this.rangeA1(a);
    return new SimRange(this, a, b ?? 1, c ?? 1, d ?? 1);
  }

  private rangeA1(a1: string): SimRange {
    const parse = (ref: string) => {
      const m = /^([A-Z]+)(\d+)$/.exec(ref)!;
      const col = [...m[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
      return { row: Number(m[2]), col };
    };
    const [from, to] = a1.split(":");
    const f = parse(from!);
    const t = to ? parse(to) : f;
    return new SimRange(this, f.row, f.col, t.row - f.row + 1, t.col - f.col + 1);
  }

  getDataRange() {
    return new SimRange(this, 1, 1, Math.max(1, this.getLastRow()), Math.max(1, this.getLastColumn()));
  }

  getLastRow() {
    for (let r = this.values.length; r >= 1; r--) if ((this.values[r - 1] ?? []).some((v) => v !== "" && v !== undefined && v !== null)) return r;
    return 0;
  }

  getLastColumn() {
    let last = 0;
    for (const row of this.values) {
      if (!row) continue;
      for (let c = row.length; c > last; c--) if (row[c - 1] !== "" && row[c - 1] !== undefined && row[c - 1] !== null) last = c;
    }
    return last;
  }

  getMaxRows() {
    return this.maxRows;
  }
  getMaxColumns() {
    return this.maxColumns;
  }

  insertRowsAfter(after: number, count: number) {
    if (after < this.maxRows) {
      for (const grid of [this.values, this.notes, this.backgrounds, this.formats, this.validations] as Grid<unknown>[]) {
        grid.splice(after, 0, ...Array.from({ length: count }, () => []));
      }
    }
    this.maxRows += count;
    return this;
  }

  insertColumnsAfter(after: number, count: number) {
    if (after < this.maxColumns) {
      for (const grid of [this.values, this.notes, this.backgrounds, this.formats, this.validations] as Grid<unknown>[]) {
        for (const row of grid) if (row && row.length > after) row.splice(after, 0, ...Array.from({ length: count }, () => undefined));
      }
    }
    this.maxColumns += count;
    return this;
  }

  deleteRows(row: number, count: number) {
    if (row < 1 || row + count - 1 > this.maxRows) throw new Error(OUT_OF_BOUNDS);
    for (const grid of [this.values, this.notes, this.backgrounds, this.formats, this.validations] as Grid<unknown>[]) grid.splice(row - 1, count);
    this.maxRows -= count;
  }

  deleteRow(row: number) {
    this.deleteRows(row, 1);
  }

  setFrozenRows(n: number) {
    this.frozenRows = n;
  }
  getFrozenRows() {
    return this.frozenRows;
  }
  setFrozenColumns(n: number) {
    this.frozenColumns = n;
  }
  getFrozenColumns() {
    return this.frozenColumns;
  }
  hideColumns(col: number, count = 1) {
    for (let c = col; c < col + count; c++) this.hiddenColumns.add(c);
  }
  showColumns(col: number, count = 1) {
    for (let c = col; c < col + count; c++) this.hiddenColumns.delete(c);
  }
  isColumnHiddenByUser(col: number) {
    return this.hiddenColumns.has(col);
  }
  setColumnWidth(col: number, width: number) {
    this.widths.set(col, width);
    return this;
  }
  getColumnWidth(col: number) {
    return this.widths.get(col) ?? 100;
  }
  getProtections(type: string) {
    return type === "RANGE" ? [...this.protections] : [];
  }
  clearContents() {
    this.values = [];
    return this;
  }
  clear() {
    this.values = [];
    this.notes = [];
    this.backgrounds = [];
    this.formats = [];
    return this;
  }
}

export class SimRange {
  constructor(
    readonly sheet: SimSheet,
    readonly row: number,
    readonly column: number,
    readonly numRows: number,
    readonly numColumns: number,
  ) {
    if (row < 1 || column < 1 || numRows < 1 || numColumns < 1 || row + numRows - 1 > sheet.maxRows || column + numColumns - 1 > sheet.maxColumns) {
      throw sheet.parent.error(`${OUT_OF_BOUNDS} (${row},${column},${numRows},${numColumns} on ${sheet.maxRows}x${sheet.maxColumns})`);
    }
  }

  private read<T>(grid: Grid<T>, blank: T): T[][] {
    return Array.from({ length: this.numRows }, (_, r) => Array.from({ length: this.numColumns }, (_, c) => this.sheet.cell(grid, this.row + r, this.column + c, blank)));
  }

  private write<T>(grid: Grid<T>, cells: T[][], map: (v: T, row: number, col: number) => T = (v) => v) {
    if (!Array.isArray(cells) || cells.length !== this.numRows || cells.some((r) => !Array.isArray(r) || r.length !== this.numColumns)) {
      throw this.sheet.parent.error(
        `Exception: The number of rows or columns in the data does not match the range: data ${cells?.length}x${cells?.[0]?.length}, range ${this.numRows}x${this.numColumns}`,
      );
    }
    cells.forEach((r, i) => r.forEach((v, j) => this.sheet.put(grid, this.row + i, this.column + j, map(v, this.row + i, this.column + j))));
    return this;
  }

  private fill<T>(value: T): T[][] {
    return Array.from({ length: this.numRows }, () => Array.from({ length: this.numColumns }, () => value));
  }

  getSheet() {
    return this.sheet;
  }
  getRow() {
    return this.row;
  }
  getColumn() {
    return this.column;
  }
  getNumRows() {
    return this.numRows;
  }
  getNumColumns() {
    return this.numColumns;
  }
  getLastRow() {
    return this.row + this.numRows - 1;
  }
  getLastColumn() {
    return this.column + this.numColumns - 1;
  }
  getA1Notation() {
    const letters = (n: number): string => (n > 26 ? letters(Math.floor((n - 1) / 26)) : "") + String.fromCharCode(65 + ((n - 1) % 26));
    const from = `${letters(this.column)}${this.row}`;
    return this.numRows === 1 && this.numColumns === 1 ? from : `${from}:${letters(this.getLastColumn())}${this.getLastRow()}`;
  }
  activate() {
    this.sheet.parent.active = this.sheet;
    this.sheet.parent.selection = [this];
    return this;
  }

  getValues() {
    return this.read<unknown>(this.sheet.values, "").map((r) => r.map((v) => (v instanceof SimFormula ? "" : v)));
  }
  getValue() {
    const v = this.sheet.cell(this.sheet.values, this.row, this.column, "");
    return v instanceof SimFormula ? "" : v;
  }
  getFormulas() {
    return this.read<unknown>(this.sheet.values, "").map((r) => r.map((v) => (v instanceof SimFormula ? v.text : "")));
  }
  getDisplayValues() {
    return this.getValues().map((r) => r.map((v) => (v instanceof Date ? v.toISOString() : String(v))));
  }
  setValues(values: unknown[][]) {
    return this.write(this.sheet.values, values, (v, r, c) => parseInput(v, this.sheet.cell(this.sheet.formats, r, c, undefined)));
  }
  setValue(value: unknown) {
    return this.setValues(this.fill(value));
  }
  clearContent() {
    return this.write(this.sheet.values, this.fill<unknown>(""));
  }

  getNotes() {
    return this.read(this.sheet.notes, "");
  }
  getNote() {
    return this.sheet.cell(this.sheet.notes, this.row, this.column, "");
  }
  setNotes(notes: string[][]) {
    return this.write(this.sheet.notes, notes, (v) => (v === null || v === undefined ? "" : String(v)));
  }
  setNote(note: string) {
    return this.setNotes(this.fill(note ?? ""));
  }
  clearNote() {
    return this.setNote("");
  }

  getBackgrounds() {
    return this.read(this.sheet.backgrounds, WHITE);
  }
  getBackground() {
    return this.sheet.cell(this.sheet.backgrounds, this.row, this.column, WHITE);
  }
  setBackgrounds(colours: (string | null)[][]) {
    return this.write(this.sheet.backgrounds as Grid<string | null>, colours, (v) => (v ? v.toLowerCase() : WHITE));
  }
  setBackground(colour: string | null) {
    return this.setBackgrounds(this.fill(colour));
  }

  getNumberFormats() {
    return this.read<string | undefined>(this.sheet.formats, undefined).map((r) => r.map((f) => f ?? "General"));
  }
  setNumberFormat(format: string) {
    return this.write<string | undefined>(this.sheet.formats, this.fill<string | undefined>(format));
  }
  setNumberFormats(formats: string[][]) {
    return this.write<string | undefined>(this.sheet.formats, formats);
  }

  getDataValidations() {
    return this.read<SimValidation | undefined>(this.sheet.validations, undefined).map((r) => r.map((v) => v ?? null));
  }
  getDataValidation() {
    return this.sheet.cell(this.sheet.validations, this.row, this.column, undefined) ?? null;
  }
  setDataValidation(rule: SimValidation | null) {
    return this.write<SimValidation | undefined>(this.sheet.validations, this.fill<SimValidation | undefined>(rule ?? undefined));
  }
  clearDataValidations() {
    return this.setDataValidation(null);
  }

  protect() {
    const p = new SimProtection(this.sheet, this.row, this.column, this.numRows, this.numColumns);
    this.sheet.protections.push(p);
    return p;
  }

  setFontWeight(_w: string) {
    return this;
  }
  setWrap(_w: boolean) {
    return this;
  }
  setFontColor(_c: string) {
    return this;
  }
  setHorizontalAlignment(_a: string) {
    return this;
  }
  setVerticalAlignment(_a: string) {
    return this;
  }
}

export class SimMenu {
  readonly items: ({ label: string; functionName: string } | { separator: true } | { submenu: SimMenu })[] = [];
  constructor(
    readonly ui: SimUi,
    readonly title: string,
  ) {}
  addItem(label: string, functionName: string) {
    this.items.push({ label, functionName });
    return this;
  }
  addSeparator() {
    this.items.push({ separator: true });
    return this;
  }
  addSubMenu(menu: SimMenu) {
    this.items.push({ submenu: menu });
    return this;
  }
  addToUi() {
    this.ui.menus.push(this);
  }
  /** Every function the menu (and its submenus) names. */
  functions(): string[] {
    return this.items.flatMap((i) => ("functionName" in i ? [i.functionName] : "submenu" in i ? i.submenu.functions() : []));
  }
}

export interface SimHtml {
  content: string;
  title: string;
  width?: number;
  height?: number;
}

export class SimUi {
  readonly menus: SimMenu[] = [];
  readonly alerts: { title: string; message: string }[] = [];
  readonly dialogs: (SimHtml & { kind: "modal" | "sidebar" })[] = [];
  readonly ButtonSet = { OK: "OK", OK_CANCEL: "OK_CANCEL", YES_NO: "YES_NO", YES_NO_CANCEL: "YES_NO_CANCEL" };
  readonly Button = { OK: "OK", CANCEL: "CANCEL", YES: "YES", NO: "NO", CLOSE: "CLOSE" };

  constructor(readonly addonTitle: string) {}

  createAddonMenu() {
    return new SimMenu(this, this.addonTitle);
  }
  createMenu(title: string) {
    return new SimMenu(this, title);
  }
  alert(a: string, b?: string, _buttons?: string) {
    this.alerts.push(b === undefined ? { title: "", message: a } : { title: a, message: b });
    return this.Button.OK;
  }
  showSidebar(html: SimHtml) {
    this.dialogs.push({ ...html, kind: "sidebar" });
  }
  showModalDialog(html: SimHtml, title: string) {
    this.dialogs.push({ ...html, title, kind: "modal" });
  }
}

export class SimSpreadsheet {
  readonly sheets: SimSheet[] = [];
  readonly toasts: { message: string; title: string }[] = [];
  active: SimSheet;
  selection: SimRange[] = [];
  private nextId = 0;

  constructor(
    readonly id: string,
    readonly timeZone: string,
    readonly error: (message: string) => Error,
  ) {
    this.active = this.insertSheet("Sheet1");
  }

  getId() {
    return this.id;
  }
  getName() {
    return "街道排污口台账";
  }
  getUrl() {
    return `https://docs.google.com/spreadsheets/d/${this.id}/edit`;
  }
  getSpreadsheetTimeZone() {
    return this.timeZone;
  }
  getSheets() {
    return [...this.sheets];
  }
  getSheetByName(name: string) {
    return this.sheets.find((s) => s.getName() === name) ?? null;
  }
  insertSheet(name: string, index?: number) {
    if (this.getSheetByName(name)) throw this.error(`Exception: A sheet with the name "${name}" already exists.`);
    const sheet = new SimSheet(this, name, this.nextId++ === 0 ? 0 : 100000 + this.nextId);
    if (index === undefined) this.sheets.push(sheet);
    else this.sheets.splice(index, 0, sheet);
    this.active = sheet;
    this.selection = [];
    return sheet;
  }
  getActiveSheet() {
    return this.active;
  }
  setActiveSheet(sheet: SimSheet) {
    this.active = sheet;
    return sheet;
  }
  getActiveRange() {
    return this.selection[0] ?? null;
  }
  getActiveRangeList() {
    return this.selection.length ? { getRanges: () => [...this.selection] } : null;
  }
  toast(message: string, title = "", _seconds?: number) {
    this.toasts.push({ message, title });
  }
}
