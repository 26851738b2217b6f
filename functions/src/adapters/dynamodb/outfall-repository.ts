// The outfall repository on the single table: reads, paged lists, and atomic writes planned by write-plan.ts.
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { HistoryEntry, Outfall } from "../../domain/outfall.js";
import type { ProgressInput } from "../../domain/progress.js";
import type { Attachment, OutfallQuery, OutfallRepository, OutfallWrite, Page, WriteOutcome } from "../../ports/outfall-repository.js";
import { backoff } from "../../backoff.js";
import { decodeCursor, decodeShardCursor, encodeCursor, encodeShardCursor } from "./cursor.js";
import { DISTRICT_LIST_PARTITIONS, PROGRESS_SHARDS, batchGetAll, itemReader, keys, progressPartition, queryAll, settleAll, subdistrictListPartitions } from "./table.js";
import { packGroups, planWrite, readGroupFailure } from "./write-plan.js";

const MAX_ROUNDS = 8;
/** Partitions an incremental pull reads side by side (list()). */
const PULL_LOOKAHEAD = 8;
/** Transactions of one batch in flight at once: a 500-row create is ~15 of them. */
const TRANSACTION_CONCURRENCY = 8;

export class DynamoOutfallRepository implements OutfallRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<Outfall | undefined> {
    const item = await itemReader(this.db, this.tableName).get(keys.outfall(id));
    return item?.record as Outfall | undefined;
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
    const nowS = Math.floor(Date.now() / 1000);
    const planned = writes.map((w) => planWrite(this.tableName, w, nowS));
    let pending = writes.map((_, i) => i);
    for (let round = 0; pending.length && round < MAX_ROUNDS; round++) {
      await backoff(round);
      const retry: number[] = [];
      // Groups touch disjoint items (a batch's duplicate codes were refused before), so they run side by
      // side; every one is awaited before a failure propagates, so no write lands after the answer.
      await settleAll(
        packGroups(pending, (i) => planned[i]!),
        async (group) => {
          const items = group.flatMap((i) => planned[i]!.items);
          try {
            await this.db.send(new TransactWriteCommand({ TransactItems: items }));
            for (const i of group) outcomes[i] = { ok: true };
          } catch (error) {
            if (!(error instanceof TransactionCanceledException)) throw error;
            const failures = readGroupFailure(
              group.map((i) => planned[i]!),
              error.CancellationReasons ?? [],
            );
            group.forEach((i, k) => {
              const outcome = failures[k];
              if (outcome) outcomes[i] = outcome;
              else retry.push(i); // cancelled only because another row in the transaction failed
            });
          }
        },
        TRANSACTION_CONCURRENCY,
      );
      pending = retry.sort((a, b) => a - b);
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
    const index = query.subdistrict ? { name: "GSI1", pk: "GSI1PK", sk: "GSI1SK" } : { name: "GSI2", pk: "GSI2PK", sk: "GSI2SK" };
    const names: Record<string, string> = { "#pk": index.pk };
    const values: Record<string, unknown> = {};
    let keyCondition = "#pk = :pk";
    if (query.updatedSince) {
      names["#sk"] = index.sk;
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
    const partitionQuery = (partition: string, startKey: Record<string, unknown> | undefined): QueryCommandInput => ({
      TableName: this.tableName,
      IndexName: index.name,
      KeyConditionExpression: keyCondition,
      FilterExpression: filters.length ? filters.join(" AND ") : undefined,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ...values, ":pk": partition },
      ExclusiveStartKey: startKey,
    });
    const record = (item: Record<string, unknown>) => item.record as Outfall;
    // Both lists are spread over several partitions (table.ts), taken one after another, each in update
    // order; the cursor names the partition it stopped in. An incremental pull (updatedSince) finds few
    // records in most partitions, so it reads up to PULL_LOOKAHEAD of them side by side (one round trip
    // instead of 17 for a clerk's "pull changes"); a read that could not be taken whole once the page filled
    // up is read again with the exact room left. A full list reads one partition at a time: reading ahead
    // there would fetch whole pages only to drop them.
    const partitions = query.subdistrict ? subdistrictListPartitions(query.subdistrict) : DISTRICT_LIST_PARTITIONS;
    const start = decodeShardCursor(query.cursor, partitions, index.pk);
    const lookahead = query.updatedSince ? PULL_LOOKAHEAD : 1;
    const items: Outfall[] = [];
    const read = (shard: number, limit: number) => {
      const page = this.collect(partitionQuery(partitions[shard]!, shard === start.shard ? start.key : undefined), limit, record);
      page.catch(() => undefined); // a read ahead may fail before its turn: its error surfaces when it is taken
      return { limit, page };
    };
    const reads = new Map<number, ReturnType<typeof read>>();
    try {
      for (let shard = start.shard; shard < partitions.length; shard++) {
        for (let later = shard; later < Math.min(partitions.length, shard + lookahead); later++) if (!reads.has(later)) reads.set(later, read(later, query.limit - items.length));
        const ahead = reads.get(shard)!;
        reads.delete(shard);
        const room = query.limit - items.length;
        let page = await ahead.page;
        // Read with more room than is left now: it fits only if it came back whole and small enough.
        if (ahead.limit > room && (page.lastKey || page.items.length > room)) page = await read(shard, room).page;
        items.push(...page.items);
        if (page.lastKey) return { items, nextCursor: encodeShardCursor(shard, page.lastKey) };
        const next = shard + 1;
        if (items.length >= query.limit) return { items, ...(next < partitions.length ? { nextCursor: encodeShardCursor(next) } : {}) };
      }
      return { items };
    } finally {
      // Reads ahead that the page did not need: settle them, so none fails unobserved after the answer.
      await Promise.allSettled([...reads.values()].map((r) => r.page));
    }
  }

  async history(id: string, limit: number, cursor?: string): Promise<Page<HistoryEntry>> {
    const pk = keys.outfall(id).PK;
    return this.collectPage(
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

  async attachments(id: string, kind: Attachment["kind"], limit: number, cursor?: string): Promise<Page<Record<string, unknown>>> {
    const pk = keys.outfall(id).PK;
    return this.collectPage(
      {
        TableName: this.tableName,
        KeyConditionExpression: "PK = :pk AND begins_with(SK, :kind)",
        ExpressionAttributeValues: { ":pk": pk, ":kind": kind },
        ConsistentRead: true,
        ExclusiveStartKey: decodeCursor(cursor, { PK: pk }),
      },
      limit,
      (item) => item.body as Record<string, unknown>,
    );
  }

  async attachment(id: string, kind: Attachment["kind"], attachmentId: string): Promise<Record<string, unknown> | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.attachment(id, kind, attachmentId), ConsistentRead: true }));
    return out.Item?.body as Record<string, unknown> | undefined;
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
          const items = await queryAll(this.db, {
            TableName: this.tableName,
            IndexName: "GSI3",
            KeyConditionExpression: "GSI3PK = :pk",
            ExpressionAttributeValues: { ":pk": pk },
            ProjectionExpression: "summary",
          });
          for (const item of items) out.push(item.summary as ProgressInput);
        }
      }),
    );
    return out;
  }

  async isEmpty(): Promise<boolean> {
    const found = await Promise.all(
      DISTRICT_LIST_PARTITIONS.map(async (partition) => {
        const out = await this.db.send(
          new QueryCommand({ TableName: this.tableName, IndexName: "GSI2", KeyConditionExpression: "GSI2PK = :k", ExpressionAttributeValues: { ":k": partition }, Limit: 1 }),
        );
        return Boolean(out.Items?.length);
      }),
    );
    return !found.includes(true);
  }

  /** Pages through a query until `limit` items passed the filter (DynamoDB's Limit counts before filtering);
   *  `lastKey` is where the next page starts, if the partition has more. */
  private async collect<T>(input: QueryCommandInput, limit: number, map: (item: Record<string, unknown>) => T): Promise<{ items: T[]; lastKey?: Record<string, unknown> }> {
    const items: T[] = [];
    let startKey = input.ExclusiveStartKey;
    for (;;) {
      const out = await this.db.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey, Limit: limit - items.length }));
      items.push(...(out.Items ?? []).map(map));
      if (!out.LastEvaluatedKey) return { items };
      if (items.length >= limit) return { items, lastKey: out.LastEvaluatedKey };
      startKey = out.LastEvaluatedKey;
    }
  }

  private async collectPage<T>(input: QueryCommandInput, limit: number, map: (item: Record<string, unknown>) => T): Promise<Page<T>> {
    const page = await this.collect(input, limit, map);
    return { items: page.items, ...(page.lastKey ? { nextCursor: encodeCursor(page.lastKey) } : {}) };
  }
}
