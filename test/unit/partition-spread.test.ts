// Hot partitions, on paper: when all 14 subdistricts push at once, no partition key of the table or of an
// index may take more than its share of the writes. A DynamoDB partition key takes at most 1,000 write
// units a second however large the table, so a key every record writes (a district-wide list) caps the
// whole district; a key per subdistrict caps only that subdistrict.
import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import { planWrite } from "../../functions/src/adapters/dynamodb/write-plan.js";
import { SUBDISTRICT_LIST_SHARDS } from "../../functions/src/adapters/dynamodb/table.js";
import type { HistoryEntry, Outfall } from "../../functions/src/domain/outfall.js";
import { loadReference } from "../../functions/reference/index.js";
import { outfall } from "./outfall-fixture.js";

const KEY_ATTRIBUTES = { table: "PK", GSI1: "GSI1PK", GSI2: "GSI2PK", GSI3: "GSI3PK" } as const;
type Where = keyof typeof KEY_ATTRIBUTES;

/** Every item a set of writes puts or deletes, counted per partition key value, per table and index. */
function writesPerPartition(records: Outfall[], before?: Map<string, Outfall>, idempotencyKey?: string): Record<Where, Map<string, number>> {
  const counts = { table: new Map(), GSI1: new Map(), GSI2: new Map(), GSI3: new Map() } as Record<Where, Map<string, number>>;
  for (const [index, record] of records.entries()) {
    const previous = before?.get(record.id);
    const history = { version: record.version } as HistoryEntry;
    const marker = idempotencyKey ? { marker: { key: idempotencyKey, requestHash: "h", index } } : {};
    const plan = planWrite("ledger", previous ? { kind: "update", previous, record, history, ...marker } : { kind: "create", record, history, ...marker }, 1_800_000_000);
    for (const item of plan.items) {
      const written = (item.Put?.Item ?? item.Delete?.Key ?? item.Update?.Key ?? {}) as Record<string, unknown>;
      for (const [where, attribute] of Object.entries(KEY_ATTRIBUTES) as [Where, string][]) {
        const key = written[attribute];
        if (typeof key === "string") counts[where].set(key, (counts[where].get(key) ?? 0) + 1);
      }
    }
  }
  return counts;
}

const largestShare = (counts: Map<string, number>) => {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  return Math.max(...counts.values()) / total;
};

describe("the write path's keys spread", () => {
  // Prepare (shared): 400 new records in each subdistrict, as 14 clerks pushing at once would send. The ids
  // are random: 400 keep ~25 records on each of a subdistrict's 16 list partitions, so that twice the mean is
  // ~5 standard deviations away (with 200, ~12 a partition, the busiest one passed twice the mean in 36 of
  // 300 simulated runs; with 400 in none of 300).
  const subdistricts = loadReference().subdistricts.map((s) => s.key);
  const records = subdistricts.flatMap((subdistrict, s) =>
    Array.from({ length: 400 }, (_, i) =>
      outfall({ id: ulid(), tempId: `SC-${s}-${String(i).padStart(4, "0")}`, subdistrict, version: 1, updatedAt: `2026-11-30T08:00:${String(i % 60).padStart(2, "0")}.000Z` }),
    ),
  );

  it("creates: the table and the district list spread over many keys, a subdistrict's index takes its own share", () => {
    // Act
    const counts = writesPerPartition(records);
    // Assess
    expect(subdistricts).toHaveLength(14);
    expect(largestShare(counts.table)).toBeLessThan(0.001); // one partition per record (record, history, temp id claim)
    expect(counts.GSI2.size).toBeGreaterThanOrEqual(16);
    expect(largestShare(counts.GSI2)).toBeLessThan(1.5 / 16); // the district-wide list: 16 partitions
    expect(counts.GSI1.size).toBe(14 * SUBDISTRICT_LIST_SHARDS);
    expect(largestShare(counts.GSI1)).toBeLessThan(2 / (14 * SUBDISTRICT_LIST_SHARDS)); // a subdistrict's list: 16 partitions, its own writes only
    expect(largestShare(counts.GSI3)).toBeLessThan(2 / (14 * 8)); // progress summaries: 8 partitions per subdistrict
  });

  it("updates: the same spread, and no key is shared by every update", () => {
    // Prepare
    const before = new Map(records.map((r) => [r.id, r]));
    const edited = records.map((r) => ({ ...r, name: `${r.name}（改）`, version: 2, updatedAt: "2026-11-30T09:00:00.000Z" }));
    // Act
    const counts = writesPerPartition(edited, before);
    // Assess
    expect(largestShare(counts.table)).toBeLessThan(0.001);
    expect(largestShare(counts.GSI2)).toBeLessThan(1.5 / 16);
    expect(largestShare(counts.GSI1)).toBeLessThan(2 / (14 * SUBDISTRICT_LIST_SHARDS));
  });

  it("one clerk's push: its subdistrict's list spreads over 16 partitions", () => {
    // Prepare
    const one = records.filter((r) => r.subdistrict === subdistricts[0]);
    // Act
    const counts = writesPerPartition(one);
    // Assess
    expect(SUBDISTRICT_LIST_SHARDS).toBe(16);
    expect(counts.GSI1.size).toBe(16);
    expect(largestShare(counts.GSI1)).toBeLessThan(2 / 16);
  });

  it("one clerk's push with an Idempotency-Key: its 200 row markers spread over 8 partitions", () => {
    // Prepare
    const one = records.filter((r) => r.subdistrict === subdistricts[0]).slice(0, 200);
    // Act
    const counts = writesPerPartition(one, undefined, "clerk@example.gov.cn#push-1");
    // Assess: no table partition takes more than an eighth of the markers (25 of 200)
    expect(Math.max(...counts.table.values())).toBe(25);
  });
});
