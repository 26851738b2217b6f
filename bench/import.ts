// Old-ledger import at 2,000 rows, against a baseline in the same run: the raw batch push of the same rows (the
// values already clean, sent as the add-on would, 200 per request). The import's dry run (read, map, normalize,
// check, find duplicates, write the report) and its commit (the same plus the batch requests) are timed each
// into its own subdistrict, and printed with their ratio to the baseline.
// Run: npm run bench:import [rows]     (about a minute and a half on 2 cores)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runtime } from "../functions/src/config.js";
import { mintToken } from "../local/issuer.js";
import { startStack } from "../local/stack.js";
import { ensureUser } from "../local/users.js";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { sampleRows, writeSampleLedger } from "../workbook/src/import/sample.js";

const N = Number(process.argv[2]) || 2000;
process.env.LOG_LEVEL = "silent";
const stack = await startStack({ port: 0, tableName: "bench-import" });
const { deps } = runtime();
const folder = mkdtempSync(join(tmpdir(), "bench-import-"));
const clerk = async (subdistrict: string) => {
  const email = `clerk.${subdistrict}@bench.test`;
  await ensureUser(deps, { email, role: "clerk", subdistrict, name: `${subdistrict} clerk` });
  return mintToken(stack.issuer, email);
};
const centre = (key: string) => deps.reference.subdistrictByKey.get(key)!.centre as { lng: number; lat: number };
const ms = async (f: () => Promise<unknown>) => {
  const t = performance.now();
  await f();
  return performance.now() - t;
};

// Warm-up (untimed): a first batch into the fresh table and API, so neither side pays the JIT and table warm-up.
const warmToken = await clerk("pengbu");
await fetch(`${stack.url}/v1/outfalls/batch`, {
  method: "POST",
  headers: { authorization: `Bearer ${warmToken}`, "content-type": "application/json" },
  body: JSON.stringify({ rows: sampleRows(200, centre("pengbu"), "彭埠街道", "PB").map((r) => ({ values: { name: r[1], subdistrict: "pengbu", longitude: centre("pengbu").lng, latitude: centre("pengbu").lat, waterBody: "shangtang-river", surveyLevel: 2 } })) }),
});

// Baseline: the same rows, clean, through POST /v1/outfalls/batch (200 per request, as the add-on sends them).
const baseToken = await clerk("jianqiao");
const baseRows = sampleRows(N, centre("jianqiao"), "笕桥街道", "JQ").map((r, i) => ({
  values: { name: r[1], subdistrict: "jianqiao", longitude: Number.parseFloat(String(r[3])) || centre("jianqiao").lng, latitude: Number.parseFloat(String(r[4])) || centre("jianqiao").lat, waterBody: "shangtang-river", subcategory: "urban-stormwater", surveyLevel: 2, legacyRef: { code: String(r[2]), file: "bench", row: i + 2 } },
}));
const baselineMs = await ms(async () => {
  for (let i = 0; i < baseRows.length; i += 200) {
    const res = await fetch(`${stack.url}/v1/outfalls/batch`, {
      method: "POST",
      headers: { authorization: `Bearer ${baseToken}`, "content-type": "application/json", "idempotency-key": `bench-base-${i}-${Date.now()}` },
      body: JSON.stringify({ rows: baseRows.slice(i, i + 200) }),
    });
    if (res.status !== 200) throw new Error(`baseline batch ${res.status}: ${(await res.text()).slice(0, 300)}`);
  }
});

const file = join(folder, "旧台账.xlsx");
await writeSampleLedger(file, sampleRows(N, centre("dinglan"), "丁兰街道", "DL"));
const token = await clerk("dinglan");
// The import's HTTP is synchronous (like the workbook tool's), so it runs as the CLI in its own process while
// this one serves the API.
const cli = (args: string[]) =>
  promisify(execFile)(process.execPath, ["--import", "tsx", "workbook/src/import-cli.ts", file, ...args], {
    env: { ...process.env, LEDGER_API_URL: stack.url, LEDGER_TOKEN: token },
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: { code?: number; stdout?: string }) => {
    // Exit code 3: done, with rows to look at (not expected here, but not a failure of the run).
    if (error.code !== 3) throw error;
    return error;
  });
const dryMs = await ms(() => cli([]));
const commitMs = await ms(() => cli(["--commit"]));

console.log(`rows ${N}`);
console.log(`baseline (raw batch push of clean rows): ${(baselineMs / 1000).toFixed(1)} s`);
console.log(`import dry run:                          ${(dryMs / 1000).toFixed(1)} s  (×${(dryMs / baselineMs).toFixed(2)} of baseline)`);
console.log(`import commit:                           ${(commitMs / 1000).toFixed(1)} s  (×${(commitMs / baselineMs).toFixed(2)} of baseline)`);
rmSync(folder, { recursive: true, force: true });
await stack.stop();
