// Photos and evidence: presign an upload, confirm what actually arrived, list with short-lived links,
// supersede (never delete). A file that fails a check at confirmation is removed and refused.
// Write-once: confirmation copies the staged upload to a key of its own that no form names, checks and
// hashes that copy, and records its version and ETag; downloads serve only that version (see README).
import type { Principal } from "../domain/access.js";
import { PHOTO_SLOT, PHOTO_TYPE, type PhotoType } from "../domain/enums.js";
import { toKeys } from "../domain/labels.js";
import type { Outfall } from "../domain/outfall.js";
import { decodeImageHeader } from "../domain/image-header.js";
import { MAX_PHOTO_BYTES, type PhotoEntry, PhotoUploadRequest, SupersedePhoto, photoScope, sameFormat, supersedeCycle } from "../domain/photo.js";
import { violation, violationsFromZod } from "../domain/violations.js";
import type { Channel } from "../domain/enums.js";
import type { Deps } from "./deps.js";
import { AppError, Forbidden, InvalidInput, NotFound } from "./errors.js";
import { readPhotoMetadata } from "./photo-metadata.js";
import { scopeViolation } from "./outfalls.js";
import { changeRecord } from "./record-change.js";
import { findingId } from "./findings.js";

/** A presigned POST is usable this long; the pending entry lives a day so a slow upload can still be confirmed. */
export const UPLOAD_URL_SECONDS = 10 * 60;
const PENDING_SECONDS = 24 * 3600;
/** Leading bytes read for the image header and EXIF (APP segments of 64 KB each may precede the frame). */
const HEAD_BYTES = 512 * 1024;
/** Photo entries live in the record, which DynamoDB caps at 400 KB; 200 entries use about a fifth of it. */
export const MAX_PHOTOS_PER_OUTFALL = 200;

const EXTENSION: Record<PhotoType, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "image/heic": "heic",
  "image/heif": "heif",
};

export async function readableOutfall(deps: Deps, who: Principal, id: string): Promise<Outfall> {
  const record = await deps.outfalls.get(id);
  if (!record) throw new NotFound("该排污口");
  const denied = scopeViolation(deps, who, "read", record.subdistrict);
  if (denied) throw new Forbidden(denied);
  return record;
}

function requireUploadScope(deps: Deps, who: Principal, record: Outfall, slot: PhotoEntry["slot"]) {
  const denied = photoScope(who, slot, {
    subdistrict: record.subdistrict,
    department: record.department,
    subdistrictName: deps.reference.subdistrictByKey.get(record.subdistrict)?.name,
    departmentName: record.department ? deps.reference.departmentByKey.get(record.department)?.name : undefined,
    ownSubdistrictName: who.subdistrict ? deps.reference.subdistrictByKey.get(who.subdistrict)?.name : undefined,
  });
  if (denied) throw new Forbidden(denied);
}

/** Same request under one Idempotency-Key: the fields that decide what the form accepts and what is kept. */
const sameUpload = (a: PhotoUploadRequest, b: PhotoUploadRequest) =>
  a.slot === b.slot && a.contentType === b.contentType && a.size === b.size && a.sha256 === b.sha256 && a.takenAt === b.takenAt && a.note === b.note;

/**
 * POST /v1/outfalls/{id}/photos. With an Idempotency-Key the photo id comes from the caller and the key
 * (as patrols' ids do), so a client that lost the answer and asks again gets the same photo: a fresh form
 * for the same staging key while it is unconfirmed, and `confirmed` (no form) once it is — the phone's
 * queue then never uploads or stores a photo twice, whichever answer it lost.
 */
export async function requestPhotoUpload(deps: Deps, who: Principal, outfallId: string, body: unknown, idempotencyKey?: string) {
  const parsed = PhotoUploadRequest.safeParse(toKeys(PhotoUploadRequest, body, deps.reference), { reportInput: true });
  if (!parsed.success) throw new InvalidInput(violationsFromZod(parsed.error));
  const request = parsed.data;
  const record = await readableOutfall(deps, who, outfallId);
  requireUploadScope(deps, who, record, request.slot);
  const photoId = idempotencyKey ? findingId(deps, who, idempotencyKey, "photo") : deps.newId();
  const confirmed = idempotencyKey ? record.photos?.find((p) => p.id === photoId) : undefined;
  if (confirmed) {
    if (confirmed.sha256 !== request.sha256 && request.sha256) throw keyReused();
    return { created: false, ticket: { photoId, confirmed, maxBytes: MAX_PHOTO_BYTES } };
  }
  if ((record.photos?.length ?? 0) >= MAX_PHOTOS_PER_OUTFALL) {
    throw new AppError(422, "照片数量已达上限", [
      violation("photos", "R-RANGE", `每个排污口最多保存 ${MAX_PHOTOS_PER_OUTFALL} 张照片；请联系管理员归档后再上传`),
    ]);
  }
  // A staging key of ours: the form can write only there (AWS checks the policy), and what is confirmed
  // is copied away from it, so posting again after confirmation changes no evidence.
  const key = `outfalls/${outfallId}/photos/staged/${photoId}.${EXTENSION[request.contentType]}`;
  const pending = { outfallId, photoId, key, request, requestedBy: who.email, requestedAt: deps.clock.now().toISOString() };
  const saved = await deps.photoUploads.savePending(pending, PENDING_SECONDS);
  if (!saved) {
    // Only a keyed request can meet its own pending upload: the same request gets a fresh form for it.
    const earlier = await deps.photoUploads.getPending(outfallId, photoId);
    if (earlier && !sameUpload(earlier.request, request)) throw keyReused();
  }
  const upload = await deps.photos.presignUpload(key, {
    contentType: request.contentType,
    maxBytes: MAX_PHOTO_BYTES,
    expiresInSeconds: UPLOAD_URL_SECONDS,
    ...(request.sha256 ? { sha256: request.sha256 } : {}),
  });
  return { created: saved, ticket: { photoId, upload: { method: "POST" as const, ...upload, fileField: "file" as const }, maxBytes: MAX_PHOTO_BYTES } };
}

const keyReused = () =>
  new AppError(422, "幂等键已用于另一张照片", [
    violation("Idempotency-Key", "R-IDEMPOTENCY", "该 Idempotency-Key 已用于申请上传另一张照片（类别、类型、大小或校验和不同），请为新的照片生成新的键"),
  ]);

function refused(rule: "R-PHOTO-MISSING" | "R-PHOTO-SIZE" | "R-PHOTO-TYPE" | "R-PHOTO-CHECKSUM", message: string) {
  return new AppError(422, "照片未通过检查", [violation("file", rule, message)]);
}

const UNREADABLE: Record<"not-image" | "undecodable" | "markup", string> = {
  "not-image": "文件不是 JPEG/PNG/WebP/HEIC 图片",
  undecodable: "文件开头像图片，但图片头无法解析出格式和尺寸（文件损坏或伪装成图片）",
  markup: "文件中夹带网页代码（HTML/脚本），不能作为照片保存",
};

export async function confirmPhotoUpload(deps: Deps, who: Principal, outfallId: string, photoId: string, channel: Channel): Promise<PhotoEntry> {
  const record = await readableOutfall(deps, who, outfallId);
  const already = record.photos?.find((p) => p.id === photoId);
  if (already) return already; // a retried confirmation
  const pending = await deps.photoUploads.getPending(outfallId, photoId);
  if (!pending) throw new NotFound("该照片的上传申请（可能已过期，请重新申请上传）");
  const { request, key: staged } = pending;
  requireUploadScope(deps, who, record, request.slot);

  // Every check below reads the sealed copy (a key of this attempt only), never the staging key a form
  // can still overwrite; in a versioned bucket the copy is further pinned to its version.
  const key = `outfalls/${outfallId}/photos/${photoId}-${deps.newId()}.${EXTENSION[request.contentType]}`;
  const sealed = await deps.photos.seal(staged, key);
  if (!sealed) throw refused("R-PHOTO-MISSING", "服务器没有收到照片文件，请重新上传后再确认");
  const reject = async (rule: "R-PHOTO-SIZE" | "R-PHOTO-TYPE" | "R-PHOTO-CHECKSUM", message: string) => {
    await deps.photos.discard(key);
    await deps.photos.discard(staged);
    await deps.photoUploads.removePending(outfallId, photoId);
    return refused(rule, message);
  };
  if (sealed.size > MAX_PHOTO_BYTES) {
    throw await reject("R-PHOTO-SIZE", `照片 ${(sealed.size / 1048576).toFixed(1)} MB，超过 20 MB 上限，已删除。请压缩后重新上传`);
  }
  if (sealed.size !== request.size) {
    throw await reject("R-PHOTO-SIZE", `收到的文件大小（${sealed.size} 字节）与申请时声明的（${request.size} 字节）不一致，已删除，请重新上传`);
  }
  const head = await deps.photos.readStart(sealed, Math.min(HEAD_BYTES, sealed.size));
  const image = decodeImageHeader(head);
  if (!image.ok) {
    throw await reject("R-PHOTO-TYPE", `${UNREADABLE[image.reason]}（声明为 ${PHOTO_TYPE.label(request.contentType)}），已删除`);
  }
  if (!sameFormat(request.contentType, image.type)) {
    throw await reject("R-PHOTO-TYPE", `文件实际是 ${PHOTO_TYPE.label(image.type)} 图片，与声明的 ${PHOTO_TYPE.label(request.contentType)} 不符，已删除，请按实际格式重新申请上传`);
  }
  if (sealed.contentType && sealed.contentType !== request.contentType) {
    throw await reject("R-PHOTO-TYPE", `上传时的文件类型（${sealed.contentType}）与申请时的（${request.contentType}）不一致，已删除`);
  }
  const sha256 = await deps.photos.sha256(sealed);
  if (request.sha256 && sha256 !== request.sha256) {
    throw await reject("R-PHOTO-CHECKSUM", `收到的文件 SHA-256（${sha256.slice(0, 12)}…）与申请上传时声明的（${request.sha256.slice(0, 12)}…）不一致，已删除，请重新上传`);
  }
  const meta = await readPhotoMetadata(head);
  const takenAt = meta.takenAt ?? request.takenAt;
  const entry: PhotoEntry = {
    id: photoId,
    slot: request.slot,
    contentType: request.contentType,
    size: sealed.size,
    sha256,
    width: image.width,
    height: image.height,
    ...(takenAt ? { takenAt, takenAtSource: meta.takenAt ? "exif" : "client" } : {}),
    ...(meta.gps ? { gps: meta.gps } : {}),
    ...(request.note ? { note: request.note } : {}),
    uploadedBy: who.email,
    uploadedAt: deps.clock.now().toISOString(),
    key,
    ...(sealed.versionId ? { versionId: sealed.versionId } : {}),
    ...(sealed.etag ? { etag: sealed.etag } : {}),
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
  // A concurrent confirmation won: its copy is the evidence, ours is not.
  if (saved.key !== key) await deps.photos.discard(key);
  // The staged object has served its purpose; anything posted to the form from now on is never confirmed.
  await deps.photos.discard(staged);
  await deps.photoUploads.removePending(outfallId, photoId);
  return saved;
}

/** A link to the confirmed bytes only: pinned to the recorded version; where the store keeps no versions
 *  (s3rver), only while the object's ETag is still the confirmed one. Undefined when withheld. */
export async function evidenceLink(deps: Deps, photo: PhotoEntry, expiresIn: number, downloadName: string): Promise<string | undefined> {
  if (!photo.versionId && photo.etag) {
    const now = await deps.photos.head({ key: photo.key });
    if (now?.etag !== photo.etag) return undefined;
  }
  return deps.photos.presignDownload({ key: photo.key, versionId: photo.versionId }, expiresIn, { downloadName, contentType: photo.contentType });
}

export async function listPhotos(deps: Deps, who: Principal, outfallId: string, expiresIn: number) {
  const record = await readableOutfall(deps, who, outfallId);
  const photos = record.photos ?? [];
  const expiresAt = new Date(deps.clock.now().getTime() + expiresIn * 1000).toISOString();
  return {
    items: await Promise.all(
      photos.map(async (p) => {
        const url = await evidenceLink(deps, p, expiresIn, `${record.tempId}-${PHOTO_SLOT.label(p.slot)}-${p.id}.${EXTENSION[p.contentType]}`);
        return url
          ? { ...p, slotLabel: PHOTO_SLOT.label(p.slot), url, urlExpiresAt: expiresAt }
          : { ...p, slotLabel: PHOTO_SLOT.label(p.slot), withheld: "存储中的文件与确认时记录的不一致，已停止提供下载，请联系管理员核查" };
      }),
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
    if (supersedeCycle(photos, photoId, by)) {
      throw new AppError(422, "不能循环替换照片", [
        violation("by", "R-PHOTO-SUPERSEDE", `照片 ${by} 已（直接或间接）被本照片替换；互相替换会使该类照片没有一张有效，请另选一张照片`),
      ]);
    }
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
