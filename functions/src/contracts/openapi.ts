// OpenAPI 3.1 document generated from the same zod schemas the handlers validate with.
import * as z from "zod";
import { OutfallCreateInput, OutfallPatch } from "../domain/outfall.js";
import { TRANSITION } from "../domain/transition-payloads.js";
import { UserInput } from "../app/users.js";
import { PhotoEntry, PhotoUploadRequest, SupersedePhoto } from "../domain/photo.js";
import { BatchRequest, BatchResponse, HistoryPage, Me, OutfallPage, PhotoUploadTicket, Problem, TransitionRequest, User } from "./api.js";

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const jsonBody = (id: string) => ({ required: true, content: { "application/json": { schema: ref(id) } } });
const answer = (description: string, id?: string) => ({
  description,
  ...(id ? { content: { "application/json": { schema: ref(id) } } } : {}),
});
const problems = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), { description: "problem", content: { "application/problem+json": { schema: ref("Problem") } } }]));
const idParam = { name: "id", in: "path", required: true, schema: { type: "string" } };
const q = (name: string, description: string) => ({ name, in: "query", required: false, schema: { type: "string" }, description });

export function openApiDocument(serverUrl?: string) {
  // Schemas with a `.meta({ id })` are registered when their modules load; naming them here keeps those
  // imports (and so the components) even if a bundler would drop an unused one.
  void [OutfallCreateInput, OutfallPatch, UserInput, BatchRequest, BatchResponse, HistoryPage, Me, OutfallPage, Problem, User];
  void [PhotoEntry, PhotoUploadRequest, PhotoUploadTicket, SupersedePhoto, TransitionRequest];
  const { schemas } = z.toJSONSchema(z.globalRegistry, {
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: "any",
    io: "input",
  });
  for (const schema of Object.values(schemas)) delete (schema as { $schema?: string }).$schema;
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
          parameters: [
            q("subdistrict", "subdistrict key, name or short name (凯旋); clerks default to their own"),
            q("status", "comma-separated states (keys or Chinese labels)"),
            q("category", "comma-separated categories (keys or Chinese labels)"),
            q("updatedSince", "ISO timestamp, inclusive"),
            q("cursor", "nextCursor of the previous page"),
            q("limit", "1–1000, default 100"),
            q("include", "actions: each item carries allowedActions (the steps the caller may take now) and blockers (what each of its next steps still lacks, with the rule)"),
          ],
          responses: { "200": answer("page", "OutfallPage"), ...problems(400, 401, 403) },
        },
        post: { summary: "Register an outfall", requestBody: jsonBody("OutfallCreateInput"), responses: { "201": answer("created", "Outfall"), ...problems(400, 401, 403, 413, 422) } },
      },
      "/v1/outfalls/batch": {
        post: {
          summary: "Create and update up to 500 outfalls, answered per row",
          parameters: [{ name: "Idempotency-Key", in: "header", required: false, schema: { type: "string" } }],
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
        get: { summary: "Append-only history", parameters: [idParam, q("cursor", "page cursor"), q("limit", "1–1000")], responses: { "200": answer("entries", "HistoryPage"), ...problems(401, 403, 404) } },
      },
      "/v1/outfalls/{id}/photos": {
        get: {
          summary: "Confirmed photos with short-lived download links",
          parameters: [idParam, q("expiresIn", "link lifetime in seconds, 1–900 (default 300)")],
          responses: { "200": answer("photos"), ...problems(401, 403, 404) },
        },
        post: {
          summary: "Ask to upload a photo: returns a presigned POST (the file never passes through the API)",
          parameters: [idParam],
          requestBody: jsonBody("PhotoUploadRequest"),
          responses: { "201": answer("upload ticket", "PhotoUploadTicket"), ...problems(400, 401, 403, 404) },
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
          parameters: [{ name: "kind", in: "path", required: true, schema: { type: "string" } }, q("subdistrict", "subdistrict key, name or short name"), q("format", "json (default) or csv")],
          responses: { "200": answer("list"), ...problems(400, 401, 403) },
        },
      },
      "/v1/progress": {
        get: {
          summary: "Live progress in the caller's scope (a clerk: own subdistrict)",
          parameters: [q("subdistrict", "only this subdistrict (key, name or short name); a clerk may name only their own")],
          responses: { "200": answer("progress"), ...problems(400, 401, 403, 422) },
        },
      },
      "/v1/digests": {
        get: { summary: "Digest history, newest first", parameters: [q("cursor", "page cursor"), q("limit", "1–100")], responses: { "200": answer("digests"), ...problems(401) } },
        post: {
          summary: "Build a digest now (coordinator); { deliver: true } also sends it",
          responses: { "201": answer("digest"), ...problems(400, 401, 403) },
        },
      },
      "/v1/digests/{id}": {
        get: {
          summary: "One digest, or `latest`; ?format=html for the page with its chart",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }, q("format", "json (default) or html")],
          responses: { "200": answer("digest"), ...problems(401, 404) },
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
    },
  };
}
