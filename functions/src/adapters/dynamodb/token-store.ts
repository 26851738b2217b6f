// Personal tokens: one item per token under TOKEN#<id> (looked up by the id inside the token), listed per
// user or for everyone through GSI2 (TOKENS, <email>#<id>). Revocation marks the item; nothing is deleted.
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { PersonalToken, TokenStore } from "../../ports/tokens.js";
import { itemReader, keys, queryAll } from "./table.js";

const withLastUsed = (item: Record<string, unknown>): PersonalToken => ({
  ...(item.token as PersonalToken),
  ...(item.lastUsedAt ? { lastUsedAt: item.lastUsedAt as string } : {}),
});

export class DynamoTokenStore implements TokenStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(token: PersonalToken, secretHash: string): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.token(token.id), ...keys.byKind("TOKENS", `${token.email}#${token.id}`), type: "token", secretHash, token },
        ConditionExpression: "attribute_not_exists(PK)",
      }),
    );
  }

  async get(id: string): Promise<{ token: PersonalToken; secretHash: string } | undefined> {
    const item = await itemReader(this.db, this.tableName).get(keys.token(id));
    return item ? { token: withLastUsed(item), secretHash: item.secretHash as string } : undefined;
  }

  async list(email?: string): Promise<PersonalToken[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: "GSI2",
      KeyConditionExpression: email ? "GSI2PK = :k AND begins_with(GSI2SK, :e)" : "GSI2PK = :k",
      ExpressionAttributeValues: { ":k": "TOKENS", ...(email ? { ":e": `${email}#` } : {}) },
    });
    return items.map(withLastUsed);
  }

  async revoke(id: string, at: string, by: string): Promise<PersonalToken | undefined> {
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.token(id),
          UpdateExpression: "SET #t.revokedAt = :at, #t.revokedBy = :by",
          ConditionExpression: "attribute_exists(PK) AND attribute_not_exists(#t.revokedAt)",
          ExpressionAttributeNames: { "#t": "token" },
          ExpressionAttributeValues: { ":at": at, ":by": by },
          ReturnValues: "ALL_NEW",
        }),
      );
      return withLastUsed(out.Attributes!);
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // Missing, or revoked before: the stored record says which.
      return (await this.get(id))?.token;
    }
  }

  async touch(id: string, at: string, notBefore: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.token(id),
          UpdateExpression: "SET lastUsedAt = :at",
          ConditionExpression: "attribute_exists(PK) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt < :nb)",
          ExpressionAttributeValues: { ":at": at, ":nb": notBefore },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
