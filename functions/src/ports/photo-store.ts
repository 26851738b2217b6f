/** Object storage for photos. Uploads and downloads go straight between the client and storage through
 *  short-lived presigned requests; photo bytes never pass through the API (Lambda takes 6 MB). */
export interface PresignedUpload {
  url: string;
  /** Form fields to send with the file (the file goes last, as field `file`). */
  fields: Record<string, string>;
  expiresAt: string;
}

export interface StoredObject {
  size: number;
  contentType?: string;
}

export interface PhotoStore {
  presignUpload(key: string, contentType: string, maxBytes: number, expiresInSeconds: number): Promise<PresignedUpload>;
  head(key: string): Promise<StoredObject | undefined>;
  /** The first `bytes` bytes (format sniffing, EXIF). */
  readStart(key: string, bytes: number): Promise<Uint8Array>;
  /** SHA-256 of the whole object, hex, streamed. */
  sha256(key: string): Promise<string>;
  /** Only for files that failed their checks at confirmation; confirmed evidence is never deleted. */
  discard(key: string): Promise<void>;
  presignDownload(key: string, expiresInSeconds: number, downloadName?: string): Promise<string>;
}
