import { listTokens } from "../app/tokens.js";
import { TokenListQuery } from "../contracts/api.js";
import { api } from "../http/api.js";
import { parseQuery } from "../http/params.js";
import { ok } from "../http/responses.js";

export const handler = api({}, async ({ deps, principal, event }) => {
  const query = parseQuery(TokenListQuery, event.queryStringParameters);
  return ok({ items: await listTokens(deps, principal, query.email) });
});
