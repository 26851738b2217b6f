// OpenAPI 3.1 document generated from the same zod schemas the handlers validate with.
import * as z from "zod/mini";
import { OutfallCreateInput, OutfallPatch } from "../domain/outfall.js";
import { TRANSITION } from "../domain/transition-payloads.js";
import { UserInput } from "../app/users.js";
import { publicDisclosurePaths } from "./openapi-public.js";
import { supervisionPaths } from "./openapi-supervision.js";
import { PhotoEntry, PhotoUploadRequest, SupersedePhoto } from "../domain/photo.js";
import {
  BatchRequest,
  BatchResponse,
  DigestQuery,
  ExportQuery,
  HistoryPage,
  HistoryQuery,
  ListQuery,
  Me,
  OutfallPage,
  PhotoListQuery,
  PhotoUploadTicket,
  PlanListQuery,
  Problem,
  ProgressQuery,
  ReportsQuery,
  SignboardsQuery,
  TransitionRequest,
  User,
  AuditEntryView,
  AuditQuery,
  CreatedToken,
  PersonalTokenView,
  TokenListQuery,
} from "./api.js";
import { TokenInput } from "../app/tokens.js";

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const jsonBody = (id: string) => ({ required: true, content: { "application/json": { schema: ref(id) } } });
const answer = (description: string, id?: string) => ({
  description,
  ...(id ? { content: { "application/json": { schema: ref(id) } } } : {}),
});
const problems = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), { description: "problem", content: { "application/problem+json": { schema: ref("Problem") } } }]));
const idParam = { name: "id", in: "path", required: true, schema: { type: "string" } };

/** The query schema each GET route parses (contracts/api.ts): its parameters are generated from it. */
export const QUERY_SCHEMAS = {
  "/v1/outfalls": ListQuery,
  "/v1/outfalls/{id}/history": HistoryQuery,
  "/v1/outfalls/{id}/photos": PhotoListQuery,
  "/v1/lists/{kind}": PlanListQuery,
  "/v1/exports/{layout}": ExportQuery,
  "/v1/progress": ProgressQuery,
  "/v1/digests": HistoryQuery,
  "/v1/digests/{id}": DigestQuery,
  "/v1/tokens": TokenListQuery,
  "/v1/audit": AuditQuery,
  "/v1/bulletins": HistoryQuery,
  "/v1/bulletins/{id}": DigestQuery,
  "/v1/signboards": SignboardsQuery,
  "/v1/reports": ReportsQuery,
  "/v1/outfalls/{id}/patrols": HistoryQuery,
  "/v1/outfalls/{id}/monitoring": HistoryQuery,
  "/v1/draws": HistoryQuery,
  "/v1/tasks": HistoryQuery,
  "/v1/cases": HistoryQuery,
} as const;

type JsonSchema = { properties?: Record<string, { description?: string }>; required?: string[] };

/** OpenAPI query parameters from a query schema's JSON Schema: one per property, described by its `.meta`. */
function queryParameters(schemas: Record<string, unknown>, path: keyof typeof QUERY_SCHEMAS) {
  const id = z.globalRegistry.get(QUERY_SCHEMAS[path])?.id;
  const schema = (id ? schemas[id] : undefined) as JsonSchema | undefined;
  if (!schema?.properties) throw new Error(`query schema of ${path} is not registered with an id`);
  return Object.entries(schema.properties).map(([name, { description, ...property }]) => ({
    name,
    in: "query",
    required: schema.required?.includes(name) ?? false,
    schema: property,
    ...(description ? { description } : {}),
  }));
}

export function openApiDocument(serverUrl?: string) {
  // Schemas with a `.meta({ id })` are registered when their modules load; naming them here keeps those
  // imports (and so the components) even if a bundler would drop an unused one.
  void [OutfallCreateInput, OutfallPatch, UserInput, BatchRequest, BatchResponse, HistoryPage, Me, OutfallPage, Problem, User];
  void [PhotoEntry, PhotoUploadRequest, PhotoUploadTicket, SupersedePhoto, TransitionRequest, QUERY_SCHEMAS];
  void [TokenInput, CreatedToken, PersonalTokenView, AuditEntryView];
  const { schemas } = z.toJSONSchema(z.globalRegistry, {
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: "any",
    io: "input",
  });
  for (const schema of Object.values(schemas)) delete (schema as { $schema?: string }).$schema;
  const query = (path: keyof typeof QUERY_SCHEMAS) => queryParameters(schemas, path);
  return {
    openapi: "3.1.0",
    info: {
      title: "排污口排查整治台账 API (outfall ledger)",
      version: "1.0.0",
      description: "一口一档: outfall records with full history. Errors are application/problem+json with Chinese messages.",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas,
    },
    paths: {
      "/health": { get: { security: [], summary: "Liveness", responses: { "200": answer("ok") } } },
      "/sign-in": {
        get: { security: [], summary: "OIDC providers for a browser sign-in (issuer, public client id): code flow with PKCE, loopback redirect", responses: { "200": answer("providers") } },
      },
      "/ready": {
        get: {
          security: [],
          summary: "Readiness: DynamoDB and S3 reachable, reference data and users loaded",
          responses: { "200": answer("ready"), "503": { description: "not ready; Retry-After says when to ask again", content: { "application/json": { schema: { type: "object" } } } } },
        },
      },
      "/openapi.json": { get: { security: [], summary: "This document", responses: { "200": answer("OpenAPI 3.1") } } },
      "/v1/me": { get: { summary: "Who the API thinks you are", responses: { "200": answer("principal", "Me"), ...problems(401, 403) } } },
      "/v1/reference": { get: { summary: "Reference data, vocabularies, rules and field labels", responses: { "200": answer("reference") } } },
      "/v1/outfalls": {
        get: {
          summary: "List outfalls (paged; incremental with updatedSince)",
          parameters: query("/v1/outfalls"),
          responses: { "200": answer("page", "OutfallPage"), ...problems(400, 401, 403) },
        },
        post: { summary: "Register an outfall", requestBody: jsonBody("OutfallCreateInput"), responses: { "201": answer("created", "Outfall"), ...problems(400, 401, 403, 413, 422) } },
      },
      "/v1/outfalls/batch": {
        post: {
          summary: "Create and update up to 500 outfalls, answered per row",
          parameters: [
            { name: "Idempotency-Key", in: "header", required: false, schema: { type: "string" } },
            { name: "full", in: "query", required: false, schema: { type: "string", enum: ["0", "1", "true", "false"] }, description: "1: whole records instead of `changes`" },
          ],
          requestBody: jsonBody("BatchRequest"),
          responses: { "200": answer("per-row results", "BatchResponse"), ...problems(400, 401, 409, 413, 422) },
        },
      },
      "/v1/outfalls/{id}": {
        get: { summary: "One outfall (ETag = version) with allowedActions and blockers for the caller", parameters: [idParam], responses: { "200": answer("record", "Outfall"), ...problems(401, 403, 404) } },
        patch: {
          summary: "Change fields (merge patch); If-Match: <version> required",
          parameters: [idParam, { name: "If-Match", in: "header", required: true, schema: { type: "string" } }],
          requestBody: jsonBody("OutfallPatch"),
          responses: { "200": answer("record", "Outfall"), ...problems(400, 401, 403, 404, 409, 412, 413, 422) },
        },
      },
      "/v1/outfalls/{id}/history": {
        get: { summary: "Append-only history", parameters: [idParam, ...query("/v1/outfalls/{id}/history")], responses: { "200": answer("entries", "HistoryPage"), ...problems(401, 403, 404) } },
      },
      "/v1/outfalls/{id}/photos": {
        get: {
          summary: "Confirmed photos with short-lived download links",
          parameters: [idParam, ...query("/v1/outfalls/{id}/photos")],
          responses: { "200": answer("photos"), ...problems(401, 403, 404) },
        },
        post: {
          summary: "Ask to upload a photo: returns a presigned POST (the file never passes through the API)",
          parameters: [idParam, { name: "Idempotency-Key", in: "header", required: false, schema: { type: "string" } }],
          requestBody: jsonBody("PhotoUploadRequest"),
          responses: {
            "201": answer("upload ticket", "PhotoUploadTicket"),
            "200": answer("the same photo an earlier request with this Idempotency-Key named: a fresh form, or `confirmed`", "PhotoUploadTicket"),
            ...problems(400, 401, 403, 404, 422),
          },
        },
      },
      "/v1/outfalls/{id}/photos/{photoId}/confirm": {
        post: {
          summary: "Confirm an upload: size, type and leading bytes are checked, EXIF time and GPS read",
          parameters: [idParam, { name: "photoId", in: "path", required: true, schema: { type: "string" } }],
          responses: { "200": answer("photo", "PhotoEntry"), ...problems(401, 403, 404, 422) },
        },
      },
      "/v1/outfalls/{id}/photos/{photoId}/supersede": {
        post: {
          summary: "Mark a photo as superseded by another (photos are never deleted)",
          parameters: [idParam, { name: "photoId", in: "path", required: true, schema: { type: "string" } }],
          requestBody: jsonBody("SupersedePhoto"),
          responses: { "200": answer("photo", "PhotoEntry"), ...problems(400, 401, 403, 404, 409, 422) },
        },
      },
      "/v1/outfalls/{id}/transitions": {
        post: {
          summary: `A lifecycle step (${TRANSITION.keys.join(", ")})`,
          parameters: [idParam],
          requestBody: jsonBody("TransitionRequest"),
          responses: { "200": answer("record", "Outfall"), ...problems(400, 401, 403, 404, 409, 412, 422) },
        },
      },
      "/v1/lists/{kind}": {
        get: {
          summary: "The plan's lists: problems, retained, closed, overdue, responsible-parties, management (JSON or CSV)",
          parameters: [{ name: "kind", in: "path", required: true, schema: { type: "string" } }, ...query("/v1/lists/{kind}")],
          responses: { "200": answer("list"), ...problems(400, 401, 403) },
        },
      },
      "/v1/exports/{layout}": {
        get: {
          summary: "Export: provincial (the ledger in the province's layout), retained (the retained list), lists (the plan's lists); xlsx or CSV in the caller's scope, or a download link for large files",
          parameters: [{ name: "layout", in: "path", required: true, schema: { type: "string" } }, ...query("/v1/exports/{layout}")],
          responses: { "200": answer("the file, or { download } with a link"), ...problems(400, 401, 403) },
        },
      },
      "/v1/progress": {
        get: {
          summary: "Live progress in the caller's scope (a clerk: own subdistrict)",
          parameters: query("/v1/progress"),
          responses: { "200": answer("progress"), ...problems(400, 401, 403, 422) },
        },
      },
      "/v1/digests": {
        get: { summary: "Digest history, newest first", parameters: query("/v1/digests"), responses: { "200": answer("digests"), ...problems(401) } },
        post: {
          summary: "Build a digest now (coordinator); { deliver: true } also sends it",
          responses: { "201": answer("digest"), ...problems(400, 401, 403) },
        },
      },
      "/v1/digests/{id}": {
        get: {
          summary: "One digest, or `latest`; ?format=html for the page with its chart",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }, ...query("/v1/digests/{id}")],
          responses: { "200": answer("digest"), ...problems(401, 404) },
        },
      },
      "/v1/bulletins": {
        get: { summary: "Bulletins (调度通报), newest first; drafts only for coordinators", parameters: query("/v1/bulletins"), responses: { "200": answer("bulletins"), ...problems(401, 403) } },
        post: {
          summary: "The open draft (200) or a new one drafted from the figures now (201); coordinators",
          responses: { "200": answer("draft"), "201": answer("draft"), ...problems(401, 403) },
        },
      },
      "/v1/bulletins/{id}": {
        get: {
          summary: "One bulletin (clerks and departments: issued ones, figures in their scope); ?format=html for the page",
          parameters: [idParam, ...query("/v1/bulletins/{id}")],
          responses: { "200": answer("bulletin"), ...problems(401, 403, 404) },
        },
        patch: {
          summary: "Edit a draft's narrative { narrative: { progress, problems, nextSteps } } or redraft it from the figures of now { refresh: true }; If-Match required; an issued bulletin is refused (409 R-BULLETIN-ISSUED)",
          parameters: [idParam],
          responses: { "200": answer("bulletin"), ...problems(400, 401, 403, 404, 409, 412, 422) },
        },
      },
      "/v1/bulletins/{id}/issue": {
        post: {
          summary: "Issue a draft as 第 N 期 (If-Match); a retry returns the issued bulletin with the same number",
          parameters: [idParam],
          responses: { "200": answer("bulletin"), ...problems(401, 403, 404, 409, 412) },
        },
      },
      "/v1/bulletins/{id}/document": {
        get: {
          summary: "The bulletin as a Word document (.docx), in the caller's scope",
          parameters: [idParam],
          responses: { "200": { description: "the .docx file" }, ...problems(401, 403, 404) },
        },
      },
      "/v1/users": { get: { summary: "Users (coordinator, admin)", responses: { "200": answer("users"), ...problems(401, 403) } } },
      "/v1/users/{email}": {
        put: {
          summary: "Create or change a user (coordinator, admin); If-Match required for an existing user",
          parameters: [{ name: "email", in: "path", required: true, schema: { type: "string" } }],
          requestBody: jsonBody("UserInput"),
          responses: { "200": answer("updated", "User"), "201": answer("created", "User"), ...problems(400, 401, 403, 409, 412, 422) },
        },
      },
      "/v1/tokens": {
        get: { summary: "Personal tokens: one's own; a coordinator or admin sees everyone's", parameters: query("/v1/tokens"), responses: { "200": answer("tokens"), ...problems(401, 403) } },
        post: {
          summary: "Create a personal token (at most 90 days); the secret is in this answer only",
          requestBody: jsonBody("TokenInput"),
          responses: { "201": answer("created", "CreatedToken"), ...problems(400, 401, 403, 422) },
        },
      },
      "/v1/tokens/{id}": {
        delete: {
          summary: "Revoke a personal token (own; coordinator, admin: anyone's); the record is kept, marked revoked",
          parameters: [idParam],
          responses: { "200": answer("revoked", "PersonalToken"), ...problems(401, 404) },
        },
      },
      "/v1/audit": { get: { summary: "Audit log of role changes, newest first (admin)", parameters: query("/v1/audit"), responses: { "200": answer("entries"), ...problems(401, 403) } } },
      ...publicDisclosurePaths(query),
      ...supervisionPaths({ jsonBody, answer, problems, idParam, pageQuery: query("/v1/draws") }),
    },
  };
}
