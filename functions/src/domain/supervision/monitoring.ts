// Monitoring (监测, domain.md §6): a sample of an outfall's discharge with its indicators; the limits are
// reference data (functions/reference/monitoring-limits.json, each set with its source); an exceedance raises
// the 超标排放 problem. How often an outfall is monitored is the campaign's monitoring plan.
import * as z from "zod/mini";
import { builtOnFirstUse, meta } from "../meta.js";
import { type Campaign, conditionHolds } from "../campaign.js";
import type { Status } from "../enums.js";
import type { ProgressInput } from "../progress.js";
import type { ReferenceIndex } from "../reference.js";
import { type Violation, violation } from "../violations.js";

/** The limits file's schema, built on first use: only validation needs it (a Lambda bundle's file was
 *  checked when the stack was synthesized). */
function buildLimitsSchema() {
  const Bound = z.strictObject({ min: z.optional(z.number()), max: z.optional(z.number()) });

  return z.strictObject({
    indicators: z.array(z.strictObject({ key: z.string().check(z.regex(/^[a-z][a-z0-9-]*$/)), label: z.string().check(z.minLength(1)), aliases: z.optional(z.array(z.string())), unit: z.string().check(z.minLength(1)) })).check(z.minLength(1)),
    limitSets: z.array(
      z.strictObject({
        key: z.string().check(z.regex(/^[a-z][a-z0-9-]*$/)),
        label: z.string().check(z.minLength(1)),
        source: z.string().check(z.minLength(1)),
        needsConfirmation: z.optional(z.boolean()),
        note: z.optional(z.string()),
        /** Outfall categories this set applies to (the first set naming the category wins). */
        categories: z.array(z.string()).check(z.minLength(1)),
        limits: z.record(z.string(), Bound),
      }),
    ).check(z.minLength(1)),
  });
}

const monitoringLimitsSchema = builtOnFirstUse(buildLimitsSchema);
export type MonitoringLimits = z.output<ReturnType<typeof buildLimitsSchema>>;
export type LimitSet = MonitoringLimits["limitSets"][number];

export class MonitoringLimitsError extends Error {}

/** Validates the limits file: every limit names a known indicator, a bound has min or max, keys are unique. */
export function validateMonitoringLimits(raw: unknown, source = "monitoring-limits.json"): MonitoringLimits {
  const parsed = monitoringLimitsSchema().safeParse(raw);
  if (!parsed.success) throw new MonitoringLimitsError(parsed.error.issues.map((i) => `${source}: ${i.path.join(".")}: ${i.message}`).join("\n"));
  const data = parsed.data;
  const known = new Set(data.indicators.map((i) => i.key));
  const problems: string[] = [];
  if (known.size !== data.indicators.length) problems.push(`${source}: indicators: a key is used twice`);
  for (const set of data.limitSets) {
    for (const [indicator, bound] of Object.entries(set.limits)) {
      if (!known.has(indicator)) problems.push(`${source}: limitSets "${set.key}": unknown indicator "${indicator}"`);
      if (bound.min === undefined && bound.max === undefined) problems.push(`${source}: limitSets "${set.key}": "${indicator}" has neither min nor max`);
    }
  }
  if (problems.length) throw new MonitoringLimitsError(problems.join("\n"));
  return data;
}

const timestamp = z.iso.datetime({ offset: true });

/** POST /v1/outfalls/{id}/monitoring body. Indicators are keys, labels or aliases of monitoring-limits.json. */
export const MonitoringInput = meta(z.strictObject({
  sampledAt: timestamp,
  sampler: z.string().check(z.trim(), z.minLength(1), z.maxLength(60)),
  lab: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(80))),
  reportNo: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(60))),
  flow: z.optional(z.strictObject({ value: z.number().check(z.gte(0), z.lte(1e7)), unit: z.enum(["m3/d", "L/s", "m3/h"]) })),
  results: z.array(z.strictObject({ indicator: z.string().check(z.trim(), z.minLength(1), z.maxLength(40)), value: z.number().check(z.gte(0), z.lte(1e6)), unit: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(20))) })).check(z.minLength(1), z.maxLength(30)),
  photoIds: z._default(z.array(z.string().check(z.minLength(1), z.maxLength(40))).check(z.maxLength(20)), []),
  note: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(1000))),
}), { id: "MonitoringInput", title: "监测结果" });
export type MonitoringInput = z.output<typeof MonitoringInput>;

export interface Exceedance {
  indicator: string;
  label: string;
  value: number;
  unit: string;
  /** "≤ 50" or "6～9". */
  limit: string;
  /** value / max (how many times the limit), when the limit is a maximum. */
  times?: number;
}

export interface MonitoringResult {
  id: string;
  outfallId: string;
  subdistrict: string;
  sampledAt: string;
  sampler: string;
  lab?: string;
  reportNo?: string;
  flow?: MonitoringInput["flow"];
  results: { indicator: string; label: string; value: number; unit: string }[];
  limitSet: { key: string; label: string; source: string; needsConfirmation: boolean };
  exceedances: Exceedance[];
  photoIds: string[];
  note?: string;
  problemsFound: string[];
  reopened: boolean;
  recordedBy: string;
  recordedAt: string;
  outfallVersion: number;
}

/** The limit set for an outfall category. */
export function limitSetFor(limits: MonitoringLimits, category: string): LimitSet | undefined {
  return limits.limitSets.find((s) => s.categories.includes(category));
}

/** Results with indicators as keys and units checked; violations name the result row. */
export function normalizeResults(limits: MonitoringLimits, input: MonitoringInput): { results: MonitoringResult["results"]; violations: Violation[] } {
  const out: MonitoringResult["results"] = [];
  const problems: Violation[] = [];
  const norm = (s: string) => s.normalize("NFKC").trim().toLowerCase();
  const seen = new Set<string>();
  input.results.forEach((r, i) => {
    const indicator = limits.indicators.find((x) => [x.key, x.label, ...(x.aliases ?? [])].some((n) => norm(n) === norm(r.indicator)));
    if (!indicator) {
      problems.push(violation(`results[${i}].indicator`, "R-REFERENCE", `「监测指标」「${r.indicator}」不在指标清单中，可选：${limits.indicators.map((x) => x.label).join("、")}`));
      return;
    }
    if (seen.has(indicator.key)) problems.push(violation(`results[${i}].indicator`, "R-FORMAT", `「${indicator.label}」填写了两次，每个指标只填一个结果`));
    seen.add(indicator.key);
    if (r.unit !== undefined && norm(r.unit) !== norm(indicator.unit)) {
      problems.push(violation(`results[${i}].unit`, "R-FORMAT", `「${indicator.label}」的单位应为 ${indicator.unit}，请换算后填写（收到「${r.unit}」）`));
    }
    if (indicator.key === "ph" && r.value > 14) problems.push(violation(`results[${i}].value`, "R-RANGE", "「pH」应在 0～14 之间"));
    out.push({ indicator: indicator.key, label: indicator.label, value: r.value, unit: indicator.unit });
  });
  return { results: out, violations: problems };
}

/** The results outside the set's limits. */
export function exceedances(set: LimitSet, results: MonitoringResult["results"]): Exceedance[] {
  const out: Exceedance[] = [];
  for (const r of results) {
    const bound = set.limits[r.indicator];
    if (!bound) continue;
    const over = bound.max !== undefined && r.value > bound.max;
    const under = bound.min !== undefined && r.value < bound.min;
    if (!over && !under) continue;
    const limit = bound.min !== undefined && bound.max !== undefined ? `${bound.min}～${bound.max}` : bound.max !== undefined ? `≤ ${bound.max}` : `≥ ${bound.min}`;
    out.push({ indicator: r.indicator, label: r.label, value: r.value, unit: r.unit, limit, ...(over && bound.min === undefined ? { times: Math.round((r.value / bound.max!) * 100) / 100 } : {}) });
  }
  return out;
}

const DEFAULT_MONITORED: readonly Status[] = ["retained"];

export interface MonitoringDue {
  plan: string;
  planLabel: string;
  everyDays: number;
  /** When the next sample is due: the last one (else registration) plus the plan's interval. */
  dueAt: string;
  overdue: boolean;
  daysOverdue: number;
}

type DueInput = Pick<ProgressInput, "status" | "category" | "subcategory" | "receiving" | "waterBody" | "zones" | "dryWeatherFlow" | "transitionUntil" | "deadlineOverride" | "problems" | "lastMonitoringAt" | "createdAt">;

/** The outfall's monitoring plan and whether a sample is overdue; undefined when it is not monitored. */
export function monitoringDue(r: DueInput, campaign: Campaign, ref: ReferenceIndex, now: Date): MonitoringDue | undefined {
  const m = campaign.monitoring;
  if (!m) return undefined;
  if (!(m.statuses ?? DEFAULT_MONITORED).includes(r.status)) return undefined;
  const plan = m.plans.find((p) => conditionHolds(p.when, r, ref));
  if (!plan) return undefined;
  const since = r.lastMonitoringAt ?? r.createdAt;
  const dueMs = (since ? Date.parse(since) : 0) + plan.everyDays * 86_400_000;
  const late = now.getTime() - dueMs;
  return { plan: plan.key, planLabel: plan.label, everyDays: plan.everyDays, dueAt: new Date(dueMs).toISOString(), overdue: late > 0, daysOverdue: late > 0 ? Math.floor(late / 86_400_000) : 0 };
}
