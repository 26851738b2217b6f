import { Forbidden, InvalidInput, NotFound } from "../app/errors.js";
import { scopeViolation } from "../app/outfalls.js";
import { allWithStatus, publicBase } from "../app/public-pages.js";
import { publicPageUrl, signboardPrintPage } from "../app/signboard.js";
import { SIGNS_PER_PDF, pdfPart, signboardPdf } from "../app/signboard-print.js";
import { signPrinter } from "../adapters/resvg/sign-printer.js";
import { SignboardsQuery } from "../contracts/api.js";
import { PUBLIC_STATUSES } from "../domain/public-view.js";
import { violation } from "../domain/violations.js";
import { api } from "../http/api.js";
import { fileResult, securityHeaders } from "../http/html.js";
import { parseQuery } from "../http/params.js";

/** GET /v1/signboards?subdistrict=[&format=pdf&part=]: every signboard of a subdistrict's outfalls under
 *  remediation or kept, one per printed page (480 × 300 mm): an HTML page to open and print, or a PDF
 *  rendered here (at most SIGNS_PER_PDF pages a file; `x-signboard-parts` says how many files there are). */
export const handler = api({}, async ({ deps, principal, event }) => {
  const query = parseQuery(SignboardsQuery, event.queryStringParameters, deps.reference);
  const subdistrict = query.subdistrict ?? principal.subdistrict;
  if (!subdistrict) throw new InvalidInput([violation("subdistrict", "R-REQUIRED", "请指定「属地街道」（如 ?subdistrict=凯旋）")]);
  const denied = scopeViolation(deps, principal, "read", subdistrict);
  if (denied) throw new Forbidden(denied);
  if (query.part && query.format !== "pdf") throw new InvalidInput([violation("part", "R-FORMAT", "「part」只用于 format=pdf（分册下载 PDF）")]);
  const records = await allWithStatus(deps, [...PUBLIC_STATUSES], subdistrict);
  records.sort((a, b) => a.tempId.localeCompare(b.tempId));
  const base = publicBase(deps, event);
  const name = deps.reference.subdistrictByKey.get(subdistrict)?.name ?? subdistrict;
  const items = records.map((record) => ({ record, url: publicPageUrl(base, record.tempId) }));
  if (query.format === "pdf") {
    if (!items.length) throw new NotFound(`${name}需要立牌的排污口（整治中、待验收或保留）`);
    const part = pdfPart(items, Number(query.part ?? 1));
    if (!part) {
      const parts = Math.ceil(items.length / SIGNS_PER_PDF);
      throw new InvalidInput([violation("part", "R-RANGE", `${name}共 ${items.length} 块标志牌，分 ${parts} 册（每册至多 ${SIGNS_PER_PDF} 块），「part」应为 1–${parts}`)]);
    }
    const suffix = part.parts > 1 ? `（第 ${query.part ?? 1}/${part.parts} 册）` : "";
    const title = `${name}排污口标志牌${suffix}`;
    const pdf = await signboardPdf(signPrinter, part.items, deps.reference, title, deps.clock.now());
    const file = `${subdistrict}-signboards${part.parts > 1 ? `-${query.part ?? 1}` : ""}.pdf`;
    return fileResult(pdf, "application/pdf", { "content-disposition": `inline; filename="${file}"`, "x-signboard-parts": String(part.parts), "x-signboard-count": String(part.items.length) });
  }
  const body = signboardPrintPage(items, deps.reference, `${name}排污口标志牌（${records.length} 块）`);
  return { statusCode: 200, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", ...securityHeaders() }, body };
});
