// Capacity on paper, from what this run measured: the write units the API's items cost (created and
// updated rows of demo records, planned exactly as the API plans them) and the push rate, projected to a
// province's Monday peak against DynamoDB's and Lambda's limits and priced per month (README, "Scale").
import { DISTRICT_LIST_SHARDS, SUBDISTRICT_LIST_SHARDS, TABLE_KEYS } from "../../functions/src/adapters/dynamodb/table.js";
import { DEFAULT_TUNING } from "../../sheets-addon/src/core/settings.js";
import { planWrite } from "../../functions/src/adapters/dynamodb/write-plan.js";
import { updateWrite } from "../../functions/src/app/record-change.js";
import { PROVINCE, type Projection, itemBytes, project, writeCost } from "../lib/capacity.js";
import { BENCH_PRINCIPAL, type BenchContext, outfallItem, plannedCreates, timed } from "../lib/context.js";
import { type BenchRow, quantile } from "../lib/stats.js";
import { apiCreate, createInputs } from "./writes.js";

const average = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** The memory the CDK stack gives the API functions (infra/lib/ledger-function.ts). */
const LAMBDA_MEMORY_GB = 1;

/** `pushRows`: the push stage's rows of this run, when it ran; otherwise one 500-row update is timed here. */
export async function capacityStage(ctx: BenchContext, pushRows: readonly BenchRow[]): Promise<{ projection: Projection; notes: Record<string, number> }> {
  ctx.progress("capacity: write units of the planned items");
  const table = ctx.stack.tableName;
  const { records, plans } = plannedCreates(ctx.deps, table, createInputs(ctx, 200));
  const now = new Date().toISOString();
  const nowS = Math.floor(Date.now() / 1000);
  const creates = plans.map((p) => writeCost(p.items, TABLE_KEYS.indexes));
  const updates = records.map((r) => {
    const write = updateWrite({ previous: r, next: { ...r, address: `${r.address ?? ""}（核对）` }, who: BENCH_PRINCIPAL, channel: "api", now, action: "update" });
    return writeCost(planWrite(table, write, nowS).items, TABLE_KEYS.indexes, outfallItem(r));
  });
  const mean = (costs: typeof updates) => ({
    table: average(costs.map((c) => c.table)),
    indexes: Object.fromEntries(TABLE_KEYS.indexes.map((i) => [i.name, average(costs.map((c) => c.indexes[i.name] ?? 0))])),
    total: average(costs.map((c) => c.total)),
  });
  const updateCost = mean(updates);
  const createCost = mean(creates);
  const pushRowsPerSecond = pushRows.find((r) => r.metric.startsWith("update"))?.value.median ?? (await timedUpdate(ctx));
  const historyBytes = average(plans.map((p) => itemBytes((p.items[1]!.Put!.Item ?? {}) as Record<string, unknown>)));
  const recordBytes = average(records.map((r) => itemBytes(outfallItem(r))));
  const projection = project(PROVINCE, { updateCost, recordBytes, historyBytes, pushRowsPerSecond, districtListShards: DISTRICT_LIST_SHARDS, subdistrictListShards: SUBDISTRICT_LIST_SHARDS, requestsInFlight: DEFAULT_TUNING.parallel, lambdaMemoryGb: LAMBDA_MEMORY_GB });
  const r1 = (n: number) => Math.round(n * 10) / 10;
  return {
    projection,
    notes: {
      "capacity: write units per created row": r1(createCost.total),
      "capacity: write units per updated row": r1(updateCost.total),
      "capacity: record item bytes (median)": quantile(records.map((r) => itemBytes(outfallItem(r))), 0.5),
      "province peak: rows/s": r1(projection.peakRowsPerSecond),
      "province peak: table write units/s": Math.round(projection.peakTableWriteUnitsPerSecond),
      "province peak: busiest district-list partition, write units/s": Math.round(projection.districtListPartitionUnitsPerSecond),
      "province peak: subdistrict list partition during a push, write units/s": Math.round(projection.subdistrictPartitionUnitsPerSecond),
      "province peak: Lambda concurrency": r1(projection.peakLambdaConcurrency),
      "province: seconds per 200-row push": r1(projection.secondsPerPush),
      "province: storage GB": r1(projection.storageGb),
      "province: USD per month": r1(projection.monthlyUsd.total),
    },
  };
}

async function timedUpdate(ctx: BenchContext): Promise<number> {
  const { records } = await apiCreate(ctx, createInputs(ctx, 500));
  const rows = records.map((r) => ({ id: r.id, expectedVersion: r.version, values: { address: `${r.address ?? ""}（核对）` } }));
  const ms = await timed(() => ctx.api("POST", "/v1/outfalls/batch", { rows }));
  return rows.length / (ms / 1000);
}
