import { listPatrols } from "../app/patrols.js";
import { HistoryQuery } from "../contracts/api.js";
import { api } from "../http/api.js";
import { outfallIdAhead, parseLimit, parseQuery, pathParam } from "../http/params.js";
import { ok } from "../http/responses.js";

export const handler = api({ readAhead: outfallIdAhead }, async ({ deps, principal, event }) => {
  const query = parseQuery(HistoryQuery, event.queryStringParameters);
  return ok(await listPatrols(deps, principal, pathParam(event.pathParameters, "id"), parseLimit(query.limit, 100, 500), query.cursor));
});
