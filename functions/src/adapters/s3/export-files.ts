import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { contentDisposition } from "../../http/content-disposition.js";
import type { ExportFiles } from "../../ports/export-files.js";

/** Export files under `exports/` of the photo bucket (expired by its lifecycle rule). */
export class S3ExportFiles implements ExportFiles {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: Uint8Array, contentType: string): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
  }

  presignDownload(key: string, expiresInSeconds: number, file: { name: string; asciiName: string; contentType: string }): Promise<string> {
    return getSignedUrl(
      this.s3,
      new GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentType: file.contentType, ResponseContentDisposition: contentDisposition(file.name, file.asciiName) }),
      { expiresIn: expiresInSeconds },
    );
  }
}
