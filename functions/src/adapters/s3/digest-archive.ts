import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { DigestArchive } from "../../ports/digests.js";

export class S3DigestArchive implements DigestArchive {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(id: string, json: string, html: string): Promise<{ jsonKey: string; htmlKey: string }> {
    const jsonKey = `digests/${id}.json`;
    const htmlKey = `digests/${id}.html`;
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: jsonKey, Body: json, ContentType: "application/json; charset=utf-8" }));
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: htmlKey, Body: html, ContentType: "text/html; charset=utf-8" }));
    return { jsonKey, htmlKey };
  }
}
