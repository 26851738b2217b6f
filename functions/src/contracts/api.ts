// Request and response contracts of the HTTP API (zod), shared by the handlers, the OpenAPI document,
// the Sheets add-on and the workbook tools.
import * as z from "zod/mini";
import { meta } from "../domain/meta.js";
import { CATEGORY, INVENTORY, ROLE, STATUS } from "../domain/enums.js";
import { commaList } from "../domain/labels.js";
import { HistoryEntry, Outfall } from "../domain/outfall.js";
import { PhotoEntry } from "../domain/photo.js";

/** Comma-separated filter values; each a key, a Chinese label or an alias (normalized by labels.ts). */
const csv = commaList;

// Query schemas: what each GET route accepts, with the descriptions /openapi.json shows (openapi.ts builds
// its query parameters from these, so a parameter is declared only here).
const cursor = meta(z.optional(z.string().check(z.maxLength(2000))), { description: "nextCursor of the previous page" });
const subdistrict = meta(z.optional(z.string().check(z.maxLength(40))), { description: "subdistrict key, name or short name (凯旋); clerks default to their own" });

export const ListQuery = meta(z.strictObject({
  subdistrict,
  status: meta(z.optional(csv(STATUS.schema)), { description: "comma-separated states (keys or Chinese labels)" }),
  category: meta(z.optional(csv(CATEGORY.schema)), { description: "comma-separated categories (keys or Chinese labels)" }),
  inventory: meta(z.optional(INVENTORY.schema), { description: "outfall (入河入海排污口) or stormwater (雨水排口) inventory" }),
  updatedSince: meta(z.optional(z.iso.datetime({ offset: true })), { description: "ISO timestamp, inclusive" }),
  cursor,
  limit: meta(z.optional(z.string().check(z.regex(/^\d{1,4}$/))), { description: "1–1000, default 100" }),
  include: meta(z.optional(z.literal("actions")), { description: "actions: each item carries allowedActions (the steps the caller may take now) and blockers (what each of its next steps still lacks, with the rule)" }),
}), { id: "ListQuery" });

export const ProgressQuery = meta(z.strictObject({ subdistrict: meta(subdistrict, { description: "only this subdistrict (key, name or short name); a clerk may name only their own" }) }), { id: "ProgressQuery" });

export const HistoryQuery = meta(z.strictObject({ cursor, limit: meta(z.optional(z.string().check(z.regex(/^\d{1,4}$/))), { description: "page size (1–1000 for history, 1–100 for digests)" }) }), { id: "HistoryQuery" });

export const ListFormat = meta(z.optional(z.enum(["json", "csv"])), { description: "json (default) or csv" });

/** GET /v1/lists/{kind}. */
export const PlanListQuery = meta(z.extend(z.pick(ListQuery, { subdistrict: true, inventory: true }), { format: ListFormat }), { id: "PlanListQuery" });

/** GET /v1/exports/{layout}. */
export const ExportQuery = meta(z.extend(z.pick(ListQuery, { subdistrict: true, inventory: true }), {
  format: meta(z.optional(z.enum(["xlsx", "csv"])), { description: "xlsx (default: title row, issuing unit and date, frozen header) or csv (UTF-8 with BOM, header and rows only)" }),
  kind: meta(z.optional(z.string().check(z.maxLength(300))), { description: "layout lists: comma-separated plan lists (keys or Chinese labels), all by default; csv takes exactly one" }),
  delivery: meta(z.optional(z.enum(["inline", "link"])), { description: "link: answer { download: { url, expiresAt, fileName, size } } instead of the file; files over 4 MB always go by link" }),
}), { id: "ExportQuery" });

/** GET /v1/digests/{id}. */
export const DigestQuery = meta(z.strictObject({ format: meta(z.optional(z.enum(["json", "html"])), { description: "json (default) or html (the page with its chart)" }) }), { id: "DigestQuery" });

export const BatchRow = meta(z.strictObject({
  id: z.optional(z.string().check(z.minLength(1), z.maxLength(40))),
  expectedVersion: z.optional(z.int().check(z.positive())),
  clientRef: z.optional(z.string().check(z.maxLength(100))),
  values: z.record(z.string(), z.unknown()),
}), { id: "BatchRow", description: "A create (no id) or an update (id + expectedVersion) of one outfall" });

export const BatchRequest = meta(z.strictObject({ rows: z.array(BatchRow).check(z.minLength(1)) }), { id: "BatchRequest", description: "Up to 500 rows; send an Idempotency-Key header so a retry never writes twice" });

/** POST /v1/outfalls/batch: `full=1` answers each written row with its whole record (the answer before lean
 *  answers existed); by default a row carries only what changed (`changes`). */
export const BatchQuery = meta(z.strictObject({
  full: meta(z.optional(z.enum(["0", "1", "true", "false"])), { description: "1: each row carries its whole record (`record`) instead of `changes` — the answer before lean answers" }),
}), { id: "BatchQuery" });

export const Violation = meta(z.object({ field: z.string(), rule: z.string(), message: z.string() }), { id: "Violation", description: "What is wrong, where, by which rule, in Chinese" });

export const RowResult = meta(z.object({
  index: z.int(),
  clientRef: z.optional(z.string()),
  outcome: z.enum(["ok", "invalid", "conflict", "forbidden"]),
  id: z.optional(z.string()),
  tempId: z.optional(z.string()),
  version: z.optional(z.int()),
  unchanged: z.optional(z.boolean()),
  record: meta(z.optional(Outfall), { description: "with ?full=1 only: the whole record as written" }),
  changes: meta(z.optional(z.record(z.string(), z.unknown())), {
    description:
      "lean answer (default), ok rows: the fields the client does not know yet — those the write changed or stored differently from what was sent, status, effectiveDeadline, overdue, updatedAt, updatedBy(Name); null: removed",
  }),
  violations: z.optional(z.array(Violation)),
  current: z.optional(Outfall),
}), { id: "RowResult" });

export const BatchResponse = meta(z.object({
  results: z.array(RowResult),
  summary: z.object({ ok: z.number(), unchanged: z.number(), invalid: z.number(), conflict: z.number(), forbidden: z.number() }),
  replayed: z.optional(z.boolean()),
}), { id: "BatchResponse" });

export const OutfallPage = meta(z.object({ items: z.array(Outfall), nextCursor: z.optional(z.string()), serverTime: z.iso.datetime({ offset: true }) }), { id: "OutfallPage" });

export const HistoryPage = meta(z.object({ items: z.array(HistoryEntry), nextCursor: z.optional(z.string()) }), { id: "HistoryPage" });

export const Problem = meta(z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  errors: z.array(Violation),
  correlationId: z.optional(z.string()),
  current: z.optional(z.unknown()),
}), { id: "Problem", description: "RFC 9457 problem details (application/problem+json)" });

export const Me = meta(z.object({
  email: z.string(),
  role: ROLE.schema,
  roleLabel: z.string(),
  subdistrict: z.optional(z.string()),
  subdistrictName: z.optional(z.string()),
  department: z.optional(z.string()),
  departmentName: z.optional(z.string()),
  name: z.optional(z.string()),
}), { id: "Me" });

export const User = meta(z.object({
  email: z.string(),
  role: ROLE.schema,
  subdistrict: z.optional(z.string()),
  department: z.optional(z.string()),
  name: z.optional(z.string()),
  active: z.boolean(),
  version: z.int(),
  updatedAt: z.string(),
  updatedBy: z.string(),
}), { id: "User" });

export const PhotoListQuery = meta(z.strictObject({ expiresIn: meta(z.optional(z.string().check(z.regex(/^\d{1,4}$/))), { description: "link lifetime in seconds, 1–900 (default 300)" }) }), { id: "PhotoListQuery" });

export const PhotoUploadTicket = meta(z.object({
  photoId: z.string(),
  upload: meta(z.optional(z.object({
    method: z.literal("POST"),
    url: z.string(),
    fields: z.record(z.string(), z.string()),
    fileField: z.literal("file"),
    expiresAt: z.string(),
  })), { description: "absent when `confirmed` is there" }),
  confirmed: meta(z.optional(PhotoEntry), { description: "with an Idempotency-Key whose photo is already confirmed: that photo (nothing to upload)" }),
  maxBytes: z.int(),
}), {
  id: "PhotoUploadTicket",
  description: "POST the fields then the file (multipart/form-data) to upload.url, then confirm. With an Idempotency-Key the same key always names the same photo",
});


export const TransitionRequest = meta(z.catchall(
  z.object({
    action: meta(z.string(), { description: "confirm | dismiss | trace | designate | plan | complete | request-acceptance | accept | reject | close | retain | reopen | override-deadline" }),
    expectedVersion: z.int().check(z.positive()),
    note: z.optional(z.string()),
  }),
  z.unknown(),
), { id: "TransitionRequest", description: "One lifecycle step; the other fields depend on the action (see the README)" });

export const PersonalTokenView = meta(z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.optional(z.string()),
  revokedBy: z.optional(z.string()),
  lastUsedAt: z.optional(z.string()),
}), { id: "PersonalToken" });

export const CreatedToken = meta(z.object({ token: PersonalTokenView, secret: meta(z.string(), { description: "olp_<id>_<secret>: shown once, only its hash is stored" }) }), { id: "CreatedToken" });

export const TokenListQuery = meta(z.strictObject({ email: meta(z.optional(z.string().check(z.maxLength(254))), { description: "coordinator, admin: one user's tokens (default: everyone's)" }) }), { id: "TokenListQuery" });

const AccessStateView = z.object({ role: ROLE.schema, active: z.boolean(), subdistrict: z.optional(z.string()), department: z.optional(z.string()) });
export const AuditEntryView = meta(z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.enum(["user.create", "user.change"]),
  subject: z.string(),
  before: z.optional(AccessStateView),
  after: AccessStateView,
}), { id: "AuditEntry" });

export const AuditQuery = meta(z.strictObject({
  limit: meta(z.optional(z.string().check(z.regex(/^\d{1,3}$/))), { description: "entries per page, 1–200 (default 50)" }),
  before: meta(z.optional(z.string().check(z.maxLength(100))), { description: "the `next` of the previous page" }),
}), { id: "AuditQuery" });
/** GET /v1/signboards: the printable signboards of one subdistrict. */
export const SignboardsQuery = meta(z.strictObject({
  subdistrict: meta(subdistrict, { description: "subdistrict key or name; clerks default to (and may name only) their own" }),
  format: meta(z.optional(z.enum(["html", "pdf"])), { description: "html (default: one printable page) or pdf (one 480 × 300 mm page per signboard, rendered on the server)" }),
  part: meta(z.optional(z.string().check(z.regex(/^\d{1,3}$/))), { description: "pdf only: which file of a subdistrict with more signboards than one PDF holds (1-based; x-signboard-parts names the count)" }),
}), { id: "SignboardsQuery" });

/** GET /v1/reports: public reports for triage. */
export const ReportsQuery = meta(z.strictObject({
  status: meta(z.optional(z.string().check(z.maxLength(200))), { description: "comma-separated: open (default), patrol, new-outfall, answer, or all" }),
}), { id: "ReportsQuery" });
