// The ledger sheet of the engine's LedgerPort: headers with notes, column formats, dropdowns from the hidden
// list sheet, hidden sync columns, frozen panes, reads and cell writes with notes and fills.
import type { Validation } from "../../../sheets-addon/src/core/columns.js";
import type { LedgerPort, PlacedColumn } from "../../../sheets-addon/src/core/ports.js";
import type { Grid } from "../../../sheets-addon/src/core/rows.js";
import type { Writes } from "../../../sheets-addon/src/core/writes.js";
import {
  type Cell,
  NO_FILL,
  type Worksheet,
  columnOf,
  fillColour,
  lastColumnOf,
  lastRowOf,
  letters,
  noteText,
  plainValue,
  restyle,
  setFill,
  setNote,
  setServerValue,
  toExcelWidth,
  validationsOf,
} from "./cells.js";
import type { XlsxWorkbook } from "./workbook.js";

const HEADER_COLOURS: Record<string, string> = { edit: "#dbe8f6", input: "#dbe8f6", sync: "#e6e6e6", info: "#e6e6e6", system: "#e6e6e6" };
/** Rows a new ledger gets formats and dropdowns for; more as pulls need them. */
const INITIAL_ROWS = 1000;
const CAPACITY_KEY = "LEDGER_ROWS";

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
