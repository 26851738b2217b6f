import { publicFooter, reportForm } from "../app/public-render.js";
import { REPORT_KIND, TEMP_ID_PATTERN } from "../domain/public-report.js";
import { api } from "../http/api.js";
import { htmlPage } from "../http/html.js";

/** GET /p/report?reportKind=&outfallCode=: the report form on its own (举报 and 数据纠错 links). */
export const handler = api({ public: true }, async ({ deps, event }) => {
  const q = event.queryStringParameters ?? {};
  const kind = (REPORT_KIND.keys as readonly string[]).includes(q.reportKind ?? "") ? (q.reportKind as (typeof REPORT_KIND.keys)[number]) : "pollution";
  const code = q.outfallCode?.trim().toUpperCase();
  const outfallCode = code && TEMP_ID_PATTERN.test(code) ? code : undefined;
  const title = REPORT_KIND.label(kind);
  return htmlPage({
    title,
    body: `<h1>${title}</h1>${reportForm(deps.reference, { reportKind: kind, ...(outfallCode ? { outfallCode } : {}) })}`,
    footer: publicFooter(deps.reference, outfallCode),
    maxAge: 300,
  });
});
