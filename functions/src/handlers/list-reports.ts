import { listReports } from "../app/public-reports.js";
import { reportPhotoLink } from "../app/report-photos.js";
import { ReportsQuery } from "../contracts/api.js";
import { REPORT_STATUS, type ReportStatus } from "../domain/public-report.js";
import { violation } from "../domain/violations.js";
import { InvalidInput } from "../app/errors.js";
import { api } from "../http/api.js";
import { parseQuery, splitList } from "../http/params.js";
import { ok } from "../http/responses.js";

/** GET /v1/reports?status=: public reports of the caller's subdistrict (coordinators: the district), newest first. */
export const handler = api({}, async ({ deps, principal, event }) => {
  const query = parseQuery(ReportsQuery, event.queryStringParameters);
  const wanted = query.status === "all" ? undefined : (splitList(query.status) ?? ["open"]).map((s) => REPORT_STATUS.keyOf(s) ?? s);
  const unknown = wanted?.filter((s) => !(REPORT_STATUS.keys as readonly string[]).includes(s));
  if (unknown?.length) {
    throw new InvalidInput([violation("status", "R-ENUM", `举报状态「${unknown.join("、")}」无效，可选：${REPORT_STATUS.keys.map((k) => `${k}（${REPORT_STATUS.label(k)}）`).join("、")}、all`)]);
  }
  const items = await listReports(deps, principal, wanted as ReportStatus[] | undefined);
  const links = await Promise.all(items.map((r) => reportPhotoLink(deps, r)));
  return ok({
    items: items.map((r, i) => ({
      ...r,
      ...(links[i] ? { photoUrl: links[i] } : {}),
      kindLabel: r.kind === "pollution" ? "污染举报" : "数据纠错",
      statusLabel: REPORT_STATUS.label(r.status),
      subdistrictName: deps.reference.subdistrictByKey.get(r.subdistrict)?.name ?? r.subdistrict,
    })),
  });
});
