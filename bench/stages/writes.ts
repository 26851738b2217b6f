// Push and PATCH: the API's write path beside DynamoDB's own floor on the same DynamoDB Local.
// - push: rows/s of POST /v1/outfalls/batch (500-row requests one after another, and as the add-on's core
//   sends them, a few at once) against raw BatchWriteItem of the same
//   record items and raw TransactWriteItems of exactly the items the API writes; creates, then updates.
// - PATCH: per-request latency (p50, p99) against a raw conditional UpdateItem and against the
//   two-round-trip floor (BatchGetItem of the record, then TransactWriteItems of record + history).
import { spawn } from "node:child_process";
import { BatchGetCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { keys } from "../../functions/src/adapters/dynamodb/table.js";
import { planWrite } from "../../functions/src/adapters/dynamodb/write-plan.js";
import { updateWrite } from "../../functions/src/app/record-change.js";
import type { Outfall } from "../../functions/src/domain/outfall.js";
import { DEFAULT_TUNING } from "../../sheets-addon/src/core/settings.js";
import { generateDemoOutfalls } from "../../local/demo/generate.js";
import { BENCH_PRINCIPAL, type BenchContext, outfallItem, plannedCreates, rawBatchWrite, rawTransactions, timed } from "../lib/context.js";
import { type BenchRow, benchRow, pairedRatios, quantile, summarize } from "../lib/stats.js";

const REQUEST_ROWS = 500;
let seed = 1000;

/** Fresh create inputs (new seed each call: codes and names never collide with earlier ones). */
export function createInputs(ctx: BenchContext, n: number): unknown[] {
  return generateDemoOutfalls(ctx.deps.reference, { count: n, seed: ++seed }).map((d) => {
    const { nationalCode: _n, provincialCode: _p, ...values } = d.values as Record<string, unknown>;
    return values;
  });
}

/** Creates rows through the API, 500 a request; answers the records and the bytes sent and received. */
export async function apiCreate(ctx: BenchContext, inputs: unknown[]) {
  const records: Outfall[] = [];
  let up = 0;
  let down = 0;
  for (let i = 0; i < inputs.length; i += REQUEST_ROWS) {
    const rows = inputs.slice(i, i + REQUEST_ROWS).map((values) => ({ values }));
    up += Buffer.byteLength(JSON.stringify({ rows }));
    const res = await ctx.api("POST", "/v1/outfalls/batch", { rows });
    down += res.bytes;
    if (res.status !== 200 || res.json.summary.ok !== rows.length) throw new Error(`bench push refused: ${res.status} ${JSON.stringify(res.json).slice(0, 500)}`);
    // A lean answer: the record is what was sent with the server's changes over it.
    res.json.results.forEach((r: { id: string; tempId: string; version: number; changes: Record<string, unknown> }, k: number) =>
      records.push({ ...(rows[k]!.values as object), ...r.changes, id: r.id, tempId: r.tempId, version: r.version } as Outfall),
    );
  }
  return { records, up, down };
}

const ADDON_PUSH = new URL("../lib/addon-push.ts", import.meta.url).pathname;

/** Creates rows the way the add-on pushes them (bench/lib/addon-push.ts, a process of its own): milliseconds
 *  from the first request to the last answer, and the requests it took. */
export async function addonCreate(ctx: BenchContext, inputs: unknown[]): Promise<{ ms: number; requests: number }> {
  const rows = inputs.map((values, i) => ({ clientRef: String(i + 1), values }));
  const child = spawn(process.execPath, ["--import", "tsx", ADDON_PUSH], { stdio: ["pipe", "pipe", "inherit"] });
  let stdout = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  child.stdin.end(JSON.stringify({ baseUrl: ctx.stack.url, token: ctx.token, rows }));
  const code = await exited;
  const out = code === 0 ? (JSON.parse(stdout) as { ms: number; requests: number; ok: number; failures: string[] }) : undefined;
  if (!out || out.ok !== rows.length) throw new Error(`bench add-on push failed (exit ${code}): ${stdout.slice(0, 500)}`);
  return out;
}

const edited = (r: Outfall, round: number) => ({ address: `${r.address ?? ""}（第 ${round} 次核对）`.slice(-200) });

export async function pushStage(ctx: BenchContext): Promise<{ rows: BenchRow[]; notes: Record<string, number> }> {
  const n = ctx.quick ? 200 : 2000;
  const table = ctx.stack.tableName;
  const m = { api: [] as number[], addon: [] as number[], txMarked: [] as number[], batch: [] as number[], tx: [] as number[], apiU: [] as number[], batchU: [] as number[], txU: [] as number[] };
  const bytes = { createUp: 0, createDown: 0, updateUp: 0, updateDown: 0 };
  const down = { lean: [] as number[], full: [] as number[] };
  const rate = (ms: number) => n / (ms / 1000);
  // Warm-up, untimed: the first requests of a process compile its code paths, and DynamoDB Local's own JIT
  // warms on its first transactions; timing them would only widen the spread of the first round.
  ctx.progress("push: warming up");
  await apiCreate(ctx, createInputs(ctx, REQUEST_ROWS));
  await rawTransactions(ctx.db, plannedCreates(ctx.deps, table, createInputs(ctx, REQUEST_ROWS)).plans);
  for (let round = 1; round <= ctx.repeats; round++) {
    ctx.progress(`push ${round}/${ctx.repeats}: ${n} rows`);
    // Creates, each way on its own fresh rows.
    let created: Outfall[] = [];
    m.api.push(rate(await timed(async () => {
      const out = await apiCreate(ctx, createInputs(ctx, n));
      created = out.records;
      bytes.createUp = out.up / n;
      bytes.createDown = out.down / n;
    })));
    m.addon.push(rate((await addonCreate(ctx, createInputs(ctx, n))).ms));
    const viaBatch = plannedCreates(ctx.deps, table, createInputs(ctx, n));
    m.batch.push(rate(await timed(() => rawBatchWrite(ctx.db, table, viaBatch.records.map(outfallItem)))));
    const viaTx = plannedCreates(ctx.deps, table, createInputs(ctx, n));
    m.tx.push(rate(await timed(() => rawTransactions(ctx.db, viaTx.plans))));
    const marked = plannedCreates(ctx.deps, table, createInputs(ctx, n), true).plans;
    m.txMarked.push(rate(await timed(() => rawTransactions(ctx.db, marked))));
    // Updates of the rows just created, each way on its own rows.
    m.apiU.push(rate(await timed(async () => {
      for (let i = 0; i < created.length; i += REQUEST_ROWS) {
        const rows = created.slice(i, i + REQUEST_ROWS).map((r) => ({ id: r.id, expectedVersion: r.version, values: edited(r, round) }));
        bytes.updateUp = Buffer.byteLength(JSON.stringify({ rows })) / rows.length;
        const res = await ctx.api("POST", "/v1/outfalls/batch", { rows });
        bytes.updateDown = res.bytes / rows.length;
        if (res.status !== 200 || res.json.summary.ok !== rows.length) throw new Error(`bench update refused: ${res.status} ${JSON.stringify(res.json).slice(0, 500)}`);
      }
    })));
    down.lean.push(bytes.updateDown);
    // The same update answered in full (?full=1, untimed): the baseline of the lean answer's bytes.
    let fullBytes = 0;
    for (let i = 0; i < created.length; i += REQUEST_ROWS) {
      const rows = created.slice(i, i + REQUEST_ROWS).map((r) => ({ id: r.id, expectedVersion: r.version + 1, values: edited(r, round + 0.5) }));
      const res = await ctx.api("POST", "/v1/outfalls/batch?full=1", { rows });
      if (res.status !== 200 || res.json.summary.ok !== rows.length) throw new Error(`bench full update refused: ${res.status} ${JSON.stringify(res.json).slice(0, 500)}`);
      fullBytes += res.bytes;
    }
    down.full.push(fullBytes / created.length);
    const now = new Date().toISOString();
    const updates = (records: Outfall[]) => records.map((r) => updateWrite({ previous: r, next: { ...r, ...edited(r, round) }, who: BENCH_PRINCIPAL, channel: "api", now, action: "update" }));
    m.batchU.push(rate(await timed(() => rawBatchWrite(ctx.db, table, updates(viaBatch.records).map((w) => outfallItem(w.record))))));
    const nowS = Math.floor(Date.now() / 1000);
    const txPlans = updates(viaTx.records).map((w) => planWrite(table, w, nowS));
    m.txU.push(rate(await timed(() => rawTransactions(ctx.db, txPlans))));
  }
  const row = (metric: string, value: number[], baseline: string, base: number[], target?: number) =>
    benchRow({ stage: "push", metric, unit: "rows/s", better: "higher", value: summarize(value), baseline, baselineValue: summarize(base), pairs: pairedRatios(value, base) }, target);
  return {
    rows: [
      row(`create ${n} rows (API)`, m.api, "raw BatchWriteItem", m.batch, 0.65),
      row(`create ${n} rows (API)`, m.api, "raw transactions", m.tx, 0.95),
      row(`create ${n} rows (add-on core, ${DEFAULT_TUNING.parallel} requests in flight)`, m.addon, "raw BatchWriteItem", m.batch, 0.65),
      row(`create ${n} rows (add-on core, ${DEFAULT_TUNING.parallel} requests in flight)`, m.addon, "raw transactions with row markers", m.txMarked, 0.95),
      row(`update ${n} rows (API)`, m.apiU, "raw BatchWriteItem", m.batchU),
      row(`update ${n} rows (API)`, m.apiU, "raw transactions", m.txU),
      benchRow(
        { stage: "push", metric: "answer bytes per updated row (lean)", unit: "B", better: "lower", value: summarize(down.lean), baseline: "full answer (?full=1)", baselineValue: summarize(down.full) },
        0.25,
      ),
    ],
    notes: {
      "push create: bytes up per row": Math.round(bytes.createUp),
      "push create: bytes down per row": Math.round(bytes.createDown),
      "push update: bytes up per row": Math.round(bytes.updateUp),
      "push update: bytes down per row": Math.round(bytes.updateDown),
    },
  };
}

export async function patchStage(ctx: BenchContext): Promise<BenchRow[]> {
  const ops = ctx.quick ? 60 : 600;
  const table = ctx.stack.tableName;
  ctx.progress(`PATCH: preparing ${ops} records for each way`);
  const viaApi = (await apiCreate(ctx, createInputs(ctx, ops))).records;
  const viaUpdate = plannedCreates(ctx.deps, table, createInputs(ctx, ops)).records;
  const viaFloor = plannedCreates(ctx.deps, table, createInputs(ctx, ops)).records;
  await rawBatchWrite(ctx.db, table, [...viaUpdate, ...viaFloor].map(outfallItem));
  const api: number[] = [];
  const update: number[] = [];
  const floor: number[] = [];
  // Interleaved, so a slow moment of the machine hits all three ways alike.
  for (let i = 0; i < ops; i++) {
    if (i % 50 === 0) ctx.progress(`PATCH ${i}/${ops}`);
    const a = viaApi[i]!;
    api.push(await timed(async () => {
      const res = await ctx.api("PATCH", `/v1/outfalls/${a.id}`, edited(a, 1), { "if-match": String(a.version) });
      if (res.status !== 200) throw new Error(`bench PATCH refused: ${res.status} ${JSON.stringify(res.json).slice(0, 300)}`);
    }));
    const u = viaUpdate[i]!;
    update.push(await timed(() => ctx.db.send(new UpdateCommand({
      TableName: table,
      Key: keys.outfall(u.id),
      UpdateExpression: "SET #record.#address = :a, #version = :next",
      ConditionExpression: "#version = :v",
      ExpressionAttributeNames: { "#record": "record", "#address": "address", "#version": "version" },
      ExpressionAttributeValues: { ":a": edited(u, 1).address, ":v": u.version, ":next": u.version + 1 },
    }))));
    const f = viaFloor[i]!;
    floor.push(await timed(async () => {
      const got = await ctx.db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: [keys.outfall(f.id)], ConsistentRead: true } } }));
      const current = got.Responses?.[table]?.[0]?.record as Outfall;
      const write = updateWrite({ previous: current, next: { ...current, ...edited(current, 1) }, who: BENCH_PRINCIPAL, channel: "api", now: new Date().toISOString(), action: "update" });
      await ctx.db.send(new TransactWriteCommand({ TransactItems: planWrite(table, write, 0).items }));
    }));
  }
  // Quantiles per block of operations: the spread says how much the blocks disagree.
  const blocks = (xs: number[], q: number) => {
    const size = Math.ceil(xs.length / ctx.repeats);
    return Array.from({ length: ctx.repeats }, (_, b) => quantile(xs.slice(b * size, (b + 1) * size), q));
  };
  const row = (q: number, name: string, base: number[], baseline: string, target?: number) =>
    // Not paired: a block's p99 is its one or two slowest requests, which a pause on either side decides alone.
    benchRow({ stage: "PATCH", metric: name, unit: "ms", better: "lower", value: summarize(blocks(api, q)), baseline, baselineValue: summarize(blocks(base, q)) }, target);
  return [
    row(0.5, "p50 (API over HTTP)", update, "raw UpdateItem"),
    row(0.99, "p99 (API over HTTP)", update, "raw UpdateItem"),
    row(0.5, "p50 (API over HTTP)", floor, "read + transaction floor"),
    row(0.99, "p99 (API over HTTP)", floor, "read + transaction floor", 1.3),
  ];
}
