import { lookupReport } from "../app/public-reports.js";
import { lookupBody, publicFooter } from "../app/public-render.js";
import { LOOKUP_CODE_PATTERN } from "../domain/public-report.js";
import { api } from "../http/api.js";
import { htmlPage } from "../http/html.js";

/** GET /p/reports/{code}: what became of a report, by its lookup code (no contact, no clerk). */
export const handler = api({ public: true }, async ({ deps, event }) => {
  const code = (event.pathParameters?.code ?? "").toUpperCase();
  const report = LOOKUP_CODE_PATTERN.test(code) ? await lookupReport(deps, code) : undefined;
  if (!report) {
    return htmlPage({ title: "未找到该查询码", status: 404, body: "<h1>未找到该查询码</h1><p>请核对查询码（10 位字母和数字）。</p>", footer: publicFooter(deps.reference) });
  }
  return htmlPage({ title: `举报处理情况 ${report.id}`, body: lookupBody(report), footer: publicFooter(deps.reference, report.outfallTempId) });
});
