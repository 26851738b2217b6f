import { gunzipSync, gzipSync } from "node:zlib";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { Outfall } from "../../domain/outfall.js";
import type { IdempotencyClaim, IdempotencyStore, RowMarker, RowMarkerRef } from "../../ports/idempotency-store.js";
import { batchGetAll, keys, queryAll } from "./table.js";

/** Answers and row markers are kept a day (TTL), long enough for any retry of a spreadsheet push. */
export const KEEP_SECONDS = 24 * 3600;
/** DynamoDB items hold 400 KB: a gzipped answer is stored in parts of this size (a 500-row answer with
 *  every row in conflict is a few parts; the transaction limit of 100 items is never near). */
export const PART_BYTES = 350_000;

const partKey = (key: string, n: number) => ({ PK: keys.idempotency(key).PK, SK: `#PART#${n}` });

export class DynamoIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async claim(key: string, requestHash: string): Promise<IdempotencyClaim> {
    const nowS = Math.floor(this.now().getTime() / 1000);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.idempotency(key), type: "idempotency", state: "in-progress", requestHash, expiresAt: nowS + KEEP_SECONDS },
          // Taken over only once expired (TTL deletes lazily); an unfinished attempt is resumed, never
          // restarted: its row markers say which rows it wrote.
          ConditionExpression: "attribute_not_exists(PK) OR expiresAt < :now",
          ExpressionAttributeValues: { ":now": nowS },
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      );
      return { state: "new" };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException) || !error.Item) throw error;
      const old = unmarshall(error.Item);
      if (old.requestHash !== requestHash) return { state: "mismatch" };
      if (old.state !== "done") return { state: "resume" };
      return { state: "done", response: JSON.parse(gunzipSync(await this.readParts(key, Number(old.parts))).toString("utf8")) };
    }
  }

  async complete(key: string, requestHash: string, response: unknown): Promise<void> {
    const body = gzipSync(JSON.stringify(response));
    const parts: Buffer[] = [];
    for (let i = 0; i < body.length; i += PART_BYTES) parts.push(body.subarray(i, i + PART_BYTES));
    const expiresAt = Math.floor(this.now().getTime() / 1000) + KEEP_SECONDS;
    // The parts and the switch to "done" land together: a retry sees the whole answer or none of it.
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          ...parts.map((data, n) => ({ Put: { TableName: this.tableName, Item: { ...partKey(key, n), type: "idempotency-part", data, expiresAt } } })),
          {
            Update: {
              TableName: this.tableName,
              Key: keys.idempotency(key),
              UpdateExpression: "SET #state = :done, parts = :parts",
              ConditionExpression: "requestHash = :h",
              ExpressionAttributeNames: { "#state": "state" },
              ExpressionAttributeValues: { ":done": "done", ":parts": parts.length, ":h": requestHash },
            },
          },
        ],
      }),
    );
  }

  async rowMarkers(key: string, requestHash: string): Promise<Map<number, RowMarker>> {
    const found = new Map<number, RowMarker>();
    // Markers are spread over a few partitions (markerPartition); markers written before that sit beside the
    // claim, under the key's own partition, and carry the whole record.
    const partitions = [keys.idempotency(key).PK, ...Array.from({ length: MARKER_PARTITIONS }, (_, n) => markerPartition(key, n))];
    const pages = await Promise.all(
      partitions.map((pk) =>
        queryAll(this.db, {
          TableName: this.tableName,
          KeyConditionExpression: "PK = :pk AND begins_with(SK, :row)",
          ExpressionAttributeValues: { ":pk": pk, ":row": ROW_PREFIX },
          ConsistentRead: true,
        }),
      ),
    );
    for (const item of pages.flat()) {
      // A marker of an expired earlier use of the same key (not yet swept by TTL) is not this request's.
      if (item.requestHash !== requestHash) continue;
      const id = (item.outfallId ?? (item.record as Outfall | undefined)?.id) as string;
      found.set(Number(item.index), { index: Number(item.index), id });
    }
    return found;
  }

  private async readParts(key: string, count: number): Promise<Buffer> {
    const wanted = Array.from({ length: count }, (_, n) => partKey(key, n));
    const items = await batchGetAll(this.db, this.tableName, wanted);
    const found = new Map(items.map((item) => [item.SK as string, item.data as Uint8Array]));
    const parts = wanted.map((k) => found.get(k.SK));
    if (parts.some((p) => !p)) throw new Error(`stored answer for ${key} is incomplete`);
    return Buffer.concat(parts as Uint8Array[]);
  }
}

const ROW_PREFIX = "#ROW#";
/** A 500-row request writes 500 markers within a second or two: spread, so that no partition key takes more
 *  than a share of them (a single key takes at most 1,000 write units a second). */
export const MARKER_PARTITIONS = 8;
const markerPartition = (key: string, n: number) => `${keys.idempotency(key).PK}#ROWS#${n}`;

/** The marker item of one written row, put in the same transaction as the row's record and history:
 *  a row's write and its marker land together or not at all. Its condition makes a second write of the
 *  same row (a retry racing an attempt still running) fail instead of writing twice. It names the record
 *  and no more (~200 bytes: one write unit); a resumed request reads the records it names. */
export function rowMarkerPut(tableName: string, ref: RowMarkerRef, record: Pick<Outfall, "id">, nowS: number) {
  return {
    Put: {
      TableName: tableName,
      Item: {
        PK: markerPartition(ref.key, ref.index % MARKER_PARTITIONS),
        SK: `${ROW_PREFIX}${String(ref.index).padStart(5, "0")}`,
        type: "idempotency-row",
        requestHash: ref.requestHash,
        index: ref.index,
        outfallId: record.id,
        expiresAt: nowS + KEEP_SECONDS,
      },
      ConditionExpression: "attribute_not_exists(PK) OR requestHash <> :h",
      ExpressionAttributeValues: { ":h": ref.requestHash },
    },
  };
}
