import { listAudit } from "../app/audit.js";
import { AuditQuery } from "../contracts/api.js";
import { api } from "../http/api.js";
import { parseLimit, parseQuery } from "../http/params.js";
import { ok } from "../http/responses.js";

export const handler = api({}, async ({ deps, principal, event }) => {
  const query = parseQuery(AuditQuery, event.queryStringParameters);
  return ok(await listAudit(deps, principal, parseLimit(query.limit, 50, 200), query.before));
});
