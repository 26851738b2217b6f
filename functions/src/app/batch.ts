// POST /v1/outfalls/batch: a spreadsheet push. Answered per row; with an Idempotency-Key every row is
// written at most once whatever happens to the attempts (functions/README.md, "Exactly-once batches"):
// a finished request's retry gets its answer back; an unfinished one's retry answers the rows the earlier
// attempt wrote from their markers and writes only the rest.
import { createHash } from "node:crypto";
import type { Principal } from "../domain/access.js";
import type { Channel } from "../domain/enums.js";
import type { Outfall } from "../domain/outfall.js";
import { canonical } from "../domain/record.js";
import { violation } from "../domain/violations.js";
import type { Deps } from "./deps.js";
import { AppError } from "./errors.js";
import { DERIVED_SHOWN, type RowRequest, type RowResult, upsertRows, writtenRows } from "./outfalls.js";

export const MAX_BATCH_ROWS = 500;

export interface BatchAnswer {
  results: RowResult[];
  summary: { ok: number; unchanged: number; invalid: number; conflict: number; forbidden: number };
  /** True when this answer is the stored answer of an earlier identical request. */
  replayed?: boolean;
}

function summarize(results: RowResult[]): BatchAnswer["summary"] {
  const summary = { ok: 0, unchanged: 0, invalid: 0, conflict: 0, forbidden: 0 };
  for (const r of results) {
    if (r.outcome === "ok" && r.unchanged) summary.unchanged++;
    else summary[r.outcome]++;
  }
  return summary;
}

export async function batchUpsert(
  deps: Deps,
  who: Principal,
  rows: RowRequest[],
  channel: Channel,
  idempotencyKey?: string,
): Promise<BatchAnswer> {
  if (!idempotencyKey) {
    const results = await upsertRows(deps, who, rows, channel);
    return { results, summary: summarize(results) };
  }
  // Keys are per user: two clerks choosing the same key never see each other's answers.
  const key = `${who.email}#${idempotencyKey}`;
  const requestHash = createHash("sha256").update(canonical({ rows, channel })).digest("hex");
  const claim = await deps.idempotency.claim(key, requestHash);
  switch (claim.state) {
    case "done":
      return { ...(claim.response as BatchAnswer), replayed: true };
    case "mismatch":
      throw new AppError(422, "幂等键已用于另一个请求", [
        violation("Idempotency-Key", "R-IDEMPOTENCY", "该 Idempotency-Key 已用于内容不同的另一次提交，请为新的提交生成新的键"),
      ]);
    case "new":
    case "resume":
      break;
  }
  // On a failure the claim stays: the retry resumes from the row markers, never from scratch.
  const written = claim.state === "resume" ? await writtenRows(deps, key, requestHash) : new Map();
  const results = await upsertRows(deps, who, rows, channel, { key, requestHash, written });
  const answer: BatchAnswer = { results, summary: summarize(results) };
  await deps.idempotency.complete(key, requestHash, answer);
  return answer;
}

/** Who wrote the row and when, sent on every written row of a lean answer (the writer's display name is not:
 *  the writer is the caller). */
const LEAN_WRITER = ["updatedAt", "updatedBy"] as const;
/** Never part of `changes`: sent beside them (id, tempId, version) or of no use to a client (bookkeeping). */
const NOT_CHANGES = new Set(["id", "tempId", "version", "historyHash", "createdAt", "createdBy"]);

/** One row of a lean answer: what a client needs to update its copy of the row. */
export type LeanRowResult = { index: number; clientRef?: string } & (
  | { outcome: "ok"; id: string; tempId: string; version: number; unchanged?: boolean; changes: Record<string, unknown> }
  | Exclude<RowResult, { outcome: "ok" }>
);

/** A row's answer without the whole record (`POST /v1/outfalls/batch` unless `?full=1`): id, temp id, version,
 *  outcome, violations, and in `changes` the fields of the record as shown (`view`) that the client does not
 *  know yet (`changed`, outfalls.ts: what the write changed or stored otherwise than sent — keys for labels,
 *  defaults, the default name, the department, the status — and the deadline and overdue flag when they
 *  moved) and who wrote it when. A field the write removed is `null`. A conflict keeps the current record
 *  (the client shows it beside the clerk's edit). */
export function leanRow(result: RowResult, view: (record: Outfall) => object): LeanRowResult {
  if (result.outcome !== "ok") return result;
  const { record, changed, ...rest } = result;
  if (result.unchanged) return { ...rest, changes: {} };
  const shown = view(record) as Record<string, unknown>;
  const keys = changed ?? Object.keys(record).filter((k) => !NOT_CHANGES.has(k));
  const changes: Record<string, unknown> = {};
  for (const key of [...keys, ...(changed ? [] : DERIVED_SHOWN), ...LEAN_WRITER]) if (!NOT_CHANGES.has(key)) changes[key] = shown[key] ?? null;
  return { ...rest, changes };
}
