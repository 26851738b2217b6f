// POST /v1/outfalls/batch: a spreadsheet push. Answered per row; with an Idempotency-Key every row is
// written at most once whatever happens to the attempts (functions/README.md, "Exactly-once batches"):
// a finished request's retry gets its answer back; an unfinished one's retry answers the rows the earlier
// attempt wrote from their markers and writes only the rest.
import { createHash } from "node:crypto";
import type { Principal } from "../domain/access.js";
import type { Channel } from "../domain/enums.js";
import { canonical } from "../domain/record.js";
import { violation } from "../domain/violations.js";
import type { Deps } from "./deps.js";
import { AppError } from "./errors.js";
import { type RowRequest, type RowResult, upsertRows } from "./outfalls.js";

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
  const written = claim.state === "resume" ? await deps.idempotency.rowMarkers(key, requestHash) : new Map();
  const results = await upsertRows(deps, who, rows, channel, { key, requestHash, written });
  const answer: BatchAnswer = { results, summary: summarize(results) };
  await deps.idempotency.complete(key, requestHash, answer);
  return answer;
}
