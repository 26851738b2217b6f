import { bulletinFileName, renderBulletinDocx } from "../app/bulletin-docx.js";
import { findBulletin } from "../app/bulletins.js";
import { api } from "../http/api.js";
import { pathParam } from "../http/params.js";

export const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** GET /v1/bulletins/{id}/document: the bulletin as a Word document (.docx), in the caller's scope. */
export const handler = api({}, async ({ deps, event, principal }) => {
  const bulletin = await findBulletin(deps, principal, pathParam(event.pathParameters, "id"));
  const bytes = await renderBulletinDocx(bulletin, deps.reference);
  return {
    statusCode: 200,
    headers: {
      "content-type": DOCX_TYPE,
      "content-disposition": `attachment; filename="bulletin-${bulletin.id}.docx"; filename*=UTF-8''${encodeURIComponent(bulletinFileName(bulletin))}`,
      etag: `"${bulletin.version}"`,
    },
    isBase64Encoded: true,
    body: bytes.toString("base64"),
  };
});
