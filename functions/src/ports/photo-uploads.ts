import type { PendingPhoto } from "../domain/photo.js";

/** Presigned uploads waiting for confirmation; they expire on their own (TTL). */
export interface PhotoUploads {
  savePending(pending: PendingPhoto, ttlSeconds: number): Promise<void>;
  getPending(outfallId: string, photoId: string): Promise<PendingPhoto | undefined>;
  removePending(outfallId: string, photoId: string): Promise<void>;
}
