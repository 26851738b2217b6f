import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, PutCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { AuditEntry, AuditLog } from "../../ports/audit.js";
import type { Directory, UserEntry } from "../../ports/directory.js";
import { itemReader, keys, queryAll } from "./table.js";

export class DynamoDirectory implements Directory {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(email: string): Promise<UserEntry | undefined> {
    // Consistent: a user switched off or given another role is seen so at the next request.
    const item = await itemReader(this.db, this.tableName).get(keys.user(email));
    return item?.user as UserEntry | undefined;
  }

  async list(): Promise<UserEntry[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: "GSI2",
      KeyConditionExpression: "GSI2PK = :k",
      ExpressionAttributeValues: { ":k": "USERS" },
    });
    return items.map((i) => i.user as UserEntry);
  }

  async put(user: UserEntry, expectedVersion: number | undefined, audit?: AuditEntry): Promise<{ ok: true } | { ok: false; current?: UserEntry }> {
    const put = {
      TableName: this.tableName,
      Item: { ...keys.user(user.email), ...keys.byKind("USERS", user.email), type: "user", version: user.version, user },
      ...(expectedVersion === undefined
        ? { ConditionExpression: "attribute_not_exists(PK)" }
        : { ConditionExpression: "version = :v", ExpressionAttributeValues: { ":v": expectedVersion } }),
    };
    try {
      if (audit) {
        const entry = { TableName: this.tableName, Item: { ...keys.audit(audit.at, audit.id), type: "audit", audit }, ConditionExpression: "attribute_not_exists(PK)" };
        await this.db.send(new TransactWriteCommand({ TransactItems: [{ Put: put }, { Put: entry }] }));
      } else {
        await this.db.send(new PutCommand({ ...put, ReturnValuesOnConditionCheckFailure: "ALL_OLD" }));
      }
      return { ok: true };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { ok: false, current: error.Item ? (unmarshall(error.Item).user as UserEntry) : undefined };
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === "ConditionalCheckFailed") return { ok: false, current: await this.get(user.email) };
      throw error;
    }
  }
}

/** The audit log's one partition (AUDIT#LOG), newest first. */
export class DynamoAuditLog implements AuditLog {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(limit: number, before?: string): Promise<{ items: AuditEntry[]; next?: string }> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: before ? "PK = :pk AND SK < :before" : "PK = :pk",
        ExpressionAttributeValues: { ":pk": "AUDIT#LOG", ...(before ? { ":before": before } : {}) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    const items = (out.Items ?? []).map((i) => i.audit as AuditEntry);
    const last = out.Items?.at(-1);
    return { items, ...(out.LastEvaluatedKey && last ? { next: last.SK as string } : {}) };
  }
}
