import { exportLayout } from "../app/exports.js";
import { ExportQuery } from "../contracts/api.js";
import { api } from "../http/api.js";
import { contentDisposition } from "../http/content-disposition.js";
import { parseQuery, pathParam } from "../http/params.js";
import { ok } from "../http/responses.js";
import { logger } from "../observability/log.js";

export const handler = api({}, async ({ deps, principal, event }) => {
  const query = parseQuery(ExportQuery, event.queryStringParameters, deps.reference);
  const kinds = query.kind?.split(/[,，、]/).map((k) => k.trim()).filter(Boolean);
  const layout = pathParam(event.pathParameters, "layout");
  const result = await exportLayout(deps, principal, layout, {
    ...(query.format ? { format: query.format } : {}),
    ...(query.subdistrict ? { subdistrict: query.subdistrict } : {}),
    ...(query.inventory ? { inventory: query.inventory } : {}),
    ...(kinds?.length ? { kinds } : {}),
    ...(query.delivery ? { delivery: query.delivery } : {}),
  });
  logger().info("export", { layout, format: query.format ?? "xlsx", delivery: result.kind, bytes: result.kind === "link" ? result.size : result.file.body.byteLength });
  if (result.kind === "link") {
    const { kind: _, ...download } = result;
    return ok({ download });
  }
  const { file } = result;
  const headers = { "content-type": file.contentType, "content-disposition": contentDisposition(file.fileName, file.asciiName), "cache-control": "no-store" };
  if (file.contentType.startsWith("text/")) return { statusCode: 200, headers, body: Buffer.from(file.body).toString("utf8") };
  return { statusCode: 200, headers, body: Buffer.from(file.body).toString("base64"), isBase64Encoded: true };
});
