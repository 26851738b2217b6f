import { triageReport } from "../app/public-reports.js";
import { api } from "../http/api.js";
import { pathParam } from "../http/params.js";
import { ok } from "../http/responses.js";

/** POST /v1/reports/{id}/triage: 转巡查 (patrol with a due date), 新增疑似排口 or 答复并关闭 (answer shown to the reporter). */
export const handler = api({ bodyLimit: 64 * 1024 }, async ({ deps, principal, event, body }) => {
  return ok(await triageReport(deps, principal, pathParam(event.pathParameters, "id"), body));
});
