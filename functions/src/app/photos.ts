// Photos and evidence: presign an upload, confirm what actually arrived, list with short-lived links,
// supersede (never delete). A file that fails a check at confirmation is removed and refused.
import type { Principal } from "../domain/access.js";
import { PHOTO_SLOT, PHOTO_TYPE, type PhotoType } from "../domain/enums.js";
import type { Outfall } from "../domain/outfall.js";
import { MAX_PHOTO_BYTES, type PhotoEntry, PhotoUploadRequest, SupersedePhoto, photoScope, sameFormat, sniffImageType } from "../domain/photo.js";
import { violation, violationsFromZod } from "../domain/violations.js";
import type { Channel } from "../domain/enums.js";
import type { Deps } from "./deps.js";
import { AppError, Forbidden, InvalidInput, NotFound } from "./errors.js";
import { readPhotoMetadata } from "./photo-metadata.js";
import { scopeViolation } from "./outfalls.js";
import { changeRecord } from "./record-change.js";

/** A presigned POST is usable this long; the pending entry lives a day so a slow upload can still be confirmed. */
export const UPLOAD_URL_SECONDS = 10 * 60;
const PENDING_SECONDS = 24 * 3600;
/** Leading bytes read for format sniffing and EXIF. */
const HEAD_BYTES = 128 * 1024;
/** Photo entries live in the record, which DynamoDB caps at 400 KB; 200 entries use about a fifth of it. */
export const MAX_PHOTOS_PER_OUTFALL = 200;

const EXTENSION: Record<PhotoType, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "image/heic": "heic",
  "image/heif": "heif",
};

async function readableOutfall(deps: Deps, who: Principal, id: string): Promise<Outfall> {
  const record = await deps.outfalls.get(id);
  if (!record) throw new NotFound("该排污口");
  const denied = scopeViolation(deps, who, "read", record.subdistrict);
  if (denied) throw new Forbidden(denied);
  return record;
}

function requireUploadScope(deps: Deps, who: Principal, record: Outfall, slot: PhotoEntry["slot"]) {
  const name = (key?: string) => (key ? deps.reference.subdistrictByKey.get(key)?.name : undefined);
  const denied = photoScope(who, slot, record.subdistrict, name(record.subdistrict), name(who.subdistrict));
  if (denied) throw new Forbidden(denied);
}

export async function requestPhotoUpload(deps: Deps, who: Principal, outfallId: string, body: unknown) {
  const parsed = PhotoUploadRequest.safeParse(body, { reportInput: true });
  if (!parsed.success) throw new InvalidInput(violationsFromZod(parsed.error));
  const request = parsed.data;
  const record = await readableOutfall(deps, who, outfallId);
  requireUploadScope(deps, who, record, request.slot);
  if ((record.photos?.length ?? 0) >= MAX_PHOTOS_PER_OUTFALL) {
    throw new AppError(422, "照片数量已达上限", [
      violation("photos", "R-RANGE", `每个排污口最多保存 ${MAX_PHOTOS_PER_OUTFALL} 张照片；请联系管理员归档后再上传`),
    ]);
  }
  const photoId = deps.newId();
  // The key is ours, under the outfall's own prefix: a client can neither choose nor overwrite another object.
  const key = `outfalls/${outfallId}/photos/${photoId}.${EXTENSION[request.contentType]}`;
  const upload = await deps.photos.presignUpload(key, request.contentType, MAX_PHOTO_BYTES, UPLOAD_URL_SECONDS);
  await deps.photoUploads.savePending(
    { outfallId, photoId, key, request, requestedBy: who.email, requestedAt: deps.clock.now().toISOString() },
    PENDING_SECONDS,
  );
  return { photoId, upload: { method: "POST", ...upload, fileField: "file" }, maxBytes: MAX_PHOTO_BYTES };
}

function refused(rule: "R-PHOTO-MISSING" | "R-PHOTO-SIZE" | "R-PHOTO-TYPE", message: string) {
  return new AppError(422, "照片未通过检查", [violation("file", rule, message)]);
}

export async function confirmPhotoUpload(deps: Deps, who: Principal, outfallId: string, photoId: string, channel: Channel): Promise<PhotoEntry> {
  const record = await readableOutfall(deps, who, outfallId);
  const already = record.photos?.find((p) => p.id === photoId);
  if (already) return already; // a retried confirmation
  const pending = await deps.photoUploads.getPending(outfallId, photoId);
  if (!pending) throw new NotFound("该照片的上传申请（可能已过期，请重新申请上传）");
  const { request, key } = pending;
  requireUploadScope(deps, who, record, request.slot);

  const stored = await deps.photos.head(key);
  if (!stored) throw refused("R-PHOTO-MISSING", "服务器没有收到照片文件，请重新上传后再确认");
  const reject = async (rule: "R-PHOTO-SIZE" | "R-PHOTO-TYPE", message: string) => {
    await deps.photos.discard(key);
    await deps.photoUploads.removePending(outfallId, photoId);
    return refused(rule, message);
  };
  if (stored.size > MAX_PHOTO_BYTES) {
    throw await reject("R-PHOTO-SIZE", `照片 ${(stored.size / 1048576).toFixed(1)} MB，超过 20 MB 上限，已删除。请压缩后重新上传`);
  }
  if (stored.size !== request.size) {
    throw await reject("R-PHOTO-SIZE", `收到的文件大小（${stored.size} 字节）与申请时声明的（${request.size} 字节）不一致，已删除，请重新上传`);
  }
  const head = await deps.photos.readStart(key, Math.min(HEAD_BYTES, stored.size));
  const actual = sniffImageType(head);
  if (!actual) {
    throw await reject("R-PHOTO-TYPE", `文件不是 JPEG/PNG/WebP/HEIC 图片（声明为 ${PHOTO_TYPE.label(request.contentType)}），已删除`);
  }
  if (!sameFormat(request.contentType, actual)) {
    throw await reject("R-PHOTO-TYPE", `文件实际是 ${PHOTO_TYPE.label(actual)} 图片，与声明的 ${PHOTO_TYPE.label(request.contentType)} 不符，已删除，请按实际格式重新申请上传`);
  }
  if (stored.contentType && stored.contentType !== request.contentType) {
    throw await reject("R-PHOTO-TYPE", `上传时的文件类型（${stored.contentType}）与申请时的（${request.contentType}）不一致，已删除`);
  }
  const sha256 = await deps.photos.sha256(key);
  const meta = await readPhotoMetadata(head);
  const takenAt = meta.takenAt ?? request.takenAt;
  const entry: PhotoEntry = {
    id: photoId,
    slot: request.slot,
    contentType: request.contentType,
    size: stored.size,
    sha256,
    ...(takenAt ? { takenAt, takenAtSource: meta.takenAt ? "exif" : "client" } : {}),
    ...(meta.gps ? { gps: meta.gps } : {}),
    ...(request.note ? { note: request.note } : {}),
    uploadedBy: who.email,
    uploadedAt: deps.clock.now().toISOString(),
    key,
  };
  let saved: PhotoEntry = entry;
  await changeRecord(deps, who, outfallId, channel, (current) => {
    const existing = current.photos?.find((p) => p.id === photoId);
    if (existing) saved = existing;
    return {
      next: existing ? current : { ...current, photos: [...(current.photos ?? []), entry] },
      action: "photo",
      changes: [{ field: "photos", before: null, after: { id: photoId, slot: entry.slot, sha256, size: entry.size } }],
      note: `上传${PHOTO_SLOT.label(entry.slot)}照片`,
    };
  }, undefined, record);
  await deps.photoUploads.removePending(outfallId, photoId);
  return saved;
}

export async function listPhotos(deps: Deps, who: Principal, outfallId: string, expiresIn: number) {
  const record = await readableOutfall(deps, who, outfallId);
  const photos = record.photos ?? [];
  const expiresAt = new Date(deps.clock.now().getTime() + expiresIn * 1000).toISOString();
  return {
    items: await Promise.all(
      photos.map(async (p) => ({
        ...p,
        slotLabel: PHOTO_SLOT.label(p.slot),
        url: await deps.photos.presignDownload(p.key, expiresIn, `${record.tempId}-${PHOTO_SLOT.label(p.slot)}-${p.id}.${EXTENSION[p.contentType]}`),
        urlExpiresAt: expiresAt,
      })),
    ),
  };
}

export async function supersedePhoto(deps: Deps, who: Principal, outfallId: string, photoId: string, body: unknown, channel: Channel): Promise<PhotoEntry> {
  const parsed = SupersedePhoto.safeParse(body, { reportInput: true });
  if (!parsed.success) throw new InvalidInput(violationsFromZod(parsed.error));
  const { by, reason } = parsed.data;
  const record = await readableOutfall(deps, who, outfallId);
  const old = record.photos?.find((p) => p.id === photoId);
  if (!old) throw new NotFound("该照片");
  requireUploadScope(deps, who, record, old.slot);
  let result = old;
  await changeRecord(deps, who, outfallId, channel, (current) => {
    const photos = current.photos ?? [];
    const target = photos.find((p) => p.id === photoId)!;
    const replacement = photos.find((p) => p.id === by);
    if (!replacement || replacement.id === photoId) throw new InvalidInput([violation("by", "R-PHOTO-SUPERSEDE", "替换用的新照片须是本排污口已确认的另一张照片")]);
    if (target.supersededBy) throw new AppError(409, "照片已被替换", [violation("photoId", "R-PHOTO-SUPERSEDE", `该照片已于此前被 ${target.supersededBy} 替换`)]);
    result = { ...target, supersededBy: by, supersededReason: reason };
    return {
      next: { ...current, photos: photos.map((p) => (p.id === photoId ? result : p)) },
      action: "photo-superseded",
      changes: [{ field: `photos[${photos.indexOf(target)}].supersededBy`, before: null, after: by }],
      note: reason,
    };
  }, undefined, record);
  return result;
}
