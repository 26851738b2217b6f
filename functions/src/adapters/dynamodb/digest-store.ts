import { gunzipSync, gzipSync } from "node:zlib";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { subdistrictFigures } from "../../domain/digest-view.js";
import type { Page } from "../../ports/outfall-repository.js";
import type { Delivery, Digest, DigestStore, DigestSummary } from "../../ports/digests.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { keys } from "./table.js";

/** A digest holds its overdue list; gzipped it stays far below DynamoDB's 400 KB for a district, and the
 *  list is cut (the archive in S3 keeps it whole) if it would not. */
const MAX_BODY_BYTES = 300_000;

function summary(d: Digest): DigestSummary {
  const g = d.progress.district;
  return {
    id: d.id,
    trigger: d.trigger,
    createdBy: d.createdBy,
    deliveries: d.deliveries,
    asOf: d.progress.asOf,
    total: g.total,
    done: g.done,
    donePct: g.donePct,
    overdue: g.overdue,
    bySubdistrict: subdistrictFigures(d.progress),
  };
}

export class DynamoDigestStore implements DigestStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(digest: Digest): Promise<boolean> {
    let body = gzipSync(JSON.stringify(digest));
    if (body.length > MAX_BODY_BYTES) {
      const cut = { ...digest, progress: { ...digest.progress, overdueList: digest.progress.overdueList.slice(0, 500), overdueListTruncated: true } };
      body = gzipSync(JSON.stringify(cut));
      // A province-sized digest: its map points go too (the archived page in S3 keeps the map).
      if (body.length > MAX_BODY_BYTES) body = gzipSync(JSON.stringify({ ...cut, progress: { ...cut.progress, map: undefined } }));
    }
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.digest(digest.id), ...keys.byKind("DIGESTS", `${digest.progress.asOf}#${digest.id}`), type: "digest", summary: summary(digest), body },
          ConditionExpression: "attribute_not_exists(PK)",
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async get(id: string): Promise<Digest | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.digest(id), ConsistentRead: true }));
    if (!out.Item) return undefined;
    const digest = JSON.parse(gunzipSync(out.Item.body as Uint8Array).toString("utf8")) as Digest;
    return { ...digest, deliveries: (out.Item.summary as DigestSummary).deliveries };
  }

  async latest(): Promise<Digest | undefined> {
    const page = await this.list(1);
    return page.items[0] ? this.get(page.items[0].id) : undefined;
  }

  async list(limit: number, cursor?: string): Promise<Page<DigestSummary>> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: "GSI2",
        KeyConditionExpression: "GSI2PK = :k",
        ExpressionAttributeValues: { ":k": "DIGESTS" },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor, { GSI2PK: "DIGESTS" }),
      }),
    );
    return {
      items: (out.Items ?? []).map((i) => i.summary as DigestSummary),
      ...(out.LastEvaluatedKey ? { nextCursor: encodeCursor(out.LastEvaluatedKey) } : {}),
    };
  }

  async recordDeliveries(id: string, deliveries: Delivery[]): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.digest(id),
        UpdateExpression: "SET #s.deliveries = :d",
        ConditionExpression: "attribute_exists(PK)",
        ExpressionAttributeNames: { "#s": "summary" },
        ExpressionAttributeValues: { ":d": deliveries },
      }),
    );
  }
}
