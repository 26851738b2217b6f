// Reads: a clerk's pull (GET /v1/outfalls page by page) against raw Query of the same index, and the
// digest's read of the compact summaries against raw Query of the same partitions.
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { PROGRESS_SHARDS, progressPartition, queryAll, subdistrictListPartitions } from "../../functions/src/adapters/dynamodb/table.js";
import { computeProgress } from "../../functions/src/domain/progress.js";
import type { Outfall } from "../../functions/src/domain/outfall.js";
import { type BenchContext, outfallItem, plannedCreates, rawBatchWrite, timed } from "../lib/context.js";
import { type BenchRow, benchRow, pairedRatios, summarize } from "../lib/stats.js";
import { createInputs } from "./writes.js";

/** Raw-loads records into one subdistrict (the pull reads one subdistrict, as a clerk's does). */
async function loadInto(ctx: BenchContext, subdistrict: string, n: number, table: string): Promise<void> {
  const inputs = createInputs(ctx, n).map((v) => ({ ...(v as object), subdistrict }));
  const { records } = plannedCreates(ctx.deps, table, inputs);
  await rawBatchWrite(ctx.db, table, records.map(outfallItem));
}

export async function pullStage(ctx: BenchContext): Promise<BenchRow[]> {
  const n = ctx.quick ? 500 : 5000;
  const subdistrict = ctx.deps.reference.subdistricts.at(-1)!.key;
  const table = ctx.stack.tableName;
  ctx.progress(`pull: loading ${n} records`);
  const partitions = subdistrictListPartitions(subdistrict);
  let before = 0;
  for (const pk of partitions) before += (await queryAll(ctx.db, { TableName: table, IndexName: "GSI1", KeyConditionExpression: "GSI1PK = :pk", ExpressionAttributeValues: { ":pk": pk }, ProjectionExpression: "PK" })).length;
  await loadInto(ctx, subdistrict, Math.max(0, n - before), table);
  const api: number[] = [];
  const raw: number[] = [];
  for (let round = 1; round <= ctx.repeats; round++) {
    ctx.progress(`pull ${round}/${ctx.repeats}`);
    let seenApi = 0;
    api.push(await timed(async () => {
      let cursor: string | undefined;
      do {
        const res = await ctx.api("GET", `/v1/outfalls?subdistrict=${subdistrict}&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
        if (res.status !== 200) throw new Error(`bench pull refused: ${res.status}`);
        seenApi += res.json.items.length;
        cursor = res.json.nextCursor;
      } while (cursor);
    }));
    let seenRaw = 0;
    raw.push(await timed(async () => {
      // The same partitions of the index, one after another, 1,000 items a call.
      for (const pk of partitions) {
        let start: Record<string, unknown> | undefined;
        do {
          const out = await ctx.db.send(new QueryCommand({ TableName: table, IndexName: "GSI1", KeyConditionExpression: "GSI1PK = :pk", ExpressionAttributeValues: { ":pk": pk }, Limit: 1000, ExclusiveStartKey: start }));
          seenRaw += (out.Items ?? []).map((i) => i.record as Outfall).length;
          start = out.LastEvaluatedKey;
        } while (start);
      }
    }));
    if (seenApi !== seenRaw || seenApi < n) throw new Error(`pull saw ${seenApi}, raw ${seenRaw}, expected ≥ ${n}`);
  }
  return [
    benchRow({ stage: "pull", metric: `${n} records of one subdistrict (API)`, unit: "ms", better: "lower", value: summarize(api), baseline: "raw Query", baselineValue: summarize(raw), pairs: pairedRatios(api, raw) }),
    ...(await emptyPull(ctx, subdistrict, partitions)),
  ];
}

/** A clerk's "pull changes" when nothing changed: `updatedSince` now, every list partition empty past it. The
 *  floor is one round of the same queries side by side; the queries one after another are what the pull did
 *  before it read ahead (outfall-repository.ts, PULL_LOOKAHEAD). Medians of 20 requests a round. */
async function emptyPull(ctx: BenchContext, subdistrict: string, partitions: string[]): Promise<BenchRow[]> {
  const table = ctx.stack.tableName;
  const since = new Date(Date.now() + 60_000).toISOString();
  const query = (pk: string) =>
    ctx.db.send(new QueryCommand({ TableName: table, IndexName: "GSI1", KeyConditionExpression: "GSI1PK = :pk AND GSI1SK >= :since", ExpressionAttributeValues: { ":pk": pk, ":since": since }, Limit: 1000 }));
  const medianOf = async (fn: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < 20; i++) times.push(await timed(fn));
    return summarize(times).median;
  };
  const api: number[] = [];
  const parallel: number[] = [];
  const sequential: number[] = [];
  for (let round = 1; round <= ctx.repeats; round++) {
    ctx.progress(`pull, nothing new ${round}/${ctx.repeats}`);
    api.push(await medianOf(async () => {
      const res = await ctx.api("GET", `/v1/outfalls?subdistrict=${subdistrict}&updatedSince=${encodeURIComponent(since)}`);
      if (res.status !== 200 || res.json.items.length !== 0) throw new Error(`bench empty pull: ${res.status}, ${res.json.items?.length} items`);
    }));
    parallel.push(await medianOf(() => Promise.all(partitions.map(query))));
    sequential.push(await medianOf(async () => {
      for (const pk of partitions) await query(pk);
    }));
  }
  const metric = `nothing new since the last pull, ${partitions.length} partitions (API)`;
  return [
    benchRow({ stage: "pull", metric, unit: "ms", better: "lower", value: summarize(api), baseline: "raw Query, side by side", baselineValue: summarize(parallel), pairs: pairedRatios(api, parallel) }),
    benchRow({ stage: "pull", metric, unit: "ms", better: "lower", value: summarize(api), baseline: "raw Query, one after another", baselineValue: summarize(sequential), pairs: pairedRatios(api, sequential) }),
  ];
}

/** The digest's figures over `n` records in a table of their own: the product's read + aggregation against raw Query of the same summaries. */
export async function digestStage(ctx: BenchContext, n: number): Promise<BenchRow[]> {
  const table = `bench-digest-${n}`;
  const { ensureTable } = await import("../../functions/src/adapters/dynamodb/table.js");
  const { DynamoOutfallRepository } = await import("../../functions/src/adapters/dynamodb/outfall-repository.js");
  await ensureTable(ctx.raw, table);
  ctx.progress(`digest: loading ${n} records`);
  for (let done = 0; done < n; done += 5000) {
    const { records } = plannedCreates(ctx.deps, table, createInputs(ctx, Math.min(5000, n - done)));
    await rawBatchWrite(ctx.db, table, records.map(outfallItem));
  }
  const repo = new DynamoOutfallRepository(ctx.db, table);
  const subdistricts = ctx.deps.reference.subdistricts.map((s) => s.key);
  const partitions = subdistricts.flatMap((s) => Array.from({ length: PROGRESS_SHARDS }, (_, shard) => progressPartition(s, shard)));
  const product: number[] = [];
  const raw: number[] = [];
  const now = new Date();
  for (let round = 1; round <= ctx.repeats; round++) {
    ctx.progress(`digest ${n} ${round}/${ctx.repeats}`);
    product.push(await timed(async () => {
      const figures = computeProgress(await repo.progressInputs(subdistricts), ctx.deps.reference, ctx.deps.campaign, now);
      if (figures.district.total + figures.district.dismissed !== n) throw new Error(`digest saw ${figures.district.total} of ${n}`);
    }));
    // The floor: the same partitions queried with the same concurrency, nothing computed.
    raw.push(await timed(async () => {
      let next = 0;
      await Promise.all(Array.from({ length: 8 }, async () => {
        while (next < partitions.length) {
          const pk = partitions[next++]!;
          await queryAll(ctx.db, { TableName: table, IndexName: "GSI3", KeyConditionExpression: "GSI3PK = :pk", ExpressionAttributeValues: { ":pk": pk }, ProjectionExpression: "summary" });
        }
      }));
    }));
  }
  return [benchRow({ stage: "digest", metric: `${n} records (read + figures)`, unit: "ms", better: "lower", value: summarize(product), baseline: "raw Query of the summaries", baselineValue: summarize(raw), pairs: pairedRatios(product, raw) })];
}
