// Server-supplied text must stay text in a sheet: a name that starts with "=" must never become a live
// formula (nor "001" a number in a side sheet). Sheets parses what setValues writes unless the cell's
// number format is plain text ("@"), so the adapters set that format on such cells first.
import { formulaLike } from "../../../functions/src/domain/formula-guard.js";

export { formulaLike };

/**
 * Number formats for a block about to be written: "@" on each string cell `asText` picks, the cell's
 * current format elsewhere. Undefined when no cell needs it, so the usual write costs no extra call.
 */
export function textFormats(cells: unknown[][], asText: (text: string) => boolean, current: () => string[][]): string[][] | undefined {
  const text = (v: unknown): boolean => typeof v === "string" && asText(v);
  if (!cells.some((row) => row.some(text))) return undefined;
  const now = current();
  return cells.map((row, i) => row.map((v, j) => (text(v) ? "@" : (now[i]?.[j] ?? "General"))));
}
