import { createHash } from "node:crypto";
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NotFound,
  S3Client,
  type S3ClientConfig,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { createPresignedPost } from "@aws-sdk/s3-presigned-post";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { ObjectRef, PhotoStore, PresignUploadOptions, PresignedUpload, StoredObject } from "../../ports/photo-store.js";

/** forcePathStyle and WHEN_REQUIRED checksums keep s3rver (local) and S3 (AWS) behaving alike. */
export function s3Client(config: S3ClientConfig = {}): S3Client {
  return new S3Client({ forcePathStyle: true, requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED", ...config });
}

export class S3PhotoStore implements PhotoStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async presignUpload(key: string, options: PresignUploadOptions): Promise<PresignedUpload> {
    // S3 refuses a form whose file differs from the declared checksum; the policy pins key, size and type.
    const checksum = options.sha256 ? Buffer.from(options.sha256, "hex").toString("base64") : undefined;
    const { url, fields } = await createPresignedPost(this.s3, {
      Bucket: this.bucket,
      Key: key,
      Conditions: [
        ["content-length-range", 1, options.maxBytes],
        ["eq", "$Content-Type", options.contentType],
        ...(checksum ? [["eq", "$x-amz-checksum-sha256", checksum] as ["eq", string, string]] : []),
      ],
      Fields: { "Content-Type": options.contentType, ...(checksum ? { "x-amz-checksum-sha256": checksum } : {}) },
      Expires: options.expiresInSeconds,
    });
    return { url, fields, expiresAt: new Date(Date.now() + options.expiresInSeconds * 1000).toISOString() };
  }

  async head(ref: ObjectRef): Promise<StoredObject | undefined> {
    try {
      const out = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: ref.key, VersionId: ref.versionId }));
      return { size: Number(out.ContentLength ?? 0), contentType: out.ContentType, etag: out.ETag, versionId: out.VersionId };
    } catch (error) {
      if (error instanceof NotFound || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)) return undefined;
      throw error;
    }
  }

  async seal(from: string, to: string): Promise<(StoredObject & ObjectRef) | undefined> {
    try {
      const out = await this.s3.send(new CopyObjectCommand({ Bucket: this.bucket, Key: to, CopySource: encodeURI(`${this.bucket}/${from}`) }));
      const ref = { key: to, ...(out.VersionId ? { versionId: out.VersionId } : {}) };
      const copy = await this.head(ref);
      return copy && { ...copy, ...ref };
    } catch (error) {
      if (error instanceof S3ServiceException && (error.name === "NoSuchKey" || error.$metadata.httpStatusCode === 404)) return undefined;
      throw error;
    }
  }

  async readStart(ref: ObjectRef, bytes: number): Promise<Uint8Array> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: ref.key, VersionId: ref.versionId, Range: `bytes=0-${bytes - 1}` }));
    return (await out.Body?.transformToByteArray()) ?? new Uint8Array();
  }

  async sha256(ref: ObjectRef): Promise<string> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: ref.key, VersionId: ref.versionId }));
    const hash = createHash("sha256");
    for await (const chunk of out.Body as AsyncIterable<Uint8Array>) hash.update(chunk);
    return hash.digest("hex");
  }

  async discard(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async reachable(): Promise<void> {
    // HEAD of a key that never exists: any answer from S3 (404, or 403 without list rights) means it is up;
    // a missing bucket or a connection error means it is not. Needs no bucket-level permission.
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: "health/probe" }));
    } catch (error) {
      const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
      if (status === 403 || (status === 404 && error instanceof NotFound)) return;
      throw error;
    }
  }

  async presignDownload(ref: ObjectRef, expiresInSeconds: number, options: { downloadName?: string; contentType?: string } = {}): Promise<string> {
    return getSignedUrl(
      this.s3,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: ref.key,
        // The confirmed version, never whatever the key holds now.
        VersionId: ref.versionId,
        ...(options.contentType ? { ResponseContentType: options.contentType } : {}),
        ...(options.downloadName ? { ResponseContentDisposition: `inline; filename*=UTF-8''${encodeURIComponent(options.downloadName)}` } : {}),
      }),
      { expiresIn: expiresInSeconds },
    );
  }
}
