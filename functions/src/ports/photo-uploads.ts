import type { PendingPhoto } from "../domain/photo.js";

/** Presigned uploads waiting for confirmation; they expire on their own (TTL). */
export interface PhotoUploads {
  /** False (nothing written) when an upload with this id is already pending. */
  savePending(pending: PendingPhoto, ttlSeconds: number): Promise<boolean>;
  getPending(outfallId: string, photoId: string): Promise<PendingPhoto | undefined>;
  removePending(outfallId: string, photoId: string): Promise<void>;
}
