import { gunzipSync, gzipSync } from "node:zlib";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { IdempotencyClaim, IdempotencyStore } from "../../ports/idempotency-store.js";
import { keys } from "./table.js";

/** Answers are kept a day (TTL), long enough for any retry of a spreadsheet push. */
const KEEP_SECONDS = 24 * 3600;
/** A claim that was never completed (the function died) may be taken over after this long. */
const LEASE_SECONDS = 120;
/** DynamoDB items hold 400 KB; answers are stored gzipped and must fit under this. */
export const MAX_STORED_RESPONSE_BYTES = 350_000;

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
      return { state: "done", response: JSON.parse(gunzipSync(old.response as Uint8Array).toString("utf8")) };
    }
  }

  async complete(key: string, requestHash: string, response: unknown): Promise<void> {
    const body = gzipSync(JSON.stringify(response));
    if (body.length > MAX_STORED_RESPONSE_BYTES) throw new RangeError(`idempotent answer too large to keep (${body.length} bytes)`);
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.idempotency(key),
        UpdateExpression: "SET #state = :done, #response = :r",
        ConditionExpression: "requestHash = :h",
        ExpressionAttributeNames: { "#state": "state", "#response": "response" },
        ExpressionAttributeValues: { ":done": "done", ":r": body, ":h": requestHash },
      }),
    );
  }

  async release(key: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.idempotency(key) }));
  }
}
