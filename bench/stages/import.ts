// Old-ledger import (npm run import) of a 2,000-row workbook, dry run and commit, against the raw batch push
// of the same rows already clean. Both run as their own process against the stack (the import's HTTP is
// synchronous, like the workbook tool's), so neither competes with the API for this process's event loop.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { mintToken } from "../../local/issuer.js";
import { ensureUser } from "../../local/users.js";
import { sampleRows, writeSampleLedger } from "../../workbook/src/import/sample.js";
import { type BenchContext, timed } from "../lib/context.js";
import { type BenchRow, benchRow, pairedRatios, summarize } from "../lib/stats.js";

const run = promisify(execFile);

/** Posts a JSON file of rows to the batch endpoint, 500 a request, from a process of its own. */
const PUSH_SCRIPT = `
const [url, token, file] = process.argv.slice(1);
const rows = JSON.parse(require("node:fs").readFileSync(file, "utf8"));
(async () => {
  for (let i = 0; i < rows.length; i += 500) {
    const res = await fetch(url + "/v1/outfalls/batch", { method: "POST", headers: { authorization: "Bearer " + token, "content-type": "application/json" }, body: JSON.stringify({ rows: rows.slice(i, i + 500) }) });
    if (res.status !== 200) { console.error(res.status, (await res.text()).slice(0, 300)); process.exit(1); }
  }
})();`;

export async function importStage(ctx: BenchContext): Promise<BenchRow[]> {
  const n = ctx.quick ? 200 : 2000;
  const folder = mkdtempSync(join(tmpdir(), "bench-import-"));
  const subdistricts = ctx.deps.reference.subdistricts;
  const dry: number[] = [];
  const commit: number[] = [];
  const baseline: number[] = [];
  try {
    for (let round = 1; round <= ctx.repeats; round++) {
      ctx.progress(`import ${round}/${ctx.repeats}: ${n} rows`);
      // Each round in its own subdistrict, so the commit always creates and never finds its rows again.
      const sub = subdistricts[round % subdistricts.length]!;
      const email = `import.${sub.key}.${round}@bench.test`;
      await ensureUser(ctx.deps, { email, role: "clerk", subdistrict: sub.key, name: "导入基准" });
      const token = await mintToken(ctx.stack.issuer, email);
      const centre = sub.centre as { lng: number; lat: number };
      const file = join(folder, `旧台账-${round}.xlsx`);
      await writeSampleLedger(file, sampleRows(n, centre, sub.name, `B${round}`));
      const cli = (args: string[]) =>
        run(process.execPath, ["--import", "tsx", "workbook/src/import-cli.ts", file, ...args], {
          env: { ...process.env, LEDGER_API_URL: ctx.stack.url, LEDGER_TOKEN: token },
          maxBuffer: 16 * 1024 * 1024,
        }).catch((error: { code?: number }) => {
          if (error.code !== 3) throw error; // 3: finished with rows to look at
        });
      dry.push(await timed(() => cli([])));
      commit.push(await timed(() => cli(["--commit"])));
      // Baseline: the same number of clean rows pushed raw into another subdistrict.
      const other = subdistricts[(round + 7) % subdistricts.length]!;
      const otherEmail = `import-base.${other.key}.${round}@bench.test`;
      await ensureUser(ctx.deps, { email: otherEmail, role: "clerk", subdistrict: other.key, name: "导入基准" });
      const rows = sampleRows(n, other.centre as { lng: number; lat: number }, other.name, `R${round}`).map((r, i) => ({
        values: { name: String(r[1]), subdistrict: other.key, longitude: (other.centre as { lng: number }).lng + (i % 50) * 0.0002, latitude: (other.centre as { lat: number }).lat + Math.floor(i / 50) * 0.0002, waterBody: "shangtang-river", subcategory: "urban-stormwater", surveyLevel: 2 },
      }));
      const rowsFile = join(folder, `rows-${round}.json`);
      writeFileSync(rowsFile, JSON.stringify(rows));
      const baseToken = await mintToken(ctx.stack.issuer, otherEmail);
      baseline.push(await timed(() => run(process.execPath, ["-e", PUSH_SCRIPT, ctx.stack.url, baseToken, rowsFile])));
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  const row = (metric: string, value: number[]) =>
    benchRow({ stage: "import", metric, unit: "ms", better: "lower", value: summarize(value), baseline: "raw batch push of the rows, clean", baselineValue: summarize(baseline), pairs: pairedRatios(value, baseline) });
  return [row(`${n}-row old ledger, dry run`, dry), row(`${n}-row old ledger, commit`, commit)];
}
