// The bench's pure parts: quantiles, summaries, ratios against targets, and the table.
import { describe, expect, it } from "vitest";
import { benchRow, formatTable, missed, pairedRatios, quantile, summarize } from "../../bench/lib/stats.js";

describe("bench statistics", () => {
  it("takes nearest-rank quantiles of unsorted samples", () => {
    // Prepare
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    // Act / Assess
    expect(quantile(samples, 0.5)).toBe(5);
    expect(quantile(samples, 0.99)).toBe(10);
    expect(quantile(samples, 0)).toBe(1);
    expect(() => quantile([], 0.5)).toThrow();
  });

  it("summarizes the median and the spread of repeats", () => {
    // Act
    const s = summarize([90, 100, 110]);
    // Assess
    expect(s).toEqual({ median: 100, min: 90, max: 110, spreadPct: 20, n: 3 });
  });

  it("orients targets: a throughput must reach its ratio, a time must stay under it", () => {
    // Prepare
    const base = { stage: "push", metric: "create", unit: "rows/s", baseline: "raw", baselineValue: summarize([1000]) };
    // Act
    const fast = benchRow({ ...base, better: "higher", value: summarize([700]) }, 0.65);
    const slow = benchRow({ ...base, better: "higher", value: summarize([600]) }, 0.65);
    const quick = benchRow({ ...base, unit: "ms", better: "lower", value: summarize([1200]) }, 1.3);
    const late = benchRow({ ...base, unit: "ms", better: "lower", value: summarize([1400]) }, 1.3);
    const untargeted = benchRow({ ...base, better: "higher", value: summarize([500]) });
    // Assess
    expect(fast).toMatchObject({ ratio: 0.7, target: { ratio: 0.65, met: true } });
    expect(slow.target?.met).toBe(false);
    expect(quick.target?.met).toBe(true);
    expect(late.target?.met).toBe(false);
    expect(untargeted.target).toBeUndefined();
  });

  it("prints one aligned line per figure with its baseline, ratio and target", () => {
    // Prepare
    const rows = [
      benchRow({ stage: "push", metric: "create 2000 rows (API)", unit: "rows/s", better: "higher", value: summarize([700, 720]), baseline: "raw BatchWriteItem", baselineValue: summarize([1000]) }, 0.65),
      benchRow({ stage: "PATCH", metric: "p99", unit: "ms", better: "lower", value: summarize([20]), baseline: "floor", baselineValue: summarize([10]) }, 1.3),
    ];
    // Act
    const lines = formatTable(rows).split("\n");
    // Assess
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^stage\s+metric\s+product\s+baseline\s+ratio\s+target$/);
    expect(lines[2]).toContain("raw BatchWriteItem: 1000 rows/s ±0%");
    expect(lines[2]).toContain("≥0.65× met");
    expect(lines[3]).toContain("2.00×");
    expect(lines[3]).toContain("≤1.3× MISSED");
    expect(lines[2]!.indexOf("0.70×")).toBe(lines[0]!.indexOf("ratio")); // columns aligned
  });

  it("holds a product figure to an absolute budget, printed beside any target, and counts a busted budget as missed", () => {
    // Prepare
    const base = { stage: "webapp", metric: "first load", unit: "KB", better: "lower" as const, baseline: "empty page", baselineValue: summarize([0.5]) };
    // Act
    const within = benchRow({ ...base, value: summarize([118, 119, 118]) }, undefined, 300);
    const over = benchRow({ ...base, value: summarize([301]) }, undefined, 300);
    const both = benchRow({ ...base, value: summarize([200]) }, 500, 300);
    const lines = formatTable([within, over, both]).split("\n");
    // Assess
    expect(within).toMatchObject({ budget: { limit: 300, met: true } });
    expect(within.target).toBeUndefined();
    expect(over.budget?.met).toBe(false);
    expect([within, over, both].map(missed)).toEqual([false, true, false]);
    expect(lines[2]).toMatch(/budget ≤300 KB holds$/);
    expect(lines[3]).toMatch(/budget ≤300 KB EXCEEDED$/);
    expect(lines[4]).toMatch(/≤500× met; budget ≤300 KB holds$/);
  });

  it("takes the median of per-repeat ratios when product and baseline were measured back to back", () => {
    // Prepare: a slow second repeat slowed both sides; the medians of each side would pair 300 with 400
    const product = [300, 150, 360];
    const baseline = [330, 170, 400];
    // Act
    const row = benchRow({ stage: "push", metric: "create", unit: "rows/s", better: "higher", value: summarize(product), baseline: "raw", baselineValue: summarize(baseline), pairs: pairedRatios(product, baseline) }, 0.95);
    const line = formatTable([row]).split("\n")[2];
    // Assess
    expect(row.ratio).toBeCloseTo(0.9, 5);
    expect(row.value.median / row.baselineValue.median).toBeCloseTo(0.909, 3);
    expect(row.target?.met).toBe(false);
    expect(line).toMatch(/0\.90× ±\d+% paired/);
    expect(() => pairedRatios([1, 2], [1])).toThrow();
  });
});
