// Write planning for the outfall repository, pure (no I/O): each OutfallWrite becomes the transact items
// that land it atomically (record, history entry, unique-code claims and releases, credit-code index,
// the batch row's marker), rows are packed into as few transactions as DynamoDB's limits allow, and a
// cancelled transaction's reasons are read back into each row's outcome. test/unit/write-plan.test.ts.
import type { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import type { TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { Outfall } from "../../domain/outfall.js";
import { progressInput } from "../../domain/progress.js";
import type { OutfallWrite, UniqueField, WriteOutcome } from "../../ports/outfall-repository.js";
import { rowMarkerPut } from "./idempotency-store.js";
import { keys } from "./table.js";

export type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/** What each transact item of a write stands for, to read cancellation reasons back. */
export type ItemRole = { kind: "record" } | { kind: "history" } | { kind: "unique"; field: UniqueField } | { kind: "release" } | { kind: "index" } | { kind: "marker" } | { kind: "attachment" };

export interface WritePlan {
  items: TransactItem[];
  /** roles[i] is what items[i] stands for. */
  roles: ItemRole[];
  /** Estimated size of the items (JSON), for packing. */
  bytes: number;
}

export type CancellationReason = NonNullable<TransactionCanceledException["CancellationReasons"]>[number];

const creditCodes = (r: Outfall | undefined) => new Set((r?.responsibleParties ?? []).flatMap((p) => (p.creditCode ? [p.creditCode] : [])));

const UNIQUE_FIELDS: UniqueField[] = ["tempId", "nationalCode", "provincialCode"];
/** DynamoDB's limit per transaction. Rows are packed into as few transactions as fit (architecture.md §5). */
export const MAX_TRANSACT_ITEMS = 100;
/** DynamoDB's limit is 4 MB per transaction; rows of large records (photos, long plans) are packed by their
 *  estimated size as well. */
export const MAX_TRANSACT_BYTES = 3_000_000;

/** The stored form of a record: its keys for the table and both indexes, and the record itself. */
export function outfallItem(record: Outfall): Record<string, unknown> {
  return {
    ...keys.outfall(record.id),
    ...keys.bySubdistrict(record.subdistrict, record.updatedAt, record.id),
    ...keys.district(record.id, record.updatedAt),
    ...keys.progress(record.subdistrict, record.id),
    type: "outfall",
    version: record.version,
    status: record.status,
    category: record.category,
    record,
    summary: progressInput(record),
  };
}

/** The transact items that land one write, conditional on what it was based on. */
export function planWrite(tableName: string, write: OutfallWrite, nowS: number): WritePlan {
  const { record, history } = write;
  const items: TransactItem[] = [];
  const roles: ItemRole[] = [];
  const add = (item: TransactItem, role: ItemRole) => {
    items.push(item);
    roles.push(role);
  };
  add(
    {
      Put: {
        TableName: tableName,
        Item: outfallItem(record),
        ...(write.kind === "create"
          ? { ConditionExpression: "attribute_not_exists(PK)" }
          : {
              ConditionExpression: "version = :expected",
              ExpressionAttributeValues: { ":expected": write.previous.version },
            }),
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      },
    },
    { kind: "record" },
  );
  add(
    {
      Put: {
        TableName: tableName,
        Item: { ...keys.history(record.id, history.version), type: "history", entry: history },
        ConditionExpression: "attribute_not_exists(PK)", // history is append-only
      },
    },
    { kind: "history" },
  );
  for (const field of UNIQUE_FIELDS) {
    const next = record[field];
    const before = write.kind === "update" ? write.previous[field] : undefined;
    if (next === before) continue;
    const owned = { ExpressionAttributeNames: { "#owner": "owner" }, ExpressionAttributeValues: { ":id": record.id } };
    if (next) {
      add(
        {
          Put: {
            TableName: tableName,
            Item: { ...keys.unique(field, next), type: "unique", owner: record.id },
            ConditionExpression: "attribute_not_exists(PK) OR #owner = :id",
            ...owned,
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          },
        },
        { kind: "unique", field },
      );
    }
    if (before) {
      add({ Delete: { TableName: tableName, Key: keys.unique(field, before), ConditionExpression: "attribute_not_exists(PK) OR #owner = :id", ...owned } }, { kind: "release" });
    }
  }
  const before = creditCodes(write.kind === "update" ? write.previous : undefined);
  const after = creditCodes(record);
  for (const code of after) {
    if (before.has(code)) continue;
    add({ Put: { TableName: tableName, Item: { ...keys.creditCode(code, record.id), type: "credit-code", outfallId: record.id } } }, { kind: "index" });
  }
  for (const code of before) {
    if (after.has(code)) continue;
    add({ Delete: { TableName: tableName, Key: keys.creditCode(code, record.id) } }, { kind: "index" });
  }
  if (write.marker) add(rowMarkerPut(tableName, write.marker, record, nowS), { kind: "marker" });
  if (write.attachment) {
    const a = write.attachment;
    add(
      { Put: { TableName: tableName, Item: { ...keys.attachment(record.id, a.kind, a.id), type: a.kind.slice(0, -1).toLowerCase(), body: a.body }, ConditionExpression: "attribute_not_exists(PK)" } },
      { kind: "attachment" },
    );
  }
  return { items, roles, bytes: Buffer.byteLength(JSON.stringify(items)) };
}

/** Greedy packing of rows (each a few items) into transactions of at most 100 items and ~3 MB. */
export function packGroups(indices: number[], plan: (i: number) => Pick<WritePlan, "items" | "bytes">): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  let used = 0;
  let bytes = 0;
  for (const i of indices) {
    const { items, bytes: b } = plan(i);
    if ((used + items.length > MAX_TRANSACT_ITEMS || bytes + b > MAX_TRANSACT_BYTES) && current.length) {
      groups.push(current);
      current = [];
      used = 0;
      bytes = 0;
    }
    current.push(i);
    used += items.length;
    bytes += b;
  }
  if (current.length) groups.push(current);
  return groups;
}

/** The outcome a write's cancellation reasons imply, or undefined when it only fell with its group. */
export function readFailure(roles: ItemRole[], reasons: CancellationReason[]): WriteOutcome | undefined {
  let outcome: WriteOutcome | undefined;
  reasons.forEach((reason, i) => {
    if (!reason.Code || reason.Code === "None") return;
    if (reason.Code !== "ConditionalCheckFailed") return; // TransactionConflict etc.: retried
    const role = roles[i]!;
    if (role.kind === "marker" || role.kind === "attachment") {
      outcome = { ok: false, reason: "replayed" };
      return;
    }
    if (outcome?.ok === false && outcome.reason === "replayed") return; // the marker explains everything
    const old = reason.Item ? unmarshall(reason.Item) : undefined;
    if (role.kind === "record" || role.kind === "history") {
      outcome = { ok: false, reason: "conflict", current: old?.record as Outfall | undefined };
    } else if (role.kind === "unique" && outcome?.ok !== false) {
      outcome = { ok: false, reason: "duplicate", field: role.field, ownerId: old?.owner as string | undefined };
    }
  });
  return outcome;
}

/** Splits a cancelled group's reasons by row: each row's outcome, or undefined to retry it. */
export function readGroupFailure(plans: readonly WritePlan[], reasons: CancellationReason[]): (WriteOutcome | undefined)[] {
  let offset = 0;
  return plans.map((plan) => {
    const mine = reasons.slice(offset, offset + plan.items.length);
    offset += plan.items.length;
    return readFailure(plan.roles, mine);
  });
}
