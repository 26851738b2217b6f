import { present } from "../app/present.js";
import { MAX_BATCH_ROWS, batchUpsert } from "../app/batch.js";
import { AppError, InvalidInput } from "../app/errors.js";
import { BatchRequest } from "../contracts/api.js";
import { violation, violationsFromZod } from "../domain/violations.js";
import { BATCH_BODY_LIMIT, api } from "../http/api.js";
import { idempotencyKey } from "../http/params.js";
import { ok } from "../http/responses.js";
import { METRIC } from "../observability/metric-names.js";
import { countBy } from "../observability/metrics.js";

export const handler = api({ bodyLimit: BATCH_BODY_LIMIT }, async ({ deps, principal, body, channel, header }) => {
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
  return ok({
    ...answer,
    results: answer.results.map((r) => ({ ...r, ...("record" in r ? { record: present(deps, r.record) } : {}), ...("current" in r ? { current: present(deps, r.current) } : {}) })),
  });
});
