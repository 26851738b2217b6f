import { AppError } from "../app/errors.js";
import { RateLimited, submitPublicReport } from "../app/public-reports.js";
import { publicFooter, reportForm } from "../app/public-render.js";
import { reportPhotoForm } from "../app/report-photos.js";
import { REPORT_BODY_LIMIT } from "../domain/public-report.js";
import { api, isFormPost } from "../http/api.js";
import { htmlPage, securityHeaders, seeOther } from "../http/html.js";
import { json, problem } from "../http/responses.js";

/** POST /v1/public/reports, without sign-in: JSON (201 with the lookup code) or the HTML form of the
 *  public pages (303 to the lookup page; a refusal comes back as the form with the messages). */
export const handler = api({ public: true, bodyLimit: REPORT_BODY_LIMIT, forms: true }, async ({ deps, event, body }) => {
  const form = isFormPost(event);
  const client = event.requestContext?.http?.sourceIp ?? "unknown";
  try {
    const report = await submitPublicReport(deps, body, client);
    const lookup = `/p/reports/${report.id}`;
    if (form) return seeOther(lookup);
    const upload = report.photo ? { photoUpload: { method: "POST", ...(await reportPhotoForm(deps, report)), fileField: "file", confirmUrl: `/v1/public/reports/${report.id}/photo` } } : {};
    return json(201, { code: report.id, status: report.status, lookupUrl: lookup, ...upload }, { location: lookup, ...securityHeaders() });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const retry: Record<string, string> = error instanceof RateLimited ? { "retry-after": String(error.retryAfterSeconds) } : {};
    if (!form) {
      const answer = problem(error.status, error.title, error.violations, error.extra);
      return { ...answer, headers: { ...answer.headers, ...retry, ...securityHeaders() } };
    }
    const values = Object.fromEntries(Object.entries((body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    const page = htmlPage({
      title: error.title,
      status: error.status,
      body: `<h1>${error.status === 429 ? "提交过于频繁" : "请修改后重新提交"}</h1>${reportForm(deps.reference, { errors: error.violations.map((v) => v.message), values: { ...values, website: "" } })}`,
      footer: publicFooter(deps.reference),
    });
    return { ...page, headers: { ...page.headers, ...retry } };
  }
});
