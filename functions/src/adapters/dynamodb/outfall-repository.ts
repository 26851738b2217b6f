import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { HistoryEntry, Outfall } from "../../domain/outfall.js";
import { type ProgressInput, progressInput } from "../../domain/progress.js";
import type {
  OutfallQuery,
  OutfallRepository,
  OutfallWrite,
  Page,
  UniqueField,
  WriteOutcome,
} from "../../ports/outfall-repository.js";
import { backoff } from "../../backoff.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { rowMarkerPut } from "./idempotency-store.js";
import { PROGRESS_SHARDS, batchGetAll, keys, progressPartition } from "./table.js";

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]>[number];

/** What each transact item of a write stands for, to read cancellation reasons back. */
type ItemRole = { kind: "record" } | { kind: "history" } | { kind: "unique"; field: UniqueField } | { kind: "release" } | { kind: "index" } | { kind: "marker" };

const creditCodes = (r: Outfall | undefined) => new Set((r?.responsibleParties ?? []).flatMap((p) => (p.creditCode ? [p.creditCode] : [])));

const UNIQUE_FIELDS: UniqueField[] = ["tempId", "nationalCode", "provincialCode"];
/** DynamoDB's limit per transaction. Rows are packed into as few transactions as fit (architecture.md §5). */
const MAX_TRANSACT_ITEMS = 100;
/** DynamoDB's limit is 4 MB per transaction; rows of large records (photos, long plans, and each row's
 *  marker holding the record again) are packed by their estimated size as well. */
const MAX_TRANSACT_BYTES = 3_000_000;
const MAX_ROUNDS = 8;

export class DynamoOutfallRepository implements OutfallRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<Outfall | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.outfall(id), ConsistentRead: true }));
    return out.Item?.record as Outfall | undefined;
  }

  async getMany(ids: string[]): Promise<Map<string, Outfall>> {
    const items = await batchGetAll(this.db, this.tableName, [...new Set(ids)].map((id) => keys.outfall(id)));
    return new Map(items.map((item) => [(item.record as Outfall).id, item.record as Outfall]));
  }

  async reserveTempSequence(shortCode: string, count: number): Promise<number> {
    const out = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.sequence(`TEMPID#${shortCode}`),
        UpdateExpression: "ADD #v :n",
        ExpressionAttributeNames: { "#v": "value" },
        ExpressionAttributeValues: { ":n": count },
        ReturnValues: "UPDATED_NEW",
      }),
    );
    return Number(out.Attributes?.value) - count + 1;
  }

  async write(writes: OutfallWrite[]): Promise<WriteOutcome[]> {
    const outcomes: (WriteOutcome | undefined)[] = writes.map(() => undefined);
    const planned = writes.map((w) => this.plan(w));
    let pending = writes.map((_, i) => i);
    for (let round = 0; pending.length && round < MAX_ROUNDS; round++) {
      await backoff(round);
      const retry: number[] = [];
      for (const group of packGroups(pending, (i) => planned[i]!)) {
        const items = group.flatMap((i) => planned[i]!.items);
        try {
          await this.db.send(new TransactWriteCommand({ TransactItems: items }));
          for (const i of group) outcomes[i] = { ok: true };
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw error;
          const reasons = error.CancellationReasons ?? [];
          let offset = 0;
          for (const i of group) {
            const plan = planned[i]!;
            const mine = reasons.slice(offset, offset + plan.items.length);
            offset += plan.items.length;
            const outcome = readFailure(plan.roles, mine);
            if (outcome) outcomes[i] = outcome;
            else retry.push(i); // cancelled only because another row in the transaction failed
          }
        }
      }
      pending = retry;
    }
    if (pending.length) throw new Error(`transactions kept being cancelled for ${pending.length} writes`);
    // A lost race can fail on the history item (same version written by the winner) before the record's
    // condition reports the current record; read it so every conflict carries the server's values.
    const missing = outcomes.flatMap((o, i) => (o && !o.ok && o.reason === "conflict" && !o.current ? [writes[i]!.record.id] : []));
    if (missing.length) {
      const current = await this.getMany(missing);
      outcomes.forEach((o, i) => {
        if (o && !o.ok && o.reason === "conflict" && !o.current) outcomes[i] = { ...o, current: current.get(writes[i]!.record.id) };
      });
    }
    return outcomes as WriteOutcome[];
  }

  async list(query: OutfallQuery): Promise<Page<Outfall>> {
    const byIndex = query.subdistrict
      ? { index: "GSI1", pk: "GSI1PK", sk: "GSI1SK", value: `SUB#${query.subdistrict}` }
      : { index: "GSI2", pk: "GSI2PK", sk: "GSI2SK", value: "OUTFALLS" };
    const names: Record<string, string> = { "#pk": byIndex.pk };
    const values: Record<string, unknown> = { ":pk": byIndex.value };
    let keyCondition = "#pk = :pk";
    if (query.updatedSince) {
      names["#sk"] = byIndex.sk;
      values[":since"] = query.updatedSince;
      keyCondition += " AND #sk >= :since";
    }
    const filters: string[] = [];
    for (const [attr, wanted] of [
      ["status", query.status],
      ["category", query.category],
    ] as const) {
      if (!wanted?.length) continue;
      names[`#${attr}`] = attr;
      filters.push(`#${attr} IN (${wanted.map((_, i) => `:${attr}${i}`).join(", ")})`);
      wanted.forEach((v, i) => (values[`:${attr}${i}`] = v));
    }
    const sub = query.subcategory;
    const subKeys = sub?.in ?? sub?.notIn;
    if (sub && subKeys) {
      names["#record"] = "record";
      names["#subcategory"] = "subcategory";
      subKeys.forEach((v, i) => (values[`:sub${i}`] = v));
      const inList = subKeys.length ? `#record.#subcategory IN (${subKeys.map((_, i) => `:sub${i}`).join(", ")})` : undefined;
      if (sub.in) filters.push(inList ?? "attribute_not_exists(#record.#subcategory) AND attribute_exists(#record.#subcategory)");
      else if (inList) filters.push(`NOT (${inList})`);
    }
    const input: QueryCommandInput = {
      TableName: this.tableName,
      IndexName: byIndex.index,
      KeyConditionExpression: keyCondition,
      FilterExpression: filters.length ? filters.join(" AND ") : undefined,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ExclusiveStartKey: decodeCursor(query.cursor, { [byIndex.pk]: byIndex.value }),
    };
    return this.collect(input, query.limit, (item) => item.record as Outfall);
  }

  async history(id: string, limit: number, cursor?: string): Promise<Page<HistoryEntry>> {
    const pk = keys.outfall(id).PK;
    return this.collect(
      {
        TableName: this.tableName,
        KeyConditionExpression: "PK = :pk AND begins_with(SK, :hist)",
        ExpressionAttributeValues: { ":pk": pk, ":hist": "HIST#" },
        ConsistentRead: true,
        ExclusiveStartKey: decodeCursor(cursor, { PK: pk }),
      },
      limit,
      (item) => item.entry as HistoryEntry,
    );
  }

  async idByTempId(tempId: string): Promise<string | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.unique("tempId", tempId) }));
    return out.Item?.owner as string | undefined;
  }

  async idsByCreditCode(codes: string[]): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>();
    await Promise.all(
      [...new Set(codes)].map(async (code) => {
        const out = await this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: "PK = :pk",
            ExpressionAttributeValues: { ":pk": `CREDIT#${code}` },
            ConsistentRead: true,
          }),
        );
        found.set(code, (out.Items ?? []).map((i) => i.outfallId as string));
      }),
    );
    return found;
  }

  async progressInputs(subdistricts: string[]): Promise<ProgressInput[]> {
    const partitions = subdistricts.flatMap((s) => Array.from({ length: PROGRESS_SHARDS }, (_, shard) => progressPartition(s, shard)));
    const out: ProgressInput[] = [];
    // A few partitions at a time: enough to overlap round trips without flooding the table.
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < partitions.length) {
          const pk = partitions[next++]!;
          let startKey: Record<string, unknown> | undefined;
          do {
            const page = await this.db.send(
              new QueryCommand({
                TableName: this.tableName,
                IndexName: "GSI3",
                KeyConditionExpression: "GSI3PK = :pk",
                ExpressionAttributeValues: { ":pk": pk },
                ProjectionExpression: "summary",
                ExclusiveStartKey: startKey,
              }),
            );
            for (const item of page.Items ?? []) out.push(item.summary as ProgressInput);
            startKey = page.LastEvaluatedKey;
          } while (startKey);
        }
      }),
    );
    return out;
  }

  async isEmpty(): Promise<boolean> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: "GSI2",
        KeyConditionExpression: "GSI2PK = :k",
        ExpressionAttributeValues: { ":k": "OUTFALLS" },
        Limit: 1,
      }),
    );
    return !out.Items?.length;
  }

  /** Pages through a query until `limit` items passed the filter (DynamoDB's Limit counts before filtering). */
  private async collect<T>(input: QueryCommandInput, limit: number, map: (item: Record<string, unknown>) => T): Promise<Page<T>> {
    const items: T[] = [];
    let startKey = input.ExclusiveStartKey;
    for (;;) {
      const out = await this.db.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey, Limit: limit - items.length }));
      items.push(...(out.Items ?? []).map(map));
      if (!out.LastEvaluatedKey) return { items };
      if (items.length >= limit) return { items, nextCursor: encodeCursor(out.LastEvaluatedKey) };
      startKey = out.LastEvaluatedKey;
    }
  }

  private plan(write: OutfallWrite): { items: TransactItem[]; roles: ItemRole[]; bytes: number } {
    const { record, history } = write;
    const items: TransactItem[] = [];
    const roles: ItemRole[] = [];
    const recordItem = outfallItem(record);
    items.push({
      Put: {
        TableName: this.tableName,
        Item: recordItem,
        ...(write.kind === "create"
          ? { ConditionExpression: "attribute_not_exists(PK)" }
          : {
              ConditionExpression: "version = :expected",
              ExpressionAttributeValues: { ":expected": write.previous.version },
            }),
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      },
    });
    roles.push({ kind: "record" });
    items.push({
      Put: {
        TableName: this.tableName,
        Item: { ...keys.history(record.id, history.version), type: "history", entry: history },
        ConditionExpression: "attribute_not_exists(PK)", // history is append-only
      },
    });
    roles.push({ kind: "history" });
    for (const field of UNIQUE_FIELDS) {
      const next = record[field];
      const before = write.kind === "update" ? write.previous[field] : undefined;
      if (next === before) continue;
      if (next) {
        items.push({
          Put: {
            TableName: this.tableName,
            Item: { ...keys.unique(field, next), type: "unique", owner: record.id },
            ConditionExpression: "attribute_not_exists(PK) OR #owner = :id",
            ExpressionAttributeNames: { "#owner": "owner" },
            ExpressionAttributeValues: { ":id": record.id },
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          },
        });
        roles.push({ kind: "unique", field });
      }
      if (before) {
        items.push({
          Delete: {
            TableName: this.tableName,
            Key: keys.unique(field, before),
            ConditionExpression: "attribute_not_exists(PK) OR #owner = :id",
            ExpressionAttributeNames: { "#owner": "owner" },
            ExpressionAttributeValues: { ":id": record.id },
          },
        });
        roles.push({ kind: "release" });
      }
    }
    const before = creditCodes(write.kind === "update" ? write.previous : undefined);
    const after = creditCodes(record);
    for (const code of after) {
      if (before.has(code)) continue;
      items.push({ Put: { TableName: this.tableName, Item: { ...keys.creditCode(code, record.id), type: "credit-code", outfallId: record.id } } });
      roles.push({ kind: "index" });
    }
    for (const code of before) {
      if (after.has(code)) continue;
      items.push({ Delete: { TableName: this.tableName, Key: keys.creditCode(code, record.id) } });
      roles.push({ kind: "index" });
    }
    if (write.marker) {
      items.push(rowMarkerPut(this.tableName, write.marker, record, Math.floor(Date.now() / 1000)));
      roles.push({ kind: "marker" });
    }
    return { items, roles, bytes: Buffer.byteLength(JSON.stringify(items)) };
  }
}

/** The stored form of a record: its keys for the table and both indexes, and the record itself. */
export function outfallItem(record: Outfall): Record<string, unknown> {
  return {
    ...keys.outfall(record.id),
    ...keys.bySubdistrict(record.subdistrict, record.updatedAt, record.id),
    ...keys.byKind("OUTFALLS", `${record.updatedAt}#${record.id}`),
    ...keys.progress(record.subdistrict, record.id),
    type: "outfall",
    version: record.version,
    status: record.status,
    category: record.category,
    record,
    summary: progressInput(record),
  };
}

type Reason = NonNullable<TransactionCanceledException["CancellationReasons"]>[number];

/** The outcome a write's cancellation reasons imply, or undefined when it only fell with its group. */
function readFailure(roles: ItemRole[], reasons: Reason[]): WriteOutcome | undefined {
  let outcome: WriteOutcome | undefined;
  reasons.forEach((reason, i) => {
    if (!reason.Code || reason.Code === "None") return;
    if (reason.Code !== "ConditionalCheckFailed") return; // TransactionConflict etc.: retried
    const role = roles[i]!;
    if (role.kind === "marker") {
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

/** Greedy packing of rows (each a few items) into transactions of at most 100 items. */
function packGroups(indices: number[], plan: (i: number) => { items: TransactItem[]; bytes: number }): number[][] {
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
