// documentSettings of the engine's ports for a workbook file: a very hidden sheet of key/value rows.
import type { KeyValue } from "../../../sheets-addon/src/core/ports.js";
import { HIDDEN_ORDER, type Workbook, type Worksheet, ordered, plainValue } from "./cells.js";

/** Hidden sheet of the tool's settings (key, value). */
export const SETTINGS_SHEET = "_settings";

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
