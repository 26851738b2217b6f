// Photos and evidence (domain.md §2): typed slots, what a photo entry records, how a file's leading bytes
// reveal its real format, and who may add evidence of which kind.
import * as z from "zod/mini";
import { meta } from "./meta.js";
import type { Principal } from "./access.js";
import { PHOTO_SLOT, PHOTO_TYPE, type PhotoSlot, type PhotoType } from "./enums.js";
import { type Violation, violation } from "./violations.js";

/** The largest photo accepted: phones take 3–12 MB; 20 MB leaves room without inviting videos. */
export const MAX_PHOTO_BYTES = 20 * 1024 * 1024;

export const PhotoUploadRequest = meta(z.strictObject({
  slot: PHOTO_SLOT.schema,
  contentType: PHOTO_TYPE.schema,
  size: z.int().check(z.gte(1), z.lte(MAX_PHOTO_BYTES)),
  takenAt: z.optional(z.iso.datetime({ offset: true })),
  note: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(500))),
  /** SHA-256 of the file (hex). When given, storage accepts only these bytes and confirmation checks them. */
  sha256: z.optional(z.pipe(z.string().check(z.regex(/^[0-9a-fA-F]{64}$/)), z.transform((v) => v.toLowerCase()))),
}), { id: "PhotoUploadRequest", title: "申请上传照片" });
export type PhotoUploadRequest = z.infer<typeof PhotoUploadRequest>;

export const SupersedePhoto = meta(z.strictObject({ by: z.string().check(z.minLength(1), z.maxLength(64)), reason: z.string().check(z.trim(), z.minLength(2), z.maxLength(500)) }), { id: "SupersedePhoto", description: "Mark a photo as replaced by another confirmed photo; the reason goes into history" });

export const PhotoEntry = meta(z.object({
  id: z.string(),
  slot: PHOTO_SLOT.schema,
  contentType: PHOTO_TYPE.schema,
  size: z.int(),
  /** SHA-256 of the stored bytes, hex: lets anyone check a downloaded photo is the one confirmed. */
  sha256: z.string(),
  /** Pixel size decoded from the image header at confirmation. */
  width: z.optional(z.int()),
  height: z.optional(z.int()),
  takenAt: z.optional(z.string()),
  /** Where capture time and position came from. */
  takenAtSource: z.optional(z.enum(["exif", "client"])),
  gps: z.optional(z.object({ lng: z.number(), lat: z.number() })),
  note: z.optional(z.string()),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
  /** The evidence object: a key only the server writes, its version (versioned stores) and ETag. */
  key: z.string(),
  versionId: z.optional(z.string()),
  etag: z.optional(z.string()),
  supersededBy: z.optional(z.string()),
  supersededReason: z.optional(z.string()),
}), { id: "PhotoEntry", title: "照片" });
export type PhotoEntry = z.infer<typeof PhotoEntry>;

/** A presigned upload waiting for its confirmation. */
export interface PendingPhoto {
  outfallId: string;
  photoId: string;
  /** The staging key the presigned form names; confirmed evidence is copied away from it. */
  key: string;
  request: PhotoUploadRequest;
  requestedBy: string;
  requestedAt: string;
}

/** The format a file's leading bytes show, whatever its name or declared type says. */
export function sniffImageType(head: Uint8Array): PhotoType | undefined {
  const at = (i: number) => head[i];
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return "image/jpeg";
  if ([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => at(i) === b)) return "image/png";
  if (head.length >= 12 && ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "image/webp";
  if (head.length >= 12 && ascii(4, 8) === "ftyp") {
    const brand = ascii(8, 12);
    if (["heic", "heix", "hevc", "hevx", "heim", "heis"].includes(brand)) return "image/heic";
    if (["mif1", "msf1"].includes(brand)) return "image/heif";
  }
  return undefined;
}

/** HEIC and HEIF are the same container; a phone may label either way. */
export function sameFormat(declared: PhotoType, actual: PhotoType): boolean {
  const family = (t: PhotoType) => (t === "image/heic" || t === "image/heif" ? "heif" : t);
  return family(declared) === family(actual);
}

const MONITORING_SLOTS: readonly PhotoSlot[] = ["sampling-point", "water-sample", "quick-test", "acceptance"];

/** The outfall a photo is about, with the display names used in refusals. */
export interface EvidenceTarget {
  subdistrict: string;
  /** Key of the supervising department (from the subcategory); undefined while the type is undetermined. */
  department?: string;
  subdistrictName?: string;
  departmentName?: string;
  /** The clerk's own subdistrict in words, so a refusal says where they may act. */
  ownSubdistrictName?: string;
}

/** Who may add, confirm or supersede which evidence on an outfall (R-SCOPE). Undefined when allowed. */
export function photoScope(who: Principal, slot: PhotoSlot, target: EvidenceTarget): Violation | undefined {
  switch (who.role) {
    case "admin":
    case "coordinator":
      return undefined;
    case "department":
      if (!who.department || who.department !== target.department) {
        return violation(
          "outfallId",
          "R-SCOPE",
          `监管部门只能为本部门监管的排污口上传或替换照片；该排污口${target.department ? `由「${target.departmentName ?? target.department}」监管` : "类型未定，暂无监管部门"}`,
        );
      }
      return MONITORING_SLOTS.includes(slot)
        ? undefined
        : violation("slot", "R-SCOPE", `监管部门可上传监测和验收照片（${MONITORING_SLOTS.map((s) => PHOTO_SLOT.label(s)).join("、")}），「${PHOTO_SLOT.label(slot)}」照片由属地街道上传`);
    case "clerk":
      return who.subdistrict === target.subdistrict
        ? undefined
        : violation(
          "outfallId",
          "R-SCOPE",
          `您是${target.ownSubdistrictName ?? "本街道"}经办人，只能为${target.ownSubdistrictName ?? "本街道"}的排污口上传照片，不能为「${target.subdistrictName ?? target.subdistrict}」的排污口上传`,
        );
  }
}

/** True when superseding `photoId` by `by` closes a cycle (B by A after A by B), which would leave no live
 *  photo among them: follows the `supersededBy` links from `by` and looks for `photoId`. */
export function supersedeCycle(photos: readonly Pick<PhotoEntry, "id" | "supersededBy">[], photoId: string, by: string): boolean {
  const next = new Map(photos.map((p) => [p.id, p.supersededBy]));
  const seen = new Set<string>();
  for (let at: string | undefined = by; at !== undefined && !seen.has(at); at = next.get(at)) {
    if (at === photoId) return true;
    seen.add(at);
  }
  return false;
}
