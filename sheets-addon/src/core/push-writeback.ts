// Writing a push's answers back: each sent row found again (rows may have been sorted or edited meanwhile),
// annotated with its outcome, conflicts listed in 冲突, and the counts of the closing summary.
import { readFields } from "./convert.js";
import { COLOURS, STATUS_TEXT } from "./marks.js";
import { type ConflictEntry, type Located, type RowPlan, resultPlan, statusPlan } from "./plan.js";
import type { Env } from "./ports.js";
import { type Grid, type RowAnalysis, cellAccessor, rowHash } from "./rows.js";
import { type Session, where, writeConflicts, writePlans } from "./session.js";
import { CONFLICT_SHEET, decodeConflicts, mergeConflicts } from "./tables.js";
import type { RowResult } from "./types.js";

export type Sent = Extract<RowAnalysis, { kind: "new" | "changed" }>;

/** The counts a push adds up: every sent row lands in exactly one of created … lost. */
export interface WriteBackCounts {
  created: number;
  saved: number;
  unchanged: number;
  invalid: number;
  conflict: number;
  forbidden: number;
  failed: number;
  notSent: number;
  lost: number;
}

export function writeBack(
  env: Env,
  s: Session,
  sent: Sent[],
  housekeeping: RowPlan[],
  answers: { results: Map<string, RowResult>; failures: Map<string, string> },
  counts: WriteBackCounts,
): void {
  const after = s.ledger.read(s.width);
  const w = where(s, after);
  const located = locateSent(s, after, sent);
  const plans: RowPlan[] = [...housekeeping.filter((p) => located.rowsFree(p.row))];
  const conflicts: ConflictEntry[] = [];
  const resolved = new Set<string>();
  for (const a of sent) {
    const ref = String(a.row);
    const at = located.get(a);
    const result = answers.results.get(ref);
    if (!at) {
      if (result) counts.lost++;
      continue;
    }
    if (!result) {
      const failure = answers.failures.get(ref) ?? STATUS_TEXT.failed("没有收到这一行的结果");
      plans.push(statusPlan(w, at.row, failure, COLOURS.invalid));
      if (failure === STATUS_TEXT.notSent) counts.notSent++;
      else counts.failed++;
      continue;
    }
    const { plan, conflict } = resultPlan(w, a, at, result);
    plans.push(plan);
    if (conflict) conflicts.push(conflict);
    switch (result.outcome) {
      case "ok":
        if (a.kind === "new") counts.created++;
        else if (result.unchanged) counts.unchanged++;
        else counts.saved++;
        if (a.kind === "changed") resolved.add(a.id);
        break;
      case "invalid":
        counts.invalid++;
        break;
      case "forbidden":
        counts.forbidden++;
        break;
      case "conflict":
        counts.conflict++;
        break;
    }
  }
  writePlans(s, after, plans);
  if (conflicts.length || resolved.size) {
    const existing = decodeConflicts(env.workbook.readTable(CONFLICT_SHEET));
    if (conflicts.length || existing.some((e) => resolved.has(e.id))) {
      writeConflicts(env, mergeConflicts(existing, conflicts, resolved));
    }
  }
}

/** Finds each sent row in the re-read grid: at its old place if it still holds the same record and content,
 *  else by id (updates) or by content (new rows). */
function locateSent(s: Session, grid: Grid, sent: Sent[]) {
  const info = grid.values.map((_, i) => {
    const cell = cellAccessor(grid, s.positions, i);
    const id = String(cell("_id")?.value ?? "").trim();
    return { id, hash: rowHash(readFields(cell, s.ctx)) };
  });
  const rowOf = (index: number) => grid.firstRow + index;
  const used = new Set<number>();
  const found = new Map<Sent, Located>();
  const claim = (a: Sent, index: number, edited: boolean) => {
    used.add(rowOf(index));
    found.set(a, { row: rowOf(index), edited });
  };
  const sameKind = (a: Sent, i: number) => (a.kind === "changed" ? info[i]!.id === a.id : info[i]!.id === "");
  // 1. Same place, same record.
  for (const a of sent) {
    const i = a.row - grid.firstRow;
    if (i >= 0 && i < info.length && sameKind(a, i)) claim(a, i, info[i]!.hash !== a.hash);
  }
  // 2. Moved: by id, or by unchanged content for new rows.
  for (const a of sent) {
    if (found.has(a)) continue;
    const i = info.findIndex((r, j) => !used.has(rowOf(j)) && (a.kind === "changed" ? r.id === a.id : r.id === "" && r.hash === a.hash));
    if (i >= 0) claim(a, i, a.kind === "changed" && info[i]!.hash !== a.hash);
  }
  return { get: (a: Sent) => found.get(a), rowsFree: (row: number) => !used.has(row) };
}
