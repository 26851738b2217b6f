/** Where an export too large for an API answer is left for download (API Gateway and Lambda answer at most
 *  6 MB, and a binary body travels base64, 4/3 larger). Objects expire (infra: the `exports/` lifecycle rule). */
export interface ExportFiles {
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  /** A short-lived link that downloads the object as `downloadName` (attachment). */
  presignDownload(key: string, expiresInSeconds: number, file: { name: string; asciiName: string; contentType: string }): Promise<string>;
}
