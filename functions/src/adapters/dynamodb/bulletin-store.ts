// Bulletins (调度通报) on the single table: `BULLETIN#<id>` items (gzipped body and a summary), the open-draft
// pointer `BULLETIN#DRAFT`, and the district's issue counter `SEQ#BULLETIN`, advanced only in the issuing
// transaction (conditional on its previous value), so 第 N 期 is allocated exactly once and never skipped.
import { gunzipSync, gzipSync } from "node:zlib";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { type Bulletin, type BulletinSummary, summaryOf } from "../../domain/bulletin-issue.js";
import type { BulletinStore, BulletinWriteRefusal, StoredBulletin } from "../../ports/bulletins.js";
import type { Delivery } from "../../ports/digests.js";
import type { Page } from "../../ports/outfall-repository.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { keys } from "./table.js";

const COUNTER = /* @__PURE__ */ keys.sequence("BULLETIN");
/** Concurrent issues of different drafts race for the counter; the loser reads it again. */
const ISSUE_ATTEMPTS = 8;

const failedAt = (error: unknown, index: number) =>
  error instanceof TransactionCanceledException && error.CancellationReasons?.[index]?.Code === "ConditionalCheckFailed";
/** Two transactions on the same items at once (a double click): the loser is cancelled and tries again. */
const collided = (error: unknown) =>
  error instanceof TransactionCanceledException && (error.CancellationReasons ?? []).some((r) => r.Code === "TransactionConflict");

export class DynamoBulletinStore implements BulletinStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private item({ deliveries: _kept, ...b }: StoredBulletin) {
    return {
      ...keys.bulletin(b.id),
      ...keys.byKind("BULLETINS", `${b.createdAt}#${b.id}`),
      type: "bulletin",
      status: b.status,
      version: b.version,
      summary: summaryOf(b),
      body: gzipSync(JSON.stringify(b)),
    };
  }

  async openDraftId(): Promise<string | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.bulletinDraft(), ConsistentRead: true }));
    return (out.Item?.draftId as string | undefined) || undefined;
  }

  async createDraft(draft: Bulletin): Promise<{ bulletin: Bulletin; created: boolean }> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: this.item(draft), ConditionExpression: "attribute_not_exists(PK)" } },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.bulletinDraft(), type: "bulletin-draft", draftId: draft.id },
                ConditionExpression: "attribute_not_exists(PK) OR draftId = :none",
                ExpressionAttributeValues: { ":none": "" },
              },
            },
          ],
        }),
      );
      return { bulletin: draft, created: true };
    } catch (error) {
      if (!failedAt(error, 1)) throw error;
      const open = await this.openDraftId();
      const current = open ? await this.get(open) : undefined;
      if (!current) throw error;
      return { bulletin: current, created: false };
    }
  }

  async get(id: string): Promise<StoredBulletin | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.bulletin(id), ConsistentRead: true }));
    if (out.Item?.type !== "bulletin") return undefined;
    const bulletin = JSON.parse(gunzipSync(out.Item.body as Uint8Array).toString("utf8")) as Bulletin;
    return out.Item.deliveries ? { ...bulletin, deliveries: out.Item.deliveries as Delivery[] } : bulletin;
  }

  async recordDeliveries(id: string, deliveries: Delivery[]): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.bulletin(id),
        UpdateExpression: "SET deliveries = :d",
        ConditionExpression: "#s = :issued",
        ExpressionAttributeNames: { "#s": "status" },
        ExpressionAttributeValues: { ":d": deliveries, ":issued": "issued" },
      }),
    );
  }

  async list(limit: number, cursor: string | undefined, issuedOnly: boolean): Promise<Page<BulletinSummary>> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: "GSI2",
        KeyConditionExpression: "GSI2PK = :k",
        ...(issuedOnly ? { FilterExpression: "#s = :issued", ExpressionAttributeNames: { "#s": "status" } } : {}),
        ExpressionAttributeValues: { ":k": "BULLETINS", ...(issuedOnly ? { ":issued": "issued" } : {}) },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor, { GSI2PK: "BULLETINS" }),
      }),
    );
    return {
      items: (out.Items ?? []).map((i) => i.summary as BulletinSummary),
      ...(out.LastEvaluatedKey ? { nextCursor: encodeCursor(out.LastEvaluatedKey) } : {}),
    };
  }

  /** A Put of `b` over the draft stored at `version` (refused once that draft changed or was issued). */
  private overDraft(b: Bulletin, version: number) {
    return {
      Put: {
        TableName: this.tableName,
        Item: this.item(b),
        ConditionExpression: "#s = :draft AND version = :v",
        ExpressionAttributeNames: { "#s": "status" },
        ExpressionAttributeValues: { ":draft": "draft", ":v": version },
      },
    };
  }

  /** The bulletin as stored now, as the reason a conditional write was refused. */
  private async refusal(id: string): Promise<BulletinWriteRefusal> {
    const current = (await this.get(id))!;
    return { refused: current.status === "issued" ? "issued" : "version", current };
  }

  async saveDraft(next: Bulletin): Promise<Bulletin | BulletinWriteRefusal> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            this.overDraft(next, next.version - 1),
          ],
        }),
      );
      return next;
    } catch (error) {
      if (!failedAt(error, 0)) throw error;
      return this.refusal(next.id);
    }
  }

  async issue(draft: Bulletin, issue: (number: number) => Bulletin): Promise<Bulletin | BulletinWriteRefusal> {
    for (let attempt = 0; attempt < ISSUE_ATTEMPTS; attempt++) {
      const counter = await this.db.send(new GetCommand({ TableName: this.tableName, Key: COUNTER, ConsistentRead: true }));
      const last = counter.Item ? Number(counter.Item.value) : 0;
      const issued = issue(last + 1);
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.tableName,
                  Key: COUNTER,
                  UpdateExpression: "SET #v = :n",
                  ConditionExpression: counter.Item ? "#v = :last" : "attribute_not_exists(PK)",
                  ExpressionAttributeNames: { "#v": "value" },
                  ExpressionAttributeValues: { ":n": last + 1, ...(counter.Item ? { ":last": last } : {}) },
                },
              },
              this.overDraft(issued, draft.version),
              {
                Put: {
                  TableName: this.tableName,
                  Item: { ...keys.bulletinDraft(), type: "bulletin-draft", draftId: "" },
                  ConditionExpression: "draftId = :id",
                  ExpressionAttributeValues: { ":id": draft.id },
                },
              },
            ],
          }),
        );
        return issued;
      } catch (error) {
        if (failedAt(error, 1)) {
          const refusal = await this.refusal(draft.id);
          // Issued meanwhile (a retried or concurrent issue of this draft): the stored one is the answer.
          return refusal.refused === "issued" ? refusal.current : refusal;
        }
        if (!failedAt(error, 0) && !collided(error)) throw error;
        // Another bulletin took the number, or this one was being issued at the same moment: read again.
      }
    }
    throw new Error(`bulletin ${draft.id}: the issue counter kept moving (${ISSUE_ATTEMPTS} attempts)`);
  }
}
