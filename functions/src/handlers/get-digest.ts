import { renderDigestPage } from "../app/digest-render.js";
import { findDigest } from "../app/digests.js";
import { DigestQuery } from "../contracts/api.js";
import { api } from "../http/api.js";
import { parseQuery, pathParam } from "../http/params.js";
import { ok } from "../http/responses.js";

/** GET /v1/digests/{id} and /v1/digests/latest, as JSON or (?format=html) the page with its chart. */
export const handler = api({}, async ({ deps, event, principal }) => {
  const { format } = parseQuery(DigestQuery, event.queryStringParameters);
  const digest = await findDigest(deps, principal, pathParam(event.pathParameters, "id"));
  if (format !== "html") return ok(digest);
  return {
    statusCode: 200,
    headers: { "content-type": "text/html; charset=utf-8", "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:" },
    body: renderDigestPage(digest.progress, deps.reference),
  };
});
