// Digest at scale: loads 10,000 and 100,000 realistic records into DynamoDB Local and measures building
// the progress digest two ways in the same run: the baseline reads every whole file (the list index), the
// product reads only the compact summaries (GSI3). Ratios say how much the summaries save and whether the
// digest grows linearly with the ledger (ideal: 10× for 10× the records).
// Run: npm run bench:digest -- [sizes…]     (about four minutes for both sizes on 2 cores)
import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ulid } from "ulid";
import { outfallItem } from "../functions/src/adapters/dynamodb/write-plan.js";
import { documentClient, ensureTable } from "../functions/src/adapters/dynamodb/table.js";
import { allOutfalls } from "../functions/src/app/outfalls.js";
import { buildRuntime } from "../functions/src/config.js";
import { computeProgress, progressInput } from "../functions/src/domain/progress.js";
import type { Outfall } from "../functions/src/domain/outfall.js";
import { buildNewOutfall } from "../functions/src/domain/record.js";
import { formatTempId } from "../functions/src/domain/temp-id.js";
import { generateDemoOutfalls } from "../local/demo/generate.js";
import { startStack } from "../local/stack.js";

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const SIZES = sizes.length ? sizes : [10_000, 100_000];
const RUNS = 3;

process.env.LOG_LEVEL = "silent";
const stack = await startStack({ port: 0, tableName: "bench-setup" });
const raw = new DynamoDBClient({ endpoint: stack.dynamoEndpoint, region: "us-east-1" });
const db = documentClient({ endpoint: stack.dynamoEndpoint, region: "us-east-1" });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = async <T>(f: () => Promise<T> | T): Promise<[T, number]> => {
  const t = performance.now();
  const out = await f();
  return [out, performance.now() - t];
};

interface Result {
  n: number;
  loadPerSecond: number;
  /** Baseline: read whole files, then aggregate. */
  fullMs: number;
  /** Product: read summaries from GSI3, then aggregate. */
  summaryMs: number;
  aggregateMs: number;
  /** Average JSON size of what each way reads per outfall (what DynamoDB meters and transfers). */
  fullBytes: number;
  summaryBytes: number;
}

async function run(n: number): Promise<Result> {
  const tableName = `bench-${n}`;
  await ensureTable(raw, tableName);
  const { deps } = buildRuntime({ ...process.env, TABLE_NAME: tableName });
  const seq = new Map<string, number>();
  const records: Outfall[] = generateDemoOutfalls(deps.reference, { count: n, seed: 7 }).map((d) => {
    const built = buildNewOutfall(d.values, deps.reference);
    if (!built.ok) throw new Error(JSON.stringify(built.violations));
    const sub = deps.reference.subdistrictByKey.get(built.value.subdistrict!)!;
    const next = (seq.get(sub.key) ?? 0) + 1;
    seq.set(sub.key, next);
    return {
      ...built.value,
      ...d.lifecycle,
      id: ulid(),
      tempId: formatTempId("SC", sub.shortCode, next),
      version: 1,
      createdAt: new Date(d.createdAt).toISOString(),
      createdBy: "bench",
      updatedAt: new Date(d.updatedAt).toISOString(),
      updatedBy: "bench",
      historyHash: "0".repeat(64),
    } as Outfall;
  });
  const [, loadMs] = await ms(async () => {
    const chunks: Outfall[][] = [];
    for (let i = 0; i < records.length; i += 25) chunks.push(records.slice(i, i + 25));
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < chunks.length) {
          const chunk = chunks[next++]!;
          type Request = Record<string, { PutRequest: { Item: Record<string, unknown> } }[]>;
          let request: Request | undefined = { [tableName]: chunk.map((r) => ({ PutRequest: { Item: outfallItem(r) } })) };
          while (request) {
            const out: { UnprocessedItems?: Record<string, unknown[]> } = await db.send(new BatchWriteCommand({ RequestItems: request }));
            request = out.UnprocessedItems?.[tableName]?.length ? (out.UnprocessedItems as Request) : undefined;
          }
        }
      }),
    );
  });
  const subdistricts = deps.reference.subdistricts.map((s) => s.key);
  const full: number[] = [];
  const summary: number[] = [];
  const aggregate: number[] = [];
  const now = new Date(); // one clock for both ways, so records at the 30-day boundary count alike
  for (let i = 0; i < RUNS; i++) {
    const [fromFiles, fullMs] = await ms(async () => computeProgress((await allOutfalls(deps)).map(progressInput), deps.reference, deps.campaign, now));
    const [inputs, readMs] = await ms(() => deps.outfalls.progressInputs(subdistricts));
    const [fromSummaries, aggregateMs] = await ms(() => computeProgress(inputs, deps.reference, deps.campaign, now));
    if (fromSummaries.district.total + fromSummaries.district.dismissed !== n) throw new Error(`digest saw ${fromSummaries.district.total} of ${n}`);
    if (JSON.stringify(fromSummaries.bySubdistrict) !== JSON.stringify(fromFiles.bySubdistrict)) throw new Error("the two ways disagree");
    full.push(fullMs);
    summary.push(readMs + aggregateMs);
    aggregate.push(aggregateMs);
  }
  const avg = (f: (r: Outfall) => unknown) => Math.round(records.reduce((sum, r) => sum + Buffer.byteLength(JSON.stringify(f(r))), 0) / records.length);
  return {
    n,
    loadPerSecond: Math.round(n / (loadMs / 1000)),
    fullMs: median(full),
    summaryMs: median(summary),
    aggregateMs: median(aggregate),
    fullBytes: avg((r) => outfallItem(r).record),
    summaryBytes: avg(progressInput),
  };
}

const results: Result[] = [];
for (const n of SIZES) {
  const r = await run(n);
  results.push(r);
  console.log(
    `${String(n).padStart(7)} records: whole files ${r.fullMs.toFixed(0)} ms, summaries ${r.summaryMs.toFixed(0)} ms (of which aggregation ${r.aggregateMs.toFixed(0)} ms) → summaries ${(r.fullMs / r.summaryMs).toFixed(1)}× faster; ${((r.summaryMs * 1000) / n).toFixed(0)} µs/record; bytes read per outfall ${r.fullBytes} → ${r.summaryBytes} (${(r.fullBytes / r.summaryBytes).toFixed(1)}× less); load ${r.loadPerSecond}/s`,
  );
}
const [base, ...rest] = results;
for (const r of rest) {
  const size = r.n / base!.n;
  const growth = r.summaryMs / base!.summaryMs;
  console.log(`growth ${r.n}/${base!.n} (×${size} records): digest ×${growth.toFixed(2)} — ${growth <= size * 1.25 ? "linear" : "WORSE than linear"}`);
}
raw.destroy();
db.destroy();
await stack.stop();
