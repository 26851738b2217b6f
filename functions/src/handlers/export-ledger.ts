import { exportLayout } from "../app/exports.js";
import { ExportQuery } from "../contracts/api.js";
import { api } from "../http/api.js";
import { contentDisposition } from "../http/content-disposition.js";
import { parseQuery, pathParam } from "../http/params.js";
import { ok } from "../http/responses.js";

export const handler = api({}, async ({ deps, principal, event }) => {
  const query = parseQuery(ExportQuery, event.queryStringParameters, deps.reference);
  const kinds = query.kind?.split(/[,，、]/).map((k) => k.trim()).filter(Boolean);
  const result = await exportLayout(deps, principal, pathParam(event.pathParameters, "layout"), {
    ...(query.format ? { format: query.format } : {}),
    ...(query.subdistrict ? { subdistrict: query.subdistrict } : {}),
    ...(query.inventory ? { inventory: query.inventory } : {}),
    ...(kinds?.length ? { kinds } : {}),
    ...(query.delivery ? { delivery: query.delivery } : {}),
  });
  if (result.kind === "link") {
    const { kind: _, ...download } = result;
    return ok({ download });
  }
  const { file } = result;
  const headers = { "content-type": file.contentType, "content-disposition": contentDisposition(file.fileName, file.asciiName), "cache-control": "no-store" };
  if (file.contentType.startsWith("text/")) return { statusCode: 200, headers, body: Buffer.from(file.body).toString("utf8") };
  return { statusCode: 200, headers, body: Buffer.from(file.body).toString("base64"), isBase64Encoded: true };
});
