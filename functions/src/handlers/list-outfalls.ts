import { presenter } from "../app/present.js";
import { listOutfalls } from "../app/outfalls.js";
import type { Status } from "../domain/enums.js";
import { ListQuery } from "../contracts/api.js";
import { api } from "../http/api.js";
import { parseLimit, parseQuery, splitList } from "../http/params.js";
import { ok } from "../http/responses.js";

export const handler = api({}, async ({ deps, principal, event }) => {
  const query = parseQuery(ListQuery, event.queryStringParameters, deps.reference);
  const serverTime = deps.clock.now().toISOString();
  const page = await listOutfalls(deps, principal, {
    subdistrict: query.subdistrict,
    status: splitList(query.status) as Status[] | undefined,
    category: splitList(query.category),
    inventory: query.inventory,
    updatedSince: query.updatedSince,
    cursor: query.cursor,
    limit: parseLimit(query.limit),
  });
  return ok({ items: page.items.map(presenter(deps, principal, query.include)), nextCursor: page.nextCursor, serverTime });
});
