import { listCases } from "../app/cases.js";
import { HistoryQuery } from "../contracts/api.js";
import { api } from "../http/api.js";
import { parseLimit, parseQuery } from "../http/params.js";
import { ok } from "../http/responses.js";

export const handler = api({}, async ({ deps, principal, event }) => {
  const query = parseQuery(HistoryQuery, event.queryStringParameters);
  return ok(await listCases(deps, principal, parseLimit(query.limit, 100, 500), query.cursor));
});
