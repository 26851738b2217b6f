import { HistoryQuery } from "../contracts/api.js";
import { api } from "../http/api.js";
import { parseLimit, parseQuery } from "../http/params.js";
import { ok } from "../http/responses.js";

export const handler = api({}, async ({ deps, event }) => {
  const query = parseQuery(HistoryQuery, event.queryStringParameters);
  const page = await deps.supervision.list("draw", parseLimit(query.limit, 20, 100), query.cursor);
  // The list leaves out the frozen population (it can be large); GET /v1/draws/{id} has it.
  return ok({ ...page, items: page.items.map(({ population: _p, drawn: _d, ...d }) => d) });
});
