import { planList, toCsv } from "../app/lists.js";
import { PlanListQuery } from "../contracts/api.js";
import { api } from "../http/api.js";
import { parseQuery, pathParam } from "../http/params.js";
import { ok } from "../http/responses.js";

export const handler = api({}, async ({ deps, principal, event }) => {
  const query = parseQuery(PlanListQuery, event.queryStringParameters, deps.reference);
  const list = await planList(deps, principal, pathParam(event.pathParameters, "kind"), query.subdistrict, query.inventory);
  if (query.format !== "csv") return ok(list);
  const fileName = `${list.scope}${list.title}-${list.generatedAt.slice(0, 10)}.csv`;
  return {
    statusCode: 200,
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}` },
    body: toCsv(list),
  };
});
