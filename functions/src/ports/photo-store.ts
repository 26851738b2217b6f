/** Object storage for photos. Uploads and downloads go straight between the client and storage through
 *  short-lived presigned requests; photo bytes never pass through the API (Lambda takes 6 MB).
 *
 *  Write-once evidence: a client uploads to a staging key; at confirmation the server copies the staged
 *  object to an evidence key no presigned form ever names, checks and hashes that copy, and records its
 *  version (S3 with versioning) and ETag. Downloads name that version, so the confirmed bytes are served
 *  whatever is posted afterwards. */
export interface PresignedUpload {
  url: string;
  /** Form fields to send with the file (the file goes last, as field `file`). */
  fields: Record<string, string>;
  expiresAt: string;
}

export interface PresignUploadOptions {
  contentType: string;
  maxBytes: number;
  expiresInSeconds: number;
  /** SHA-256 (hex) the client declared: storage then accepts only these bytes (AWS checks the form). */
  sha256?: string;
}

/** One object, pinned to a version where the store keeps versions. */
export interface ObjectRef {
  key: string;
  versionId?: string;
}

export interface StoredObject {
  size: number;
  contentType?: string;
  etag?: string;
  versionId?: string;
}

export interface PhotoStore {
  presignUpload(key: string, options: PresignUploadOptions): Promise<PresignedUpload>;
  head(ref: ObjectRef): Promise<StoredObject | undefined>;
  /** Copies the staged upload at `from` to `to` (a key only the server writes) and describes the copy;
   *  undefined when nothing was uploaded. */
  seal(from: string, to: string): Promise<(StoredObject & ObjectRef) | undefined>;
  /** The first `bytes` bytes (format sniffing, EXIF). */
  readStart(ref: ObjectRef, bytes: number): Promise<Uint8Array>;
  /** SHA-256 of the whole object, hex, streamed. */
  sha256(ref: ObjectRef): Promise<string>;
  /** Only for staged uploads and copies that failed their checks; confirmed evidence is never deleted. */
  discard(key: string): Promise<void>;
  /** Resolves when storage answers at all (readiness); rejects when it cannot be reached. */
  reachable(): Promise<void>;
  presignDownload(ref: ObjectRef, expiresInSeconds: number, options?: { downloadName?: string; contentType?: string }): Promise<string>;
}
