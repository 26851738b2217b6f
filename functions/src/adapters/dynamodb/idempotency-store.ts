import { gunzipSync, gzipSync } from "node:zlib";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { IdempotencyClaim, IdempotencyStore } from "../../ports/idempotency-store.js";
import { batchGetAll, keys } from "./table.js";

/** Answers are kept a day (TTL), long enough for any retry of a spreadsheet push. */
const KEEP_SECONDS = 24 * 3600;
/** A claim that was never completed (the function died) may be taken over after this long. */
const LEASE_SECONDS = 120;
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
          Item: { ...keys.idempotency(key), type: "idempotency", state: "in-progress", requestHash, leaseUntil: nowS + LEASE_SECONDS, expiresAt: nowS + KEEP_SECONDS },
          ConditionExpression: "attribute_not_exists(PK) OR (#state = :progress AND leaseUntil < :now) OR expiresAt < :now",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: { ":progress": "in-progress", ":now": nowS },
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      );
      return { state: "new" };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException) || !error.Item) throw error;
      const old = unmarshall(error.Item);
      if (old.requestHash !== requestHash) return { state: "mismatch" };
      if (old.state !== "done") return { state: "in-progress" };
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

  async release(key: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.idempotency(key) }));
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
