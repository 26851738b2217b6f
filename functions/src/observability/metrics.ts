// Counters in CloudWatch's embedded metric format (EMF), written as one log line each (so CloudWatch turns
// them into metrics with no API call). The document is a few fields, built here rather than with Powertools'
// Metrics (~15 KB in every bundle, issue 20). Every document carries two dimension sets:
// `service` alone (what alarms watch) and `service` plus the detail (rule, outcome, channel, …).
// Locally the same lines are printed (readably in the pretty format) or suppressed with METRICS=off.
import { current, currentLogContext, metricsEnabled, write } from "./log.js";
import { createHash } from "node:crypto";
import { METRIC, METRIC_NAMESPACE, type MetricName } from "./metric-names.js";

/** Adds `value` to the counter `name` with the given detail dimensions (at most a few, low cardinality). */
export function count(name: MetricName, dimensions: Record<string, string>, value = 1, properties: Record<string, string> = {}): void {
  if (value <= 0 || !metricsEnabled()) return;
  const detail = Object.keys(dimensions);
  const document = {
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [{ Namespace: METRIC_NAMESPACE, Dimensions: [["service"], ...(detail.length ? [["service", ...detail]] : [])], Metrics: [{ Name: name, Unit: "Count" }] }],
    },
    service: current().service,
    ...dimensions,
    ...properties, // properties belong to this line only
    [name]: value,
  };
  const { correlationId } = currentLogContext();
  write("metric", "INFO", { ...document, ...(correlationId ? { correlationId } : {}) });
}

/** Adds one to `name` per distinct value of `key` in `values` (e.g. refusals by rule id). */
export function countBy(name: MetricName, key: string, values: Iterable<string>): void {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  for (const [v, n] of counts) count(name, { [key]: v }, n);
}

/** A pseudonym for a user in metric lines: stable, not the e-mail (no personal data in logs). */
export const userPseudonym = (email: string) => createHash("sha256").update(`outfall-ledger:${email}`).digest("hex").slice(0, 16);

/** One authenticated request, by how the token was issued (google, oidc, local, personal). Per-user counts
 *  come from the `user` pseudonym property (CloudWatch Logs Insights: stats sum(SignIns) by user). */
export function countSignIn(via: string, email: string): void {
  count(METRIC.signIns, { via }, 1, { user: userPseudonym(email) });
}
