// OpenAPI paths of public disclosure (issue 18): signboards, public pages, public reports and triage.
import { PublicReportInput, TriageInput } from "../domain/public-report.js";

const html = (description: string) => ({ description, content: { "text/html": { schema: { type: "string" } } } });
const pathParam = (name: string) => ({ name, in: "path", required: true, schema: { type: "string" } });
const problem = (codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), { description: "problem", content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } }]));

type Parameters = { name: string; in: string }[];

/** `query(path)` gives the query parameters generated from the route's query schema (openapi.ts). */
export function publicDisclosurePaths(query: (path: "/v1/signboards" | "/v1/reports") => Parameters) {
  void [PublicReportInput, TriageInput];
  return {
    "/v1/outfalls/{id}/signboard.svg": {
      get: {
        summary: "The outfall's signboard (480 × 300 mm, SVG) with a QR code to its public page",
        parameters: [pathParam("id")],
        responses: { "200": { description: "SVG", content: { "image/svg+xml": { schema: { type: "string" } } } }, ...problem([401, 403, 404]) },
      },
    },
    "/v1/outfalls/{id}/signboard.png": {
      get: {
        summary: "The outfall's signboard as a PNG of 2880 × 1800 px (480 × 300 mm at 152.4 dpi), rendered with an embedded CJK font",
        parameters: [pathParam("id")],
        responses: { "200": { description: "PNG", content: { "image/png": { schema: { type: "string", format: "binary" } } } }, ...problem([401, 403, 404]) },
      },
    },
    "/v1/outfalls/{id}/signboard.pdf": {
      get: {
        summary: "The outfall's signboard as a one-page PDF of 480 × 300 mm",
        parameters: [pathParam("id")],
        responses: { "200": { description: "PDF", content: { "application/pdf": { schema: { type: "string", format: "binary" } } } }, ...problem([401, 403, 404]) },
      },
    },
    "/v1/signboards": {
      get: {
        summary: "Every signboard of a subdistrict, one per printed page: HTML to print, or (format=pdf) a PDF of 480 × 300 mm pages, at most 40 a file (x-signboard-parts; part=)",
        parameters: query("/v1/signboards"),
        responses: {
          "200": { description: "print page or PDF", content: { "text/html": { schema: { type: "string" } }, "application/pdf": { schema: { type: "string", format: "binary" } } } },
          ...problem([400, 401, 403, 404]),
        },
      },
    },
    "/v1/reports": {
      get: { summary: "Public reports of the caller's subdistrict (coordinators: all), newest first", parameters: query("/v1/reports"), responses: { "200": { description: "reports" }, ...problem([400, 401, 403]) } },
    },
    "/v1/reports/{id}/triage": {
      post: {
        summary: "Triage a report: 转巡查 (patrol, due date), 新增疑似排口 (a suspected outfall) or 答复并关闭 (answer shown to the public)",
        parameters: [pathParam("id")],
        requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/TriageInput" } } } },
        responses: { "200": { description: "the report" }, ...problem([400, 401, 403, 404, 409, 422]) },
      },
    },
    "/v1/public/reports": {
      post: {
        security: [],
        summary: "Report a problem or a data error without signing in (JSON → 201 with the lookup code; HTML form → 303 to the lookup page)",
        requestBody: {
          required: true,
          content: {
            "application/json": { schema: { $ref: "#/components/schemas/PublicReportInput" } },
            "application/x-www-form-urlencoded": { schema: { $ref: "#/components/schemas/PublicReportInput" } },
          },
        },
        responses: { "201": { description: "stored; code and lookupUrl" }, "303": { description: "form: to the lookup page" }, ...problem([400, 413, 422, 429]) },
      },
    },
    "/v1/public/reports/{code}/photo": {
      post: {
        security: [],
        summary: "Confirm the report's photo after uploading it with the presigned form the submission returned (JPEG/PNG/WebP, ≤ 5 MB)",
        parameters: [pathParam("code")],
        responses: { "200": { description: "checked and kept" }, ...problem([404, 422]) },
      },
    },
    "/p/report": { get: { security: [], summary: "The report form (举报 / 数据纠错)", responses: { "200": html("form") } } },
    "/p/reports/{code}": { get: { security: [], summary: "A report's status and answer by its lookup code", parameters: [pathParam("code")], responses: { "200": html("status"), "404": html("unknown code") } } },
    "/p/closeouts": { get: { security: [], summary: "销号公示: outfalls closed out or kept in the last 30 days", responses: { "200": html("list") } } },
    "/p/open/{file}": {
      get: {
        security: [],
        summary: "Open data: outfalls.geojson or outfalls.csv (public fields of public outfalls, licence, last update)",
        parameters: [pathParam("file")],
        responses: { "200": { description: "GeoJSON or CSV" }, "404": html("no such file") },
      },
    },
    "/p/{tempId}": {
      get: { security: [], summary: "The public page of an outfall under remediation or kept (what a signboard's QR code opens)", parameters: [pathParam("tempId")], responses: { "200": html("page"), "404": html("unknown or not public (the same answer)") } },
    },
  };
}
