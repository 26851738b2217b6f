import { listBulletins } from "../app/bulletins.js";
import { HistoryQuery } from "../contracts/api.js";
import { api } from "../http/api.js";
import { parseLimit, parseQuery } from "../http/params.js";
import { ok } from "../http/responses.js";

/** GET /v1/bulletins: newest first; drafts only for coordinators. */
export const handler = api({}, async ({ deps, event, principal }) => {
  const query = parseQuery(HistoryQuery, event.queryStringParameters);
  return ok(await listBulletins(deps, principal, parseLimit(query.limit, 20, 100), query.cursor));
});
