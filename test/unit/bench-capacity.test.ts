// The capacity model of `npm run bench` (bench/lib/capacity.ts): item sizes and write units by DynamoDB's
// published rules, and the province projection's arithmetic.
import { describe, expect, it } from "vitest";
import { PROVINCE, itemBytes, project, valueBytes, writeCost } from "../../bench/lib/capacity.js";

const INDEXES = [
  { name: "GSI1", partitionKey: "GSI1PK", sortKey: "GSI1SK" },
  { name: "GSI3", partitionKey: "GSI3PK", sortKey: "GSI3SK", projection: ["summary"] },
];

describe("item sizes", () => {
  it("counts names and values as DynamoDB does: UTF-8 bytes, numbers by digits, maps and lists with overhead", () => {
    // Prepare / Act / Assess
    expect(valueBytes("湖滨")).toBe(6);
    expect(valueBytes(12345)).toBe(4); // 5 significant digits → 3 bytes, plus 1
    expect(valueBytes(true)).toBe(1);
    expect(valueBytes(["a", "b"])).toBe(3 + 2 + 2);
    expect(valueBytes({ ab: "xyz" })).toBe(3 + 1 + 2 + 3);
    expect(itemBytes({ PK: "OUTFALL#1", n: 7 })).toBe(2 + 9 + 1 + 2);
  });
});

describe("write units", () => {
  const big = "x".repeat(1500);
  const record = { PK: "OUTFALL#1", SK: "#RECORD", GSI1PK: "SUB#a", GSI1SK: "2026-01-01#1", GSI3PK: "PROGRESS#a#1", GSI3SK: "1", summary: "s", body: big };

  it("a transactional put costs twice its 1 KB units on the table, and once per index entry by its projection", () => {
    // Act
    const cost = writeCost([{ Put: { TableName: "t", Item: record } }], INDEXES);
    // Assess
    expect(cost.table).toBe(4); // ~1.6 KB → 2 units, doubled
    expect(cost.indexes).toEqual({ GSI1: 2, GSI3: 1 }); // GSI1 holds the whole item; GSI3 keys + summary
    expect(cost.total).toBe(7);
  });

  it("an update that moves an index key deletes the old entry and writes the new one", () => {
    // Prepare
    const next = { ...record, GSI1SK: "2026-02-01#1" };
    // Act
    const cost = writeCost([{ Put: { TableName: "t", Item: next } }], INDEXES, record);
    // Assess
    expect(cost.indexes).toEqual({ GSI1: 4, GSI3: 1 });
  });
});

describe("the province projection", () => {
  it("turns the measured costs into the peak's load, its share of each limit and the month's bill", () => {
    // Prepare
    const updateCost = { table: 10, indexes: { GSI1: 6, GSI2: 6, GSI3: 1 }, total: 23 };
    // Act
    const p = project(PROVINCE, { updateCost, recordBytes: 3000, historyBytes: 1000, pushRowsPerSecond: 400, districtListShards: 16, subdistrictListShards: 8, requestsInFlight: 3, lambdaMemoryGb: 1 });
    // Assess
    expect(p.peakRowsPerSecond).toBeCloseTo((50 * 200) / 60, 6);
    expect(p.peakTableWriteUnitsPerSecond).toBeCloseTo(p.peakRowsPerSecond * 23, 6);
    expect(p.districtListPartitionUnitsPerSecond).toBeCloseTo((p.peakRowsPerSecond * 6) / 16, 6);
    expect(p.secondsPerPush).toBe(0.5);
    expect(p.peakLambdaConcurrency).toBeCloseTo((50 / 60) * 0.5, 6);
    expect(p.storageGb).toBeCloseTo((100_000 * (9000 + 20_000)) / 1e9, 6);
    expect(p.monthlyUsd.dynamodbWrites).toBeCloseTo(0.9 * 23 * 0.625, 6);
    expect(p.monthlyUsd.total).toBeGreaterThan(p.monthlyUsd.dynamodbWrites);
    expect(p.subdistrictPartitionUnitsPerSecond).toBe((400 * 3 * 6) / 8); // one push's burst, 3 requests at once, over its subdistrict's list
    expect(p.headroom.map((h) => h.limit)).toEqual([40_000, 1000, 1000, 1000, 29]);
    expect(p.headroom[1]!.used).toBeCloseTo(p.districtListPartitionUnitsPerSecond, 6);
  });
});
