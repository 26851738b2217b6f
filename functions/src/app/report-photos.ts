// A reporter's photo (举报照片): presigned at submission, checked at confirmation like evidence photos
// (sealed copy, size, the image header, declared type), linked for the clerks only.
import { decodeImageHeader } from "../domain/image-header.js";
import { sameFormat } from "../domain/photo.js";
import type { PhotoEntry } from "../domain/photo.js";
import { LOOKUP_CODE_PATTERN, type PublicReport, REPORT_PHOTO_MAX_BYTES } from "../domain/public-report.js";
import { violation } from "../domain/violations.js";
import type { Deps } from "./deps.js";
import { AppError, NotFound } from "./errors.js";
import { evidenceLink } from "./photos.js";

const UPLOAD_SECONDS = 10 * 60;
const EXTENSION = { "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp" } as const;

export const stagedReportPhoto = (code: string, type: keyof typeof EXTENSION) => `reports/${code}/staged.${EXTENSION[type]}`;

/** The presigned form for the photo a report asked for. */
export function reportPhotoForm(deps: Deps, report: PublicReport) {
  const photo = report.photo!;
  return deps.photos.presignUpload(photo.staged, { contentType: photo.contentType, maxBytes: REPORT_PHOTO_MAX_BYTES, expiresInSeconds: UPLOAD_SECONDS });
}

const refused = (message: string) => new AppError(422, "照片未通过检查", [violation("file", "R-PHOTO-TYPE", message)]);

/** POST /v1/public/reports/{code}/photo: seals and checks what arrived; a failed check deletes it. */
export async function confirmReportPhoto(deps: Deps, code: string): Promise<PublicReport> {
  const report = LOOKUP_CODE_PATTERN.test(code) ? await deps.reports.get(code) : undefined;
  if (!report?.photo) throw new NotFound("该举报的照片上传申请");
  if (report.photo.key) return report;
  const photo = report.photo;
  const key = `reports/${code}/photo-${deps.newId()}.${EXTENSION[photo.contentType]}`;
  const sealed = await deps.photos.seal(photo.staged, key);
  if (!sealed) throw new AppError(422, "照片未通过检查", [violation("file", "R-PHOTO-MISSING", "服务器没有收到照片文件，请重新上传后再确认")]);
  const head = await deps.photos.readStart(sealed, Math.min(512 * 1024, sealed.size));
  const image = decodeImageHeader(head);
  const problem =
    sealed.size !== photo.size
      ? `收到的文件大小（${sealed.size} 字节）与申请时声明的（${photo.size} 字节）不一致`
      : !image.ok
        ? "文件不是可识别的 JPEG/PNG/WebP 图片"
        : !sameFormat(photo.contentType, image.type)
          ? "文件的实际格式与声明的不符"
          : undefined;
  if (problem) {
    await deps.photos.discard(key);
    await deps.photos.discard(photo.staged);
    throw refused(`${problem}，已删除`);
  }
  const next: PublicReport = {
    ...report,
    photo: { ...photo, key, ...(sealed.versionId ? { versionId: sealed.versionId } : {}), ...(sealed.etag ? { etag: sealed.etag } : {}), sha256: await deps.photos.sha256(sealed) },
    version: report.version + 1,
  };
  const saved = await deps.reports.update(next, report.version);
  await deps.photos.discard(photo.staged);
  if (!saved.ok) return saved.current ?? report;
  return next;
}

/** A 10-minute link to a confirmed report photo (clerks' list). */
export async function reportPhotoLink(deps: Deps, report: PublicReport): Promise<string | undefined> {
  const p = report.photo;
  if (!p?.key) return undefined;
  const entry = { key: p.key, versionId: p.versionId, etag: p.etag, contentType: p.contentType } as PhotoEntry;
  return evidenceLink(deps, entry, 600, `${report.id}.${EXTENSION[p.contentType]}`);
}
