import { outfallHistory } from "../app/outfalls.js";
import { HistoryQuery } from "../contracts/api.js";
import { api } from "../http/api.js";
import { outfallIdAhead, parseLimit, parseQuery, pathParam } from "../http/params.js";
import { ok } from "../http/responses.js";

export const handler = api({ readAhead: outfallIdAhead }, async ({ deps, principal, event }) => {
  const query = parseQuery(HistoryQuery, event.queryStringParameters);
  const id = pathParam(event.pathParameters, "id");
  return ok(await outfallHistory(deps, principal, id, parseLimit(query.limit), query.cursor));
});
