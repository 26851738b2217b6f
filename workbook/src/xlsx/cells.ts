// Cell-level helpers over exceljs: values as Sheets gives them, notes, fills, styles replaced (never mutated),
// server values written as values, column letters, and the used range of a sheet.
import type ExcelJS from "exceljs";
import { formulaLike } from "../../../sheets-addon/src/core/cell-text.js";

export type Workbook = ExcelJS.Workbook;
export type Worksheet = ExcelJS.Worksheet;
export type Cell = ExcelJS.Cell;

/** Tab position of the tool's hidden sheets: after every visible one (exceljs orders tabs by orderNo). */
export const HIDDEN_ORDER = 1_000_000;
/** How Sheets (and so the engine) names "no fill". */
export const NO_FILL = "#ffffff";
/** Sheets widths are pixels; Excel's are characters of the default font (about 7 px). */
export const toExcelWidth = (pixels: number) => Math.max(4, Math.round((pixels / 7) * 10) / 10);

// exceljs keeps data validations per sheet in a model keyed by address (or range); its typings omit the container.
export interface DataValidations {
  model: Record<string, ExcelJS.DataValidation | undefined>;
  add(address: string, validation: ExcelJS.DataValidation): void;
}
// exceljs orders tabs by each sheet's orderNo, which its typings omit.
export const ordered = (sheet: Worksheet) => sheet as unknown as { orderNo: number };
export const validationsOf = (sheet: Worksheet) => (sheet as unknown as { dataValidations: DataValidations }).dataValidations;

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
export function restyle(cell: Cell, change: Partial<ExcelJS.Style>, remove: (keyof ExcelJS.Style)[] = []) {
  const style: Partial<ExcelJS.Style> = { ...(cell.style ?? {}), ...change };
  for (const key of remove) delete style[key];
  cell.style = style;
}

/**
 * Writes a server-supplied value as a value, never as a formula: a string stays a string (exceljs makes a
 * formula only of an object), an object that is not a date becomes its JSON text, and text that Excel or WPS
 * would take for a formula once the clerk edits the cell gets the text format "@" (so it stays text then too).
 */
export function setServerValue(cell: Cell, value: unknown, textFormat: (text: string) => boolean = formulaLike) {
  const next = value === "" || value === undefined || value === null ? null : typeof value === "object" && !(value instanceof Date) ? JSON.stringify(value) : (value as ExcelJS.CellValue);
  if (typeof next === "string" && textFormat(next) && cell.numFmt !== "@") restyle(cell, { numFmt: "@" });
  cell.value = next;
}

export function setFill(cell: Cell, colour: string | null) {
  if (colour === null || colour.toLowerCase() === NO_FILL) restyle(cell, {}, ["fill"]);
  else restyle(cell, { fill: { type: "pattern", pattern: "solid", fgColor: { argb: `FF${colour.replace("#", "").toUpperCase()}` } } });
}

export function setNote(cell: Cell, note: string) {
  if (note) cell.note = note;
  // exceljs has no way to remove a note; a cell without one simply has no comment object.
  else (cell as unknown as { _comment?: unknown })._comment = undefined;
}

/** Column letters of a 1-based index. */
export function letters(column: number): string {
  let out = "";
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

/** Column number of an address such as `BU12` or `BU2:BU1000` (its first cell). */
export function columnOf(address: string): number {
  const match = /^\$?([A-Z]+)/.exec(address);
  if (!match) return 0;
  return [...match[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
}

/** The last row holding a value (Sheets' getLastRow). */
export function lastRowOf(sheet: Worksheet): number {
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

export function lastColumnOf(sheet: Worksheet, row: number): number {
  let last = 0;
  sheet.getRow(row).eachCell({ includeEmpty: false }, (cell, column) => {
    if (plainValue(cell.value) !== "" || noteText(cell)) last = column;
  });
  return last;
}
