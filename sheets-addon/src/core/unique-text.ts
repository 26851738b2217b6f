// The API's duplicate-code messages (R-UNIQUE) speak of the batch's row numbers and the other record's internal
// id; in a sheet they name the sheet's row and the temp id instead.
import type { RowResult } from "./types.js";

/** A sheet row and the temp id it holds ("" for a new row), by the record's internal id or by batch position. */
export interface RowNames {
  /** Sheet row of the chunk's n-th row (1-based, as the API counts "本批第 n 行"). */
  batchRow(n: number): number | undefined;
  /** Sheet row and temp id of a record in the sheet. */
  byId(id: string): { row: number; tempId: string } | undefined;
}

export function sheetUniqueMessage(message: string, names: RowNames): string {
  const inBatch = /与本批第 (\d+) 行重复/.exec(message);
  if (inBatch) {
    const row = names.batchRow(Number(inBatch[1]));
    return row === undefined ? message : message.replace(inBatch[0], `与表中第 ${row} 行重复`);
  }
  const owner = /已被另一个排污口（([^）]+)）使用/.exec(message);
  if (owner) {
    const found = names.byId(owner[1]!);
    const who = found ? `（临时编号 ${found.tempId || "未分配"}，表中第 ${found.row} 行）` : "";
    return message.replace(owner[0], `已被另一个排污口${who}使用`);
  }
  return message;
}

/** The row result with its R-UNIQUE messages said in the sheet's terms. */
export function sheetUniqueResult(result: RowResult, names: RowNames): RowResult {
  if (!result.violations?.some((v) => v.rule === "R-UNIQUE")) return result;
  return { ...result, violations: result.violations.map((v) => (v.rule === "R-UNIQUE" ? { ...v, message: sheetUniqueMessage(v.message, names) } : v)) };
}
