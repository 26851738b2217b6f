// `npm run bench [-- --quick] [--only webapp,push,patch,pull,import,digest,bundles,capacity] [--out file]`: every speed claim of
// the README measured beside its baseline in the same run on the same DynamoDB Local, repeated, reported
// as median and spread; one table on stdout and bench/results.json (README, "Performance").
import { writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { openContext } from "./lib/context.js";
import type { Projection } from "./lib/capacity.js";
import { type BenchRow, formatTable, missed } from "./lib/stats.js";
import { bundleStage } from "./stages/bundles.js";
import { capacityStage } from "./stages/capacity.js";
import { importStage } from "./stages/import.js";
import { digestStage, pullStage } from "./stages/reads.js";
import { webappStage } from "./stages/webapp.js";
import { patchStage, pushStage } from "./stages/writes.js";

const STAGES = ["webapp", "push", "patch", "pull", "import", "digest", "bundles", "capacity"] as const;
const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string" },
    out: { type: "string", default: new URL("./results.json", import.meta.url).pathname },
  },
});
const only = values.only ? values.only.split(",") : [...STAGES];
const unknown = only.filter((s) => !(STAGES as readonly string[]).includes(s));
if (unknown.length) throw new Error(`unknown stage(s) ${unknown.join(", ")}; stages: ${STAGES.join(", ")}`);

const started = Date.now();
// A busy machine slows the product and its baselines alike, but not always evenly: the load is recorded.
const loadAtStart = loadavg()[0]!;
const tty = process.stderr.isTTY;
const progress = (message: string) => {
  const line = `[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`;
  if (tty) process.stderr.write(`\r\x1b[2K${line}`);
  else process.stderr.write(`${line}\n`);
};

const ctx = await openContext({ quick: values.quick, progress });
const rows: BenchRow[] = [];
const notes: Record<string, number> = {};
let projection: Projection | undefined;
try {
  // First: the field app's map shows the records of this stage alone.
  if (only.includes("webapp")) {
    const webapp = await webappStage(ctx);
    rows.push(...webapp.rows);
    Object.assign(notes, webapp.notes);
  }
  if (only.includes("push")) {
    const push = await pushStage(ctx);
    rows.push(...push.rows);
    Object.assign(notes, push.notes);
  }
  if (only.includes("patch")) rows.push(...(await patchStage(ctx)));
  if (only.includes("pull")) rows.push(...(await pullStage(ctx)));
  if (only.includes("import")) rows.push(...(await importStage(ctx)));
  if (only.includes("digest")) for (const n of values.quick ? [1000] : [10_000, 100_000]) rows.push(...(await digestStage(ctx, n)));
  if (only.includes("bundles")) rows.push(...(await bundleStage(ctx)));
  if (only.includes("capacity")) {
    const capacity = await capacityStage(ctx, rows.filter((r) => r.stage === "push"));
    projection = capacity.projection;
    Object.assign(notes, capacity.notes);
  }
} finally {
  await ctx.stop();
}
if (tty) process.stderr.write("\r\x1b[2K");

const machine = {
  cpus: cpus().length,
  cpu: cpus()[0]?.model ?? "unknown",
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
  loadAverage: { start: loadAtStart, end: loadavg()[0]! },
};
const results = { date: new Date().toISOString(), quick: values.quick, machine, seconds: Math.round((Date.now() - started) / 1000), rows, notes, ...(projection ? { projection } : {}) };
writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`);
console.log(formatTable(rows));
for (const [name, value] of Object.entries(notes)) console.log(`${name}: ${value}`);
if (projection) for (const h of projection.headroom) console.log(`headroom: ${h.name}: ${h.used.toFixed(1)} of ${h.limit} (${((h.used / h.limit) * 100).toFixed(1)} %)`);
const misses = rows.filter(missed);
console.log(`\n${rows.length} figures, ${rows.filter((r) => r.target || r.budget).length} with a target or budget, ${misses.length} missed; ${machine.cpus} × ${machine.cpu}, ${machine.memoryGb} GB, Node ${machine.node}; ${results.seconds} s → ${values.out}`);
