// Request and response contracts of the HTTP API (zod), shared by the handlers, the OpenAPI document,
// the Sheets add-on and the workbook tools.
import * as z from "zod";
import { CATEGORY, INVENTORY, ROLE, STATUS } from "../domain/enums.js";
import { commaList } from "../domain/labels.js";
import { HistoryEntry, Outfall } from "../domain/outfall.js";
import { PhotoEntry } from "../domain/photo.js";

/** Comma-separated filter values; each a key, a Chinese label or an alias (normalized by labels.ts). */
const csv = commaList;

// Query schemas: what each GET route accepts, with the descriptions /openapi.json shows (openapi.ts builds
// its query parameters from these, so a parameter is declared only here).
const cursor = z.string().max(2000).optional().meta({ description: "nextCursor of the previous page" });
const subdistrict = z.string().max(40).optional().meta({ description: "subdistrict key, name or short name (凯旋); clerks default to their own" });

export const ListQuery = z
  .strictObject({
    subdistrict,
    status: csv(STATUS.schema).optional().meta({ description: "comma-separated states (keys or Chinese labels)" }),
    category: csv(CATEGORY.schema).optional().meta({ description: "comma-separated categories (keys or Chinese labels)" }),
    inventory: INVENTORY.schema.optional().meta({ description: "outfall (入河入海排污口) or stormwater (雨水排口) inventory" }),
    updatedSince: z.iso.datetime({ offset: true }).optional().meta({ description: "ISO timestamp, inclusive" }),
    cursor,
    limit: z.string().regex(/^\d{1,4}$/).optional().meta({ description: "1–1000, default 100" }),
    include: z.literal("actions").optional().meta({ description: "actions: each item carries allowedActions (the steps the caller may take now) and blockers (what each of its next steps still lacks, with the rule)" }),
  })
  .meta({ id: "ListQuery" });

export const ProgressQuery = z
  .strictObject({ subdistrict: subdistrict.meta({ description: "only this subdistrict (key, name or short name); a clerk may name only their own" }) })
  .meta({ id: "ProgressQuery" });

export const HistoryQuery = z
  .strictObject({ cursor, limit: z.string().regex(/^\d{1,4}$/).optional().meta({ description: "page size (1–1000 for history, 1–100 for digests)" }) })
  .meta({ id: "HistoryQuery" });

export const ListFormat = z.enum(["json", "csv"]).optional().meta({ description: "json (default) or csv" });

/** GET /v1/lists/{kind}. */
export const PlanListQuery = ListQuery.pick({ subdistrict: true, inventory: true }).extend({ format: ListFormat }).meta({ id: "PlanListQuery" });

/** GET /v1/exports/{layout}. */
export const ExportQuery = ListQuery.pick({ subdistrict: true, inventory: true })
  .extend({
    format: z.enum(["xlsx", "csv"]).optional().meta({ description: "xlsx (default: title row, issuing unit and date, frozen header) or csv (UTF-8 with BOM, header and rows only)" }),
    kind: z.string().max(300).optional().meta({ description: "layout lists: comma-separated plan lists (keys or Chinese labels), all by default; csv takes exactly one" }),
    delivery: z.enum(["inline", "link"]).optional().meta({ description: "link: answer { download: { url, expiresAt, fileName, size } } instead of the file; files over 4 MB always go by link" }),
  })
  .meta({ id: "ExportQuery" });

/** GET /v1/digests/{id}. */
export const DigestQuery = z
  .strictObject({ format: z.enum(["json", "html"]).optional().meta({ description: "json (default) or html (the page with its chart)" }) })
  .meta({ id: "DigestQuery" });

export const BatchRow = z
  .strictObject({
    id: z.string().min(1).max(40).optional(),
    expectedVersion: z.number().int().positive().optional(),
    clientRef: z.string().max(100).optional(),
    values: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "BatchRow", description: "A create (no id) or an update (id + expectedVersion) of one outfall" });

export const BatchRequest = z
  .strictObject({ rows: z.array(BatchRow).min(1) })
  .meta({ id: "BatchRequest", description: "Up to 500 rows; send an Idempotency-Key header so a retry never writes twice" });

/** POST /v1/outfalls/batch: `full=1` answers each written row with its whole record (the answer before lean
 *  answers existed); by default a row carries only what changed (`changes`). */
export const BatchQuery = z
  .strictObject({
    full: z
      .enum(["0", "1", "true", "false"])
      .optional()
      .meta({ description: "1: each row carries its whole record (`record`) instead of `changes` — the answer before lean answers" }),
  })
  .meta({ id: "BatchQuery" });

export const Violation = z
  .object({ field: z.string(), rule: z.string(), message: z.string() })
  .meta({ id: "Violation", description: "What is wrong, where, by which rule, in Chinese" });

export const RowResult = z
  .object({
    index: z.number().int(),
    clientRef: z.string().optional(),
    outcome: z.enum(["ok", "invalid", "conflict", "forbidden"]),
    id: z.string().optional(),
    tempId: z.string().optional(),
    version: z.number().int().optional(),
    unchanged: z.boolean().optional(),
    record: Outfall.optional().meta({ description: "with ?full=1 only: the whole record as written" }),
    changes: z
      .record(z.string(), z.unknown())
      .optional()
      .meta({
        description:
          "lean answer (default), ok rows: the fields the client does not know yet — those the write changed or stored differently from what was sent, status, effectiveDeadline, overdue, updatedAt, updatedBy(Name); null: removed",
      }),
    violations: z.array(Violation).optional(),
    current: Outfall.optional(),
  })
  .meta({ id: "RowResult" });

export const BatchResponse = z
  .object({
    results: z.array(RowResult),
    summary: z.object({ ok: z.number(), unchanged: z.number(), invalid: z.number(), conflict: z.number(), forbidden: z.number() }),
    replayed: z.boolean().optional(),
  })
  .meta({ id: "BatchResponse" });

export const OutfallPage = z
  .object({ items: z.array(Outfall), nextCursor: z.string().optional(), serverTime: z.iso.datetime({ offset: true }) })
  .meta({ id: "OutfallPage" });

export const HistoryPage = z.object({ items: z.array(HistoryEntry), nextCursor: z.string().optional() }).meta({ id: "HistoryPage" });

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(Violation),
    correlationId: z.string().optional(),
    current: z.unknown().optional(),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details (application/problem+json)" });

export const Me = z
  .object({
    email: z.string(),
    role: ROLE.schema,
    roleLabel: z.string(),
    subdistrict: z.string().optional(),
    subdistrictName: z.string().optional(),
    department: z.string().optional(),
    departmentName: z.string().optional(),
    name: z.string().optional(),
  })
  .meta({ id: "Me" });

export const User = z
  .object({
    email: z.string(),
    role: ROLE.schema,
    subdistrict: z.string().optional(),
    department: z.string().optional(),
    name: z.string().optional(),
    active: z.boolean(),
    version: z.number().int(),
    updatedAt: z.string(),
    updatedBy: z.string(),
  })
  .meta({ id: "User" });

export const PhotoListQuery = z
  .strictObject({ expiresIn: z.string().regex(/^\d{1,4}$/).optional().meta({ description: "link lifetime in seconds, 1–900 (default 300)" }) })
  .meta({ id: "PhotoListQuery" });

export const PhotoUploadTicket = z
  .object({
    photoId: z.string(),
    upload: z
      .object({
        method: z.literal("POST"),
        url: z.string(),
        fields: z.record(z.string(), z.string()),
        fileField: z.literal("file"),
        expiresAt: z.string(),
      })
      .optional()
      .meta({ description: "absent when `confirmed` is there" }),
    confirmed: PhotoEntry.optional().meta({ description: "with an Idempotency-Key whose photo is already confirmed: that photo (nothing to upload)" }),
    maxBytes: z.number().int(),
  })
  .meta({
    id: "PhotoUploadTicket",
    description: "POST the fields then the file (multipart/form-data) to upload.url, then confirm. With an Idempotency-Key the same key always names the same photo",
  });


export const TransitionRequest = z
  .object({
    action: z.string().describe("confirm | dismiss | trace | designate | plan | complete | request-acceptance | accept | reject | close | retain | reopen | override-deadline"),
    expectedVersion: z.number().int().positive(),
    note: z.string().optional(),
  })
  .catchall(z.unknown())
  .meta({ id: "TransitionRequest", description: "One lifecycle step; the other fields depend on the action (see the README)" });

export const PersonalTokenView = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
    revokedAt: z.string().optional(),
    revokedBy: z.string().optional(),
    lastUsedAt: z.string().optional(),
  })
  .meta({ id: "PersonalToken" });

export const CreatedToken = z
  .object({ token: PersonalTokenView, secret: z.string().meta({ description: "olp_<id>_<secret>: shown once, only its hash is stored" }) })
  .meta({ id: "CreatedToken" });

export const TokenListQuery = z
  .strictObject({ email: z.string().max(254).optional().meta({ description: "coordinator, admin: one user's tokens (default: everyone's)" }) })
  .meta({ id: "TokenListQuery" });

const AccessStateView = z.object({ role: ROLE.schema, active: z.boolean(), subdistrict: z.string().optional(), department: z.string().optional() });
export const AuditEntryView = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.string(),
    action: z.enum(["user.create", "user.change"]),
    subject: z.string(),
    before: AccessStateView.optional(),
    after: AccessStateView,
  })
  .meta({ id: "AuditEntry" });

export const AuditQuery = z
  .strictObject({
    limit: z.string().regex(/^\d{1,3}$/).optional().meta({ description: "entries per page, 1–200 (default 50)" }),
    before: z.string().max(100).optional().meta({ description: "the `next` of the previous page" }),
  })
  .meta({ id: "AuditQuery" });
/** GET /v1/signboards: the printable signboards of one subdistrict. */
export const SignboardsQuery = z
  .strictObject({
    subdistrict: subdistrict.meta({ description: "subdistrict key or name; clerks default to (and may name only) their own" }),
    format: z.enum(["html", "pdf"]).optional().meta({ description: "html (default: one printable page) or pdf (one 480 × 300 mm page per signboard, rendered on the server)" }),
    part: z.string().regex(/^\d{1,3}$/).optional().meta({ description: "pdf only: which file of a subdistrict with more signboards than one PDF holds (1-based; x-signboard-parts names the count)" }),
  })
  .meta({ id: "SignboardsQuery" });

/** GET /v1/reports: public reports for triage. */
export const ReportsQuery = z
  .strictObject({
    status: z.string().max(200).optional().meta({ description: "comma-separated: open (default), patrol, new-outfall, answer, or all" }),
  })
  .meta({ id: "ReportsQuery" });
