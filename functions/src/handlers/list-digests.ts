import { listDigests } from "../app/digests.js";
import { HistoryQuery } from "../contracts/api.js";
import { api } from "../http/api.js";
import { parseLimit, parseQuery } from "../http/params.js";
import { ok } from "../http/responses.js";

export const handler = api({}, async ({ deps, event, principal }) => {
  const query = parseQuery(HistoryQuery, event.queryStringParameters);
  return ok(await listDigests(deps, principal, parseLimit(query.limit, 20, 100), query.cursor));
});
