// Demo evidence: the dismissals and dry-weather checks of the demo name real photo entries, and the
// seeder stores one small real JPEG for each (through the same presigned upload a client uses), so the
// demo's evidence opens like any other.
import { createHash } from "node:crypto";
import type { Deps } from "../../functions/src/app/deps.js";
import type { PhotoSlot } from "../../functions/src/domain/enums.js";
import type { PhotoEntry } from "../../functions/src/domain/photo.js";

/** An 8×8 grey baseline JPEG. */
const DEMO_JPEG = Buffer.from(
  "/9j/2wBDAAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQH/wAALCAAIAAgBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAAAP/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AP//Z",
  "base64",
);
const DEMO_JPEG_SHA256 = createHash("sha256").update(DEMO_JPEG).digest("hex");

/** A confirmed photo entry taken at `takenAt` (ISO, +08:00; its EXIF time) and uploaded then by `by`. */
export function demoPhoto(id: string, slot: PhotoSlot, takenAt: string, by: string, note?: string): PhotoEntry {
  return {
    id,
    slot,
    contentType: "image/jpeg",
    size: DEMO_JPEG.byteLength,
    sha256: DEMO_JPEG_SHA256,
    takenAt,
    takenAtSource: "exif",
    uploadedBy: by,
    uploadedAt: new Date(takenAt).toISOString(),
    key: `demo/photos/${id}.jpg`,
    ...(note ? { note } : {}),
  };
}

/** Stores the file of every demo photo entry; returns how many. */
export async function uploadDemoPhotos(deps: Deps, photos: PhotoEntry[]): Promise<number> {
  for (const photo of photos) {
    const upload = await deps.photos.presignUpload(photo.key, { contentType: photo.contentType, maxBytes: DEMO_JPEG.byteLength, expiresInSeconds: 300, sha256: DEMO_JPEG_SHA256 });
    const form = new FormData();
    for (const [k, v] of Object.entries(upload.fields)) form.append(k, v);
    form.append("file", new Blob([DEMO_JPEG], { type: photo.contentType }), `${photo.id}.jpg`);
    const stored = await fetch(upload.url, { method: "POST", body: form });
    if (!stored.ok) throw new Error(`demo photo ${photo.key}: storage answered ${stored.status}`);
  }
  return photos.length;
}
