import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import type { AnchorStore } from "../../ports/anchors.js";

/** Anchors in the anchor bucket: Object Lock in compliance mode keeps every version for the retention
 *  period, and `If-None-Match: *` refuses to write over a name that exists. */
export class S3AnchorStore implements AnchorStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(name: string, body: string): Promise<boolean> {
    try {
      await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: name, Body: body, ContentType: "application/json", IfNoneMatch: "*", ChecksumAlgorithm: "SHA256" }));
      return true;
    } catch (error) {
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 412) return false;
      throw error;
    }
  }

  async list(): Promise<string[]> {
    const names: string[] = [];
    let token: string | undefined;
    do {
      const out = await this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: "anchors/", ContinuationToken: token }));
      names.push(...(out.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
      token = out.NextContinuationToken;
    } while (token);
    return names;
  }

  async get(name: string): Promise<string> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: name }));
    return out.Body!.transformToString("utf8");
  }
}
