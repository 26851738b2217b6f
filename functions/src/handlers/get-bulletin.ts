import { findBulletin } from "../app/bulletins.js";
import { renderDigestPage } from "../app/digest-render.js";
import { DigestQuery } from "../contracts/api.js";
import { documentParts } from "../domain/bulletin-issue.js";
import { api } from "../http/api.js";
import { parseQuery, pathParam } from "../http/params.js";
import { withVersion } from "../http/responses.js";

/** GET /v1/bulletins/{id}, as JSON or (?format=html) the page: header, narrative, figures, 抄送. */
export const handler = api({}, async ({ deps, event, principal }) => {
  const { format } = parseQuery(DigestQuery, event.queryStringParameters);
  const bulletin = await findBulletin(deps, principal, pathParam(event.pathParameters, "id"));
  if (format !== "html") return withVersion(bulletin);
  return {
    statusCode: 200,
    headers: { "content-type": "text/html; charset=utf-8", "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:" },
    body: renderDigestPage(bulletin.progress, deps.reference, documentParts(bulletin)),
  };
});
