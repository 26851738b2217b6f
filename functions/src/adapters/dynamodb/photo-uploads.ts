import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { PendingPhoto } from "../../domain/photo.js";
import type { PhotoUploads } from "../../ports/photo-uploads.js";
import { keys } from "./table.js";

export class DynamoPhotoUploads implements PhotoUploads {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async savePending(pending: PendingPhoto, ttlSeconds: number): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.pendingPhoto(pending.outfallId, pending.photoId), type: "pending-photo", pending, expiresAt: Math.floor(Date.now() / 1000) + ttlSeconds },
          ConditionExpression: "attribute_not_exists(PK)",
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async getPending(outfallId: string, photoId: string): Promise<PendingPhoto | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.pendingPhoto(outfallId, photoId), ConsistentRead: true }));
    return out.Item?.pending as PendingPhoto | undefined;
  }

  async removePending(outfallId: string, photoId: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.pendingPhoto(outfallId, photoId) }));
  }
}
