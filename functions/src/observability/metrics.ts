// Counters in CloudWatch's embedded metric format, built by Powertools' Metrics and written as one log line
// each (so CloudWatch turns them into metrics with no API call). Every document carries two dimension sets:
// `service` alone (what alarms watch) and `service` plus the detail (rule, outcome, channel, …).
// Locally the same lines are printed (readably in the pretty format) or suppressed with METRICS=off.
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { type LogFields, current, currentLogContext, metricsEnabled, write } from "./log.js";
import { createHash } from "node:crypto";
import { METRIC, METRIC_NAMESPACE, type MetricName } from "./metric-names.js";

let metrics: Metrics | undefined;
let service: string | undefined;

function instance(): Metrics {
  const name = current().service;
  if (!metrics || service !== name) {
    service = name;
    metrics = new Metrics({ namespace: METRIC_NAMESPACE, serviceName: name });
  }
  return metrics;
}

/** Adds `value` to the counter `name` with the given detail dimensions (at most a few, low cardinality). */
export function count(name: MetricName, dimensions: Record<string, string>, value = 1, properties: Record<string, string> = {}): void {
  if (value <= 0 || !metricsEnabled()) return;
  const m = instance();
  if (Object.keys(dimensions).length) m.addDimensions(dimensions);
  m.addMetric(name, MetricUnit.Count, value);
  for (const [k, v] of Object.entries(properties)) m.addMetadata(k, v);
  const document = m.serializeMetrics() as LogFields & { _aws: { CloudWatchMetrics: { Dimensions: string[][] }[] } };
  m.clearMetrics();
  m.clearDimensions();
  m.clearMetadata(); // properties belong to this line only
  const sets = document._aws.CloudWatchMetrics[0]!.Dimensions;
  if (!sets.some((s) => s.length === 1)) sets.unshift(["service"]);
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
