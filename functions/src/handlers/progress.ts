import { liveProgress } from "../app/digests.js";
import { ProgressQuery } from "../contracts/api.js";
import { api } from "../http/api.js";
import { parseQuery } from "../http/params.js";
import { ok } from "../http/responses.js";

export const handler = api({}, async ({ deps, principal, event }) => {
  const query = parseQuery(ProgressQuery, event.queryStringParameters, deps.reference);
  return ok(await liveProgress(deps, principal, query.subdistrict));
});
