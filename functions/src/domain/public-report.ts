// Public reports (公众举报) and data-error reports (数据纠错): what a passer-by may send without signing in,
// the limits that keep the channel usable, the lookup code, and a clerk's triage. Pure.
import * as z from "zod/mini";
import { meta } from "./meta.js";
import { vocabulary } from "./enums.js";

export const REPORT_KIND = vocabulary({ pollution: "污染举报", "data-error": "数据纠错" });
export type ReportKind = (typeof REPORT_KIND.keys)[number];

export const TRIAGE_OUTCOME = vocabulary({ patrol: "转巡查", "new-outfall": "新增疑似排口", answer: "答复并关闭" });
export type TriageOutcome = (typeof TRIAGE_OUTCOME.keys)[number];

/** What the reporter sees at the lookup page. */
export const REPORT_STATUS = vocabulary({ open: "待处理", patrol: "已转巡查", "new-outfall": "已登记为疑似排口", answer: "已答复" });
export type ReportStatus = (typeof REPORT_STATUS.keys)[number];

/** Request bodies are small: a description, a place and a contact. */
export const REPORT_BODY_LIMIT = 16 * 1024;
export const MAX_DESCRIPTION = 1000;

/** Per client (source IP) and per outfall (or per subdistrict for reports naming no outfall), in fixed windows. */
export const REPORT_LIMITS = {
  client: { limit: 5, windowSeconds: 3600 },
  outfall: { limit: 20, windowSeconds: 24 * 3600 },
  subdistrict: { limit: 200, windowSeconds: 24 * 3600 },
} as const;

/** A reporter's photo: JPEG, PNG or WebP up to 5 MB, one per report, through a presigned form (JSON only). */
export const REPORT_PHOTO_MAX_BYTES = 5 * 1024 * 1024;
export const REPORT_PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export const ReportPhotoRequest = z.strictObject({
  contentType: z.enum(REPORT_PHOTO_TYPES),
  size: z.int().check(z.gte(1), z.lte(REPORT_PHOTO_MAX_BYTES)),
});

export const TEMP_ID_PATTERN = /^[A-Z]{1,4}-[A-Z]{2,3}-\d{3,6}$/;

/** Crockford-like alphabet without 0/O, 1/I/L: read aloud or typed from a phone without mistakes. */
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const LOOKUP_CODE_PATTERN = /^[2-9A-HJKMNP-Z]{10}$/;

/** A 10-character lookup code from random bytes (about 49 bits): unguessable, so the code is the key. */
export function lookupCode(random: Uint8Array): string {
  let out = "";
  for (let i = 0; i < 10; i++) out += CODE_ALPHABET[random[i]! % CODE_ALPHABET.length];
  return out;
}

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/** The body of POST /v1/public/reports (JSON or an HTML form). `website` is a honeypot: people leave it
 *  empty (the form hides it), form-filling robots do not. */
export const PublicReportInput = meta(z.strictObject({
  reportKind: REPORT_KIND.schema,
  outfallCode: z.optional(z.string().check(z.trim(), z.toUpperCase(), z.regex(TEMP_ID_PATTERN))),
  subdistrict: z.optional(z.string().check(z.maxLength(40))),
  description: z.string().check(z.trim(), z.minLength(5), z.maxLength(MAX_DESCRIPTION)),
  location: z.optional(text(200)),
  contact: z.optional(text(60)),
  website: z.optional(z.string().check(z.maxLength(200))),
  photo: z.optional(ReportPhotoRequest),
}), { id: "PublicReportInput", title: "公众举报" });
export type PublicReportInput = z.infer<typeof PublicReportInput>;

export const TriageInput = meta(z.strictObject({
  outcome: TRIAGE_OUTCOME.schema,
  /** Shown to the reporter; required to answer and close. */
  answer: z.optional(text(1000)),
  /** The patrol's due date (YYYY-MM-DD) for 转巡查; without it, today plus the campaign's reportPatrolDays. */
  dueDate: z.optional(z.iso.date()),
  /** For 新增疑似排口: the new outfall's fields (as POST /v1/outfalls takes them; subdistrict defaults to the report's). */
  outfall: z.optional(z.record(z.string(), z.unknown())),
  expectedVersion: z.int().check(z.positive()),
}), { id: "TriageInput", title: "举报处理" });
export type TriageInput = z.infer<typeof TriageInput>;

export interface PublicReport {
  /** The lookup code: the reporter's key to the answer, and the report's id. */
  id: string;
  kind: ReportKind;
  subdistrict: string;
  outfallId?: string;
  outfallTempId?: string;
  description: string;
  location?: string;
  /** Given by the reporter for a call-back; never shown on public pages. */
  contact?: string;
  status: ReportStatus;
  createdAt: string;
  /** The reporter's photo: asked for at submission, checked and sealed at confirmation. */
  photo?: {
    contentType: (typeof REPORT_PHOTO_TYPES)[number];
    size: number;
    staged: string;
    key?: string;
    versionId?: string;
    etag?: string;
    sha256?: string;
  };
  triage?: {
    outcome: TriageOutcome;
    by: string;
    byName?: string;
    at: string;
    answer?: string;
    dueDate?: string;
    /** The 督导交办 task a 转巡查 created (TASK#, assigned to the report's subdistrict). */
    taskId?: string;
    /** The suspected outfall registered from the report. */
    outfallId?: string;
    outfallTempId?: string;
  };
  version: number;
}

/** Fixed-window key for a rate limit: the same window for every request inside it. */
export function rateWindow(nowMs: number, windowSeconds: number): number {
  return Math.floor(nowMs / 1000 / windowSeconds);
}
