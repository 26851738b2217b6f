// DynamoDB capacity on paper: what the items the API writes cost in write units, and what a province's
// Monday peak would ask of DynamoDB and Lambda. Pure and unit-tested (test/unit/bench-capacity.test.ts);
// `npm run bench` feeds it the planned items of real records and the measured push and PATCH times.
// The rules are AWS's published ones (developer guide, "Item sizes and formats", "Read/write capacity
// mode", "Global secondary indexes"); prices are us-east-1 on-demand list prices, dated below.

import type { TransactItem } from "../../functions/src/adapters/dynamodb/write-plan.js";

type Attribute = unknown;
interface Index {
  name: string;
  partitionKey: string;
  sortKey: string;
  projection?: string[];
}

const utf8 = (s: string) => Buffer.byteLength(s, "utf8");

/** The size DynamoDB counts for a value: strings and binary by their bytes, numbers by about one byte per
 *  two significant digits plus one, maps and lists 3 bytes plus one per element plus their contents. */
export function valueBytes(value: Attribute): number {
  if (value === null || value === undefined || typeof value === "boolean") return 1;
  if (typeof value === "string") return utf8(value);
  if (typeof value === "number") return Math.ceil(String(Math.abs(value)).replace(/[.-]/g, "").replace(/^0+/, "").length / 2) + 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + valueBytes(v), 0);
  if (value instanceof Set) return [...value].reduce((sum: number, v) => sum + valueBytes(v), 0);
  if (typeof value === "object") return 3 + Object.entries(value as Record<string, unknown>).reduce((sum, [k, v]) => (v === undefined ? sum : sum + 1 + utf8(k) + valueBytes(v)), 0);
  return utf8(String(value));
}

/** An item's size: every attribute's name and value. */
export const itemBytes = (item: Record<string, unknown>) => Object.entries(item).reduce((sum, [k, v]) => (v === undefined ? sum : sum + utf8(k) + valueBytes(v)), 0);

const units = (bytes: number, unit: number) => Math.max(1, Math.ceil(bytes / unit));

/** What an index holds of an item: its keys and the projected attributes (all of them by default). */
function projected(item: Record<string, unknown>, index: Index): Record<string, unknown> {
  if (!index.projection) return item;
  const kept = new Set(["PK", "SK", index.partitionKey, index.sortKey, ...index.projection]);
  return Object.fromEntries(Object.entries(item).filter(([k]) => kept.has(k)));
}

export interface WriteCost {
  /** Write request units on the table (a transaction's writes count twice). */
  table: number;
  /** Write units per index (index writes are not doubled by a transaction). */
  indexes: Record<string, number>;
  total: number;
}

/** The write units of one row's transact items; `previous` is the stored record item an update replaces
 *  (an index entry whose key changed is deleted and written again: two writes). */
export function writeCost(items: readonly TransactItem[], indexes: readonly Index[], previous?: Record<string, unknown>): WriteCost {
  let table = 0;
  const byIndex: Record<string, number> = Object.fromEntries(indexes.map((i) => [i.name, 0]));
  for (const item of items) {
    if (item.Put) {
      const put = item.Put.Item as Record<string, unknown>;
      table += 2 * units(itemBytes(put), 1024);
      const replaced = previous && previous.PK === put.PK && previous.SK === put.SK ? previous : undefined;
      for (const index of indexes) {
        const now = put[index.partitionKey] !== undefined;
        const before = replaced?.[index.partitionKey] !== undefined;
        if (now) byIndex[index.name]! += units(itemBytes(projected(put, index)), 1024);
        const moved = before && (replaced![index.partitionKey] !== put[index.partitionKey] || replaced![index.sortKey] !== put[index.sortKey]);
        if (moved || (before && !now)) byIndex[index.name]! += units(itemBytes(projected(replaced!, index)), 1024);
      }
    } else if (item.Delete || item.Update || item.ConditionCheck) {
      table += 2; // small items here: a unique-value claim released, a counter, a check
    }
  }
  const total = table + Object.values(byIndex).reduce((a, b) => a + b, 0);
  return { table, indexes: byIndex, total };
}

/** US East (N. Virginia) on-demand list prices, as published in November 2025 (USD). China regions are
 *  priced in CNY by their operators and differ; the units per month below are what to price there. */
export const PRICES = {
  date: "2025-11",
  perMillionWriteUnits: 0.625,
  perMillionReadUnits: 0.125,
  storagePerGbMonth: 0.25,
  pitrPerGbMonth: 0.2,
  lambdaPerMillionRequests: 0.2,
  lambdaPerGbSecond: 0.0000166667,
  httpApiPerMillionRequests: 1.0,
} as const;

/** DynamoDB's and Lambda's limits the projection is checked against (default quotas). */
export const LIMITS = { partitionWriteUnitsPerSecond: 1000, tableWriteUnitsPerSecond: 40_000, lambdaConcurrency: 1000, apiGatewaySeconds: 29 } as const;

export interface Workload {
  outfalls: number;
  clerks: number;
  /** The Monday peak: pushes a minute and rows per push. */
  peakPushesPerMinute: number;
  rowsPerPush: number;
  /** Row writes in a month (every push of every clerk), for the bill. */
  rowWritesPerMonth: number;
  /** History entries kept per record on average, for storage. */
  historyPerRecord: number;
}

export const PROVINCE: Workload = {
  outfalls: 100_000,
  clerks: 1000,
  peakPushesPerMinute: 50,
  rowsPerPush: 200,
  // Each record edited about twice a week (patrol results, steps, corrections): 100,000 × 9 a month.
  rowWritesPerMonth: 900_000,
  historyPerRecord: 20,
};

export interface Measured {
  /** Write units of one updated row (the peak is edits of existing records). */
  updateCost: WriteCost;
  /** Bytes of one record item and one history entry, for storage. */
  recordBytes: number;
  historyBytes: number;
  /** Rows a second one batch request writes (push stage, API updates), for Lambda time. */
  pushRowsPerSecond: number;
  /** The district-wide list's partitions: the busiest index partition takes 1/shards of the rows. */
  districtListShards: number;
  /** A subdistrict's list partitions: its clerk's push spreads over them. */
  subdistrictListShards: number;
  /** Batch requests one push has in flight at once (the add-on's fetchAll), each at `pushRowsPerSecond`. */
  requestsInFlight: number;
  lambdaMemoryGb: number;
}

export interface Projection {
  peakRowsPerSecond: number;
  peakTableWriteUnitsPerSecond: number;
  /** Per partition: the busiest one of the district list and of one subdistrict's list while its clerk pushes. */
  districtListPartitionUnitsPerSecond: number;
  subdistrictPartitionUnitsPerSecond: number;
  peakLambdaConcurrency: number;
  secondsPerPush: number;
  storageGb: number;
  monthlyUsd: { dynamodbWrites: number; dynamodbStorage: number; lambda: number; apiGateway: number; total: number };
  /** Every limit with the share of it the peak takes. */
  headroom: { name: string; used: number; limit: number }[];
}

export function project(w: Workload, m: Measured): Projection {
  const peakRowsPerSecond = (w.peakPushesPerMinute * w.rowsPerPush) / 60;
  const peakTableWriteUnitsPerSecond = peakRowsPerSecond * m.updateCost.total;
  const gsi2 = m.updateCost.indexes.GSI2 ?? 0;
  const gsi1 = m.updateCost.indexes.GSI1 ?? 0;
  const districtListPartitionUnitsPerSecond = (peakRowsPerSecond * gsi2) / m.districtListShards;
  const secondsPerPush = w.rowsPerPush / m.pushRowsPerSecond;
  // One clerk's push writes its subdistrict's list at the push's own pace: its requests in flight, each at the
  // measured rate, spread over the list's partitions.
  const subdistrictPartitionUnitsPerSecond = (m.pushRowsPerSecond * m.requestsInFlight * gsi1) / m.subdistrictListShards;
  const peakLambdaConcurrency = (w.peakPushesPerMinute / 60) * secondsPerPush;
  const storageGb = (w.outfalls * (m.recordBytes * 3 + m.historyBytes * w.historyPerRecord)) / 1e9; // record + GSI1 + GSI2 copies
  const pushesPerMonth = w.rowWritesPerMonth / w.rowsPerPush;
  const dynamodbWrites = ((w.rowWritesPerMonth * m.updateCost.total) / 1e6) * PRICES.perMillionWriteUnits;
  const dynamodbStorage = storageGb * (PRICES.storagePerGbMonth + PRICES.pitrPerGbMonth);
  const lambda = (pushesPerMonth / 1e6) * PRICES.lambdaPerMillionRequests + pushesPerMonth * secondsPerPush * m.lambdaMemoryGb * PRICES.lambdaPerGbSecond;
  const apiGateway = (pushesPerMonth / 1e6) * PRICES.httpApiPerMillionRequests;
  return {
    peakRowsPerSecond,
    peakTableWriteUnitsPerSecond,
    districtListPartitionUnitsPerSecond,
    subdistrictPartitionUnitsPerSecond,
    peakLambdaConcurrency,
    secondsPerPush,
    storageGb,
    monthlyUsd: { dynamodbWrites, dynamodbStorage, lambda, apiGateway, total: dynamodbWrites + dynamodbStorage + lambda + apiGateway },
    headroom: [
      { name: "table write units/s (default on-demand table quota)", used: peakTableWriteUnitsPerSecond, limit: LIMITS.tableWriteUnitsPerSecond },
      { name: "busiest district-list partition, write units/s", used: districtListPartitionUnitsPerSecond, limit: LIMITS.partitionWriteUnitsPerSecond },
      { name: "a subdistrict's list partition during a push, write units/s", used: subdistrictPartitionUnitsPerSecond, limit: LIMITS.partitionWriteUnitsPerSecond },
      { name: "Lambda concurrency (account default)", used: peakLambdaConcurrency, limit: LIMITS.lambdaConcurrency },
      { name: "seconds per push (API Gateway timeout)", used: secondsPerPush, limit: LIMITS.apiGatewaySeconds },
    ],
  };
}
