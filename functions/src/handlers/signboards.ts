import { Forbidden, InvalidInput } from "../app/errors.js";
import { scopeViolation } from "../app/outfalls.js";
import { allWithStatus, publicBase } from "../app/public-pages.js";
import { publicPageUrl, signboardPrintPage } from "../app/signboard.js";
import { SignboardsQuery } from "../contracts/api.js";
import { PUBLIC_STATUSES } from "../domain/public-view.js";
import { violation } from "../domain/violations.js";
import { api } from "../http/api.js";
import { securityHeaders } from "../http/html.js";
import { parseQuery } from "../http/params.js";

/** GET /v1/signboards?subdistrict=: every signboard of a subdistrict's outfalls under remediation or kept,
 *  one per printed page (480 × 300 mm): open in a browser and print, or save as PDF. */
export const handler = api({}, async ({ deps, principal, event }) => {
  const query = parseQuery(SignboardsQuery, event.queryStringParameters, deps.reference);
  const subdistrict = query.subdistrict ?? principal.subdistrict;
  if (!subdistrict) throw new InvalidInput([violation("subdistrict", "R-REQUIRED", "请指定「属地街道」（如 ?subdistrict=凯旋）")]);
  const denied = scopeViolation(deps, principal, "read", subdistrict);
  if (denied) throw new Forbidden(denied);
  const records = await allWithStatus(deps, [...PUBLIC_STATUSES], subdistrict);
  records.sort((a, b) => a.tempId.localeCompare(b.tempId));
  const base = publicBase(deps, event);
  const name = deps.reference.subdistrictByKey.get(subdistrict)?.name ?? subdistrict;
  const body = signboardPrintPage(records.map((record) => ({ record, url: publicPageUrl(base, record.tempId) })), deps.reference, `${name}排污口标志牌（${records.length} 块）`);
  return { statusCode: 200, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", ...securityHeaders() }, body };
});
