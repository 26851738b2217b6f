// Statistics and the result table of `npm run bench`: pure, unit-tested (test/unit/bench.test.ts).

export interface Summary {
  median: number;
  min: number;
  max: number;
  /** (max − min) / median, as a percentage: how much the repeats disagree. */
  spreadPct: number;
  n: number;
}

/** Nearest-rank quantile (q in 0..1) of unsorted samples. */
export function quantile(samples: readonly number[], q: number): number {
  if (!samples.length) throw new Error("quantile of no samples");
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}

export function summarize(samples: readonly number[]): Summary {
  const median = quantile(samples, 0.5);
  const min = Math.min(...samples);
  const max = Math.max(...samples);
  return { median, min, max, spreadPct: median ? ((max - min) / median) * 100 : 0, n: samples.length };
}

/** One line of the table: a product figure beside a baseline measured in the same run. */
export interface BenchRow {
  stage: string;
  metric: string;
  unit: string;
  /** "higher" for throughputs, "lower" for times and sizes. */
  better: "higher" | "lower";
  value: Summary;
  baseline: string;
  baselineValue: Summary;
  /** Product ÷ baseline, oriented so that 1.0 is "as good as the baseline" and above is worse for times
   *  (×1.3 = 30 % slower) and below is worse for throughputs (0.65× = 65 % of the rows/s). */
  ratio: number;
  /** When each repeat measured the product and the baseline back to back: the per-repeat ratios, whose median
   *  is `ratio`. A slow moment of the machine then weighs on both sides of one ratio instead of on one side of
   *  the medians (on two cores DynamoDB Local alone swings ±40 % between repeats). */
  pairs?: Summary;
  /** The issue's target for the ratio, when there is one, and whether this run met it. */
  target?: { ratio: number; met: boolean };
  /** An absolute limit on the product's median (in `unit`), e.g. the field app's 300 KB gzipped first load. */
  budget?: { limit: number; met: boolean };
}

/** The per-repeat ratios of samples taken in pairs (product[i] beside baseline[i]). */
export function pairedRatios(product: readonly number[], baseline: readonly number[]): Summary {
  if (product.length !== baseline.length || !product.length) throw new Error("paired ratios need as many baseline samples as product samples");
  return summarize(product.map((p, i) => p / baseline[i]!));
}

export function benchRow(row: Omit<BenchRow, "ratio" | "target" | "budget">, targetRatio?: number, budget?: number): BenchRow {
  const ratio = row.pairs ? row.pairs.median : row.baselineValue.median ? row.value.median / row.baselineValue.median : Number.NaN;
  const met = targetRatio === undefined ? undefined : row.better === "higher" ? ratio >= targetRatio : ratio <= targetRatio;
  const within = budget === undefined ? undefined : row.better === "higher" ? row.value.median >= budget : row.value.median <= budget;
  return {
    ...row,
    ratio,
    ...(targetRatio !== undefined ? { target: { ratio: targetRatio, met: met! } } : {}),
    ...(budget !== undefined ? { budget: { limit: budget, met: within! } } : {}),
  };
}

/** Whether a row missed its target or its budget. */
export const missed = (row: BenchRow) => (row.target !== undefined && !row.target.met) || (row.budget !== undefined && !row.budget.met);

const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2));

/** A plain-text table, one row per figure, with the spread of the repeats. */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = ["stage", "metric", "product", "baseline", "ratio", "target"];
  const lines = rows.map((r) => [
    r.stage,
    r.metric,
    `${fmt(r.value.median)} ${r.unit} ±${r.value.spreadPct.toFixed(0)}%`,
    `${r.baseline}: ${fmt(r.baselineValue.median)} ${r.unit} ±${r.baselineValue.spreadPct.toFixed(0)}%`,
    `${r.ratio.toFixed(2)}×${r.pairs ? ` ±${r.pairs.spreadPct.toFixed(0)}% paired` : ""}`,
    [
      r.target ? `${r.better === "higher" ? "≥" : "≤"}${r.target.ratio}× ${r.target.met ? "met" : "MISSED"}` : "",
      r.budget ? `budget ${r.better === "higher" ? "≥" : "≤"}${fmt(r.budget.limit)} ${r.unit} ${r.budget.met ? "holds" : "EXCEEDED"}` : "",
    ]
      .filter(Boolean)
      .join("; "),
  ]);
  const widths = header.map((h, i) => Math.max(width(h), ...lines.map((l) => width(l[i]!))));
  const line = (cells: string[]) => cells.map((c, i) => c + " ".repeat(widths[i]! - width(c))).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...lines.map(line)].join("\n");
}

/** Display width: CJK characters take two columns in a terminal. */
function width(text: string): number {
  let n = 0;
  for (const ch of text) n += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u.test(ch) ? 2 : 1;
  return n;
}
