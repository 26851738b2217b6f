import { confirmReportPhoto } from "../app/report-photos.js";
import { api } from "../http/api.js";
import { securityHeaders } from "../http/html.js";
import { json } from "../http/responses.js";

/** POST /v1/public/reports/{code}/photo: checks the photo uploaded with the report's presigned form. */
export const handler = api({ public: true }, async ({ deps, event }) => {
  const report = await confirmReportPhoto(deps, (event.pathParameters?.code ?? "").toUpperCase());
  return json(200, { code: report.id, photo: { contentType: report.photo?.contentType, size: report.photo?.size, sha256: report.photo?.sha256 } }, securityHeaders());
});
