import { bulletinFileName, renderBulletinDocx } from "../app/bulletin-docx.js";
import { findBulletin } from "../app/bulletins.js";
import { api } from "../http/api.js";
import { pathParam } from "../http/params.js";
import { ok } from "../http/responses.js";

export const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** GET /v1/bulletins/{id}/document: the bulletin as a Word document (.docx), in the caller's scope. A client
 *  that accepts only JSON (the Sheets add-on, whose fetch reads text) gets `{ fileName, contentType, base64 }`. */
export const handler = api({}, async ({ deps, event, principal, header }) => {
  const bulletin = await findBulletin(deps, principal, pathParam(event.pathParameters, "id"));
  const bytes = await renderBulletinDocx(bulletin, deps.reference);
  const fileName = bulletinFileName(bulletin);
  const accept = header("accept") ?? "";
  if (accept.includes("application/json") && !accept.includes(DOCX_TYPE) && !accept.includes("*/*")) {
    return ok({ fileName, contentType: DOCX_TYPE, size: bytes.length, base64: bytes.toString("base64") });
  }
  return {
    statusCode: 200,
    headers: {
      "content-type": DOCX_TYPE,
      "content-disposition": `attachment; filename="bulletin-${bulletin.id}.docx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      etag: `"${bulletin.version}"`,
    },
    isBase64Encoded: true,
    body: bytes.toString("base64"),
  };
});
