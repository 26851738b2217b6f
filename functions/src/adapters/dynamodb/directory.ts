import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { Directory, UserEntry } from "../../ports/directory.js";
import { keys, queryAll } from "./table.js";

export class DynamoDirectory implements Directory {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(email: string): Promise<UserEntry | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.user(email) }));
    return out.Item?.user as UserEntry | undefined;
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

  async put(user: UserEntry, expectedVersion: number | undefined): Promise<{ ok: true } | { ok: false; current?: UserEntry }> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.user(user.email), ...keys.byKind("USERS", user.email), type: "user", version: user.version, user },
          ...(expectedVersion === undefined
            ? { ConditionExpression: "attribute_not_exists(PK)" }
            : { ConditionExpression: "version = :v", ExpressionAttributeValues: { ":v": expectedVersion } }),
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      );
      return { ok: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return { ok: false, current: error.Item ? (unmarshall(error.Item).user as UserEntry) : undefined };
    }
  }
}
