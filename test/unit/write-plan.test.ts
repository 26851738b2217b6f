// The repository's write planning, without a table: which items a write becomes, how rows are packed into
// transactions, and what a cancelled transaction's reasons mean for each row.
import { marshall } from "@aws-sdk/util-dynamodb";
import { describe, expect, it } from "vitest";
import {
  type CancellationReason,
  MAX_TRANSACT_BYTES,
  MAX_TRANSACT_ITEMS,
  packGroups,
  planWrite,
  readFailure,
  readGroupFailure,
} from "../../functions/src/adapters/dynamodb/write-plan.js";
import type { HistoryEntry, Outfall } from "../../functions/src/domain/outfall.js";
import type { OutfallWrite } from "../../functions/src/ports/outfall-repository.js";
import { outfall } from "./outfall-fixture.js";

const TABLE = "ledger";
const NOW_S = 1_800_000_000;
const history = (version: number) => ({ version }) as HistoryEntry;
const party = (creditCode: string) => ({ creditCode }) as Outfall["responsibleParties"][number];
const create = (record: Outfall): OutfallWrite => ({ kind: "create", record, history: history(record.version) });
const update = (previous: Outfall, changes: Partial<Outfall>): OutfallWrite => ({
  kind: "update",
  previous,
  record: { ...previous, ...changes, version: previous.version + 1 },
  history: history(previous.version + 1),
});
const fail = (Item?: Record<string, unknown>): CancellationReason => ({ Code: "ConditionalCheckFailed", ...(Item ? { Item: marshall(Item) } : {}) });
const none: CancellationReason = { Code: "None" };

describe("planWrite", () => {
  it("lands a create as its record, its history entry and a claim of its temp id, each conditional", () => {
    // Prepare
    const record = outfall({ id: "A", tempId: "SC-KX-0001" });

    // Act
    const plan = planWrite(TABLE, create(record), NOW_S);

    // Assess
    expect(plan.roles).toEqual([{ kind: "record" }, { kind: "history" }, { kind: "unique", field: "tempId" }]);
    expect(plan.items[0]!.Put).toMatchObject({ TableName: TABLE, ConditionExpression: "attribute_not_exists(PK)", Item: { type: "outfall", version: 1, record } });
    expect(plan.items[1]!.Put).toMatchObject({ ConditionExpression: "attribute_not_exists(PK)", Item: { type: "history", entry: { version: 1 } } });
    expect(plan.items[2]!.Put).toMatchObject({ Item: { type: "unique", owner: "A" }, ExpressionAttributeValues: { ":id": "A" } });
    expect(plan.bytes).toBe(Buffer.byteLength(JSON.stringify(plan.items)));
  });

  it("conditions an update on the version it was based on and moves changed codes and credit-code entries", () => {
    // Prepare
    const previous = outfall({ id: "A", version: 3, nationalCode: "N-1", responsibleParties: [party("C-OLD"), party("C-KEEP")] });
    const write = update(previous, { nationalCode: "N-2", responsibleParties: [party("C-KEEP"), party("C-NEW")] });

    // Act
    const plan = planWrite(TABLE, write, NOW_S);

    // Assess
    expect(plan.items[0]!.Put).toMatchObject({ ConditionExpression: "version = :expected", ExpressionAttributeValues: { ":expected": 3 } });
    expect(plan.roles).toEqual([
      { kind: "record" },
      { kind: "history" },
      { kind: "unique", field: "nationalCode" },
      { kind: "release" },
      { kind: "index" },
      { kind: "index" },
    ]);
    expect(plan.items[4]!.Put?.Item).toMatchObject({ type: "credit-code", outfallId: "A" });
    expect(JSON.stringify(plan.items[4])).toContain("C-NEW");
    expect(JSON.stringify(plan.items[5]!.Delete)).toContain("C-OLD");
  });

  it("adds the batch row's marker last when the write carries one", () => {
    // Prepare
    const write = { ...create(outfall()), marker: { key: "k", requestHash: "h", index: 7 } };

    // Act
    const plan = planWrite(TABLE, write, NOW_S);

    // Assess
    expect(plan.roles.at(-1)).toEqual({ kind: "marker" });
    expect(plan.items.at(-1)!.Put).toMatchObject({ TableName: TABLE, Item: { type: "idempotency-row", index: 7, requestHash: "h", outfallId: write.record.id } });
  });

  it("keeps the marker small and in one of the request's spread partitions", () => {
    // Prepare
    const markerOf = (index: number) => planWrite(TABLE, { ...create(outfall()), marker: { key: "k", requestHash: "h", index } }, NOW_S).items.at(-1)!.Put!.Item!;
    // Act
    const markers = Array.from({ length: 16 }, (_, i) => markerOf(i));
    // Assess: the record is not carried again (one write unit), and 16 rows land in 8 partitions, 2 each
    expect(markers.every((m) => !("record" in m) && Buffer.byteLength(JSON.stringify(m)) < 300)).toBe(true);
    expect(markers[3]!.PK).toBe("IDEMPOTENCY#k#ROWS#3");
    const perPartition = new Map<unknown, number>();
    for (const m of markers) perPartition.set(m.PK, (perPartition.get(m.PK) ?? 0) + 1);
    expect([...perPartition.values()]).toEqual(Array(8).fill(2));
  });
});

describe("packGroups", () => {
  const sized = (items: number, bytes = 100) => ({ items: Array.from({ length: items }, () => ({})), bytes });

  it("packs rows greedily into transactions of at most 100 items, in order", () => {
    // Prepare
    const rows = [40, 40, 30, 100, 1];

    // Act
    const groups = packGroups([0, 1, 2, 3, 4], (i) => sized(rows[i]!));

    // Assess
    expect(groups).toEqual([[0, 1], [2], [3], [4]]);
    for (const g of groups) expect(g.reduce((n, i) => n + rows[i]!, 0)).toBeLessThanOrEqual(MAX_TRANSACT_ITEMS);
  });

  it("starts a new transaction when the next row would pass the size limit", () => {
    // Prepare
    const half = Math.floor(MAX_TRANSACT_BYTES / 2) + 1;

    // Act
    const groups = packGroups([5, 6, 7], () => sized(3, half));

    // Assess
    expect(groups).toEqual([[5], [6], [7]]);
  });
});

describe("readFailure", () => {
  const roles = planWrite(TABLE, { ...create(outfall({ nationalCode: "N-1" })), marker: { key: "k", requestHash: "h", index: 0 } }, NOW_S).roles;
  // record, history, unique tempId, unique nationalCode, marker

  it("reads a failed record condition as a conflict carrying the stored record", () => {
    const current = outfall({ version: 9 });
    expect(readFailure(roles, [fail({ record: current }), none, none, none, none])).toEqual({ ok: false, reason: "conflict", current });
  });

  it("reads a failed claim as a duplicate naming the field and its owner", () => {
    expect(readFailure(roles, [none, none, none, fail({ owner: "B" }), none])).toEqual({ ok: false, reason: "duplicate", field: "nationalCode", ownerId: "B" });
  });

  it("lets the row's marker explain everything: the row was written before", () => {
    expect(readFailure(roles, [fail({ record: outfall() }), none, fail({ owner: "A" }), none, fail()])).toEqual({ ok: false, reason: "replayed" });
  });

  it("has no outcome for a row that only fell with its transaction, or lost a transient race", () => {
    expect(readFailure(roles, [none, none, none, none, none])).toBeUndefined();
    expect(readFailure(roles, [{ Code: "TransactionConflict" }, none, none, none, none])).toBeUndefined();
  });

  it("splits a group's reasons by row", () => {
    // Prepare
    const first = planWrite(TABLE, create(outfall({ id: "A" })), NOW_S);
    const second = planWrite(TABLE, create(outfall({ id: "B", tempId: "SC-KX-0002" })), NOW_S);

    // Act
    const outcomes = readGroupFailure([first, second], [none, none, none, none, none, fail({ owner: "Z" })]);

    // Assess
    expect(outcomes).toEqual([undefined, { ok: false, reason: "duplicate", field: "tempId", ownerId: "Z" }]);
  });
});
