import { present } from "../app/present.js";
import { MAX_BATCH_ROWS, batchUpsert, leanRow } from "../app/batch.js";
import { AppError, InvalidInput } from "../app/errors.js";
import { BatchQuery, BatchRequest } from "../contracts/api.js";
import { violation, violationsFromZod } from "../domain/violations.js";
import type { RowResult } from "../app/outfalls.js";
import type { Outfall } from "../domain/outfall.js";
import { BATCH_BODY_LIMIT, api } from "../http/api.js";
import { idempotencyKey, parseQuery } from "../http/params.js";
import { ok } from "../http/responses.js";
import { METRIC } from "../observability/metric-names.js";
import { countBy } from "../observability/metrics.js";

export const handler = api({ bodyLimit: BATCH_BODY_LIMIT }, async ({ event, deps, principal, body, channel, header }) => {
  const query = parseQuery(BatchQuery, event.queryStringParameters);
  const full = query.full === "1" || query.full === "true";
  const parsed = BatchRequest.safeParse(body, { reportInput: true });
  if (!parsed.success) throw new InvalidInput(violationsFromZod(parsed.error));
  if (parsed.data.rows.length > MAX_BATCH_ROWS) {
    throw new AppError(413, "批量请求行数过多", [
      violation("rows", "R-BATCH", `一次最多推送 ${MAX_BATCH_ROWS} 行，本次 ${parsed.data.rows.length} 行，请分批推送`),
    ]);
  }
  const key = idempotencyKey(header("idempotency-key"));
  const answer = await batchUpsert(deps, principal, parsed.data.rows, channel, key);
  if (!answer.replayed) {
    countBy(METRIC.batchRows, "outcome", answer.results.map((r) => r.outcome));
    countBy(METRIC.refusals, "rule", answer.results.flatMap((r) => ("violations" in r ? [...new Set(r.violations.map((v) => v.rule))] : [])));
  }
  const view = (record: Outfall) => present(deps, record);
  return ok({
    ...answer,
    results: answer.results.map((result) => {
      const r = full ? (({ changed: _, ...rest }) => rest)(result as RowResult & { changed?: string[] }) : leanRow(result, view);
      return { ...r, ...("record" in r ? { record: view(r.record) } : {}), ...("current" in r ? { current: view(r.current) } : {}) };
    }),
  });
});
