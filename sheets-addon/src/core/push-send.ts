// Sending a push: rows in chunks with idempotency keys, a few chunks at a time, a 413 split in two, retries with
// backoff (in http.ts), and the run's time budget. Returns each row's answer or why it has none.
import { type Chunk, chunkRows, splitChunk } from "./chunk.js";
import { describeFailure } from "./http.js";
import { STATUS_TEXT } from "./marks.js";
import type { Env, Tuning } from "./ports.js";
import type { Session } from "./session.js";
import { TITLE } from "./settings.js";
import type { BatchResponse, BatchRow, RowResult } from "./types.js";
import { type RowNames, sheetUniqueResult } from "./unique-text.js";

export interface SendOutcome {
  /** Answers by clientRef. */
  results: Map<string, RowResult>;
  /** Status text by clientRef, for rows without an answer. */
  failures: Map<string, string>;
  requests: number;
  chunks: { rows: number; bytes: number; attempts: number }[];
}

export function sendRows(env: Env, s: Session, t: Tuning, batchRows: BatchRow[], started: number, byId: RowNames["byId"] = () => undefined, full = false): SendOutcome {
  const scope = `${env.workbook.id}:${s.ledger.sheetId}`;
  const queue: Chunk[] = chunkRows(batchRows, scope, t.limits);
  const total = batchRows.length;
  const out: SendOutcome = { results: new Map(), failures: new Map(), requests: 0, chunks: [] };
  let done = 0;
  let wave = 0;
  while (queue.length) {
    if (env.clock.now() - started > t.timeBudgetMs) {
      for (const c of queue.splice(0)) for (const r of c.rows) out.failures.set(r.clientRef!, STATUS_TEXT.notSent);
      break;
    }
    const group = queue.splice(0, Math.max(1, t.parallel));
    wave++;
    const outcomes = s.api.send(group.map((c) => s.api.batchRequest(c.body, c.key, full)));
    outcomes.forEach((outcome, i) => {
      const chunk = group[i]!;
      out.requests += outcome.attempts;
      if ("response" in outcome && outcome.response.status === 413 && chunk.rows.length > 1) {
        queue.unshift(...splitChunk(chunk, scope));
        return;
      }
      out.chunks.push({ rows: chunk.rows.length, bytes: chunk.bytes, attempts: outcome.attempts });
      if ("response" in outcome && outcome.response.status === 200) {
        const answer = JSON.parse(outcome.response.body) as BatchResponse;
        const names: RowNames = { batchRow: (n) => (chunk.rows[n - 1]?.clientRef ? Number(chunk.rows[n - 1]!.clientRef) : undefined), byId };
        for (const r of answer.results) {
          const ref = chunk.rows[r.index]?.clientRef;
          if (ref !== undefined) out.results.set(ref, sheetUniqueResult(r, names));
        }
      } else {
        const message = describeFailure(outcome, s.api.baseUrl).message;
        for (const r of chunk.rows) out.failures.set(r.clientRef!, STATUS_TEXT.failed(message));
      }
      done += chunk.rows.length;
    });
    if (queue.length) env.ui.toast(`正在推送：已完成 ${done} / ${total} 行（第 ${wave} 组）…`, TITLE, 5);
  }
  return out;
}
