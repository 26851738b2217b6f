// `npm run bench -- --quick` end to end: its own stack, every stage (the field app's first load in Chromium
// among them), the table and bench/results.json.
// The figures themselves are not asserted (a test is no benchmark); that each stage produced a product
// figure beside a baseline measured in the same run is.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "bench-quick-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run bench -- --quick", () => {
  it("measures every stage against its baseline and writes results.json", async () => {
    // Prepare
    const out = join(dir, "results.json");
    // Act
    const { stdout } = await run(process.execPath, ["--import", "tsx", "bench/run.ts", "--quick", "--out", out], { env: { ...process.env, LOG_LEVEL: "silent" }, maxBuffer: 16 * 1024 * 1024 });
    // Assess
    const results = JSON.parse(readFileSync(out, "utf8")) as { quick: boolean; machine: { cpus: number }; rows: { stage: string; metric: string; ratio: number; value: { median: number }; baselineValue: { median: number }; budget?: { limit: number; met: boolean } }[]; notes: Record<string, number> };
    expect(results.quick).toBe(true);
    expect(results.machine.cpus).toBeGreaterThan(0);
    expect(new Set(results.rows.map((r) => r.stage))).toEqual(new Set(["webapp", "push", "PATCH", "pull", "import", "digest", "bundle"]));
    for (const row of results.rows) {
      expect(row.value.median, row.stage).toBeGreaterThan(0);
      expect(row.baselineValue.median, row.stage).toBeGreaterThan(0);
      expect(Number.isFinite(row.ratio), row.stage).toBe(true);
    }
    expect(results.notes["push create: bytes down per row"]).toBeGreaterThan(0);
    // The push as the add-on sends it, beside raw transactions of the same items with their row markers
    expect(results.rows.find((r) => r.stage === "push" && r.metric.includes("add-on core"))?.baselineValue.median).toBeGreaterThan(0);
    // The field app's first load: its files as the server compresses them (gzip), held to the 300 KB budget
    const firstLoad = results.rows.find((r) => r.stage === "webapp" && r.metric.startsWith("first load: app files"));
    expect(firstLoad?.metric).toContain("(gzip as served)");
    expect(firstLoad?.budget?.limit).toBe(300);
    expect(results.rows.some((r) => r.stage === "webapp" && r.metric.startsWith("first load: time to map ready"))).toBe(true);
    expect(stdout).toMatch(/^webapp\s+first load: app files \(gzip as served\).*budget ≤300 KB (holds|EXCEEDED)$/m);
    expect(stdout).toMatch(/^stage\s+metric\s+product\s+baseline\s+ratio\s+target$/m);
    expect(stdout).toContain(`figures`);
  }, 600_000);
});
