// Supervision files (draws, tasks, cases, spot checks) in the single table: `<KIND>#<id>` / `#DOC` holds
// the document (gzipped: a draw's frozen population can be large) with its version, `EVENT#<seq>` the
// append-only events, written in one transaction with the document, never updated or deleted.
import { gunzipSync, gzipSync } from "node:zlib";
import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { Page } from "../../ports/outfall-repository.js";
import type { SupervisionDoc, SupervisionEvent, SupervisionKind, SupervisionStore } from "../../ports/supervision-store.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { keys, queryAll } from "./table.js";

const KIND_PREFIX: Record<SupervisionKind, "DRAW" | "TASK" | "CASE" | "SPOTCHECK"> = { draw: "DRAW", task: "TASK", case: "CASE", spotcheck: "SPOTCHECK" };

export class DynamoSupervisionStore implements SupervisionStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private items(kind: SupervisionKind, doc: SupervisionDoc, event: SupervisionEvent) {
    const prefix = KIND_PREFIX[kind];
    return {
      doc: {
        ...keys.supervision(prefix, doc.id),
        ...keys.byKind(`${prefix}S`, `${doc.createdAt}#${doc.id}`),
        type: kind,
        version: doc.version,
        body: gzipSync(JSON.stringify(doc)),
      },
      event: { ...keys.supervisionEvent(prefix, doc.id, event.seq), type: `${kind}-event`, event },
    };
  }

  async create(kind: SupervisionKind, doc: SupervisionDoc, event: SupervisionEvent): Promise<boolean> {
    const items = this.items(kind, doc, event);
    return this.transact([
      { Put: { TableName: this.tableName, Item: items.doc, ConditionExpression: "attribute_not_exists(PK)" } },
      { Put: { TableName: this.tableName, Item: items.event, ConditionExpression: "attribute_not_exists(PK)" } },
    ]);
  }

  async append(kind: SupervisionKind, doc: SupervisionDoc, event: SupervisionEvent): Promise<boolean> {
    const items = this.items(kind, doc, event);
    return this.transact([
      { Put: { TableName: this.tableName, Item: items.doc, ConditionExpression: "version = :v", ExpressionAttributeValues: { ":v": doc.version - 1 } } },
      { Put: { TableName: this.tableName, Item: items.event, ConditionExpression: "attribute_not_exists(PK)" } },
    ]);
  }

  private async transact(TransactItems: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]>): Promise<boolean> {
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems }));
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException || error instanceof ConditionalCheckFailedException) {
        const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
        if (!reasons.length || reasons.some((r) => r.Code === "ConditionalCheckFailed")) return false;
      }
      throw error;
    }
  }

  async get(kind: SupervisionKind, id: string): Promise<SupervisionDoc | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.supervision(KIND_PREFIX[kind], id), ConsistentRead: true }));
    return out.Item ? (JSON.parse(gunzipSync(out.Item.body as Uint8Array).toString("utf8")) as SupervisionDoc) : undefined;
  }

  async events(kind: SupervisionKind, id: string): Promise<SupervisionEvent[]> {
    const pk = keys.supervision(KIND_PREFIX[kind], id).PK;
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: "PK = :pk AND begins_with(SK, :e)",
      ExpressionAttributeValues: { ":pk": pk, ":e": "EVENT#" },
      ConsistentRead: true,
    });
    return items.map((i) => i.event as SupervisionEvent);
  }

  async list(kind: SupervisionKind, limit: number, cursor?: string): Promise<Page<SupervisionDoc>> {
    const gsi = `${KIND_PREFIX[kind]}S`;
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: "GSI2",
        KeyConditionExpression: "GSI2PK = :k",
        ExpressionAttributeValues: { ":k": gsi },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor, { GSI2PK: gsi }),
      }),
    );
    return {
      items: (out.Items ?? []).map((i) => JSON.parse(gunzipSync(i.body as Uint8Array).toString("utf8")) as SupervisionDoc),
      ...(out.LastEvaluatedKey ? { nextCursor: encodeCursor(out.LastEvaluatedKey) } : {}),
    };
  }
}
