import { readiness } from "../app/readiness.js";
import { api } from "../http/api.js";
import { json } from "../http/responses.js";

/** GET /ready: 200 when DynamoDB and S3 answer and reference data and users are loaded; 503 otherwise. */
export const handler = api({ public: true }, async ({ deps }) => {
  const { ready, checks } = await readiness(deps);
  return ready
    ? json(200, { status: "ready", checks }, { "cache-control": "no-store" })
    : json(503, { status: "not-ready", message: "服务尚未就绪（数据库、存储、参考数据或用户未准备好），请稍后重试", checks }, { "cache-control": "no-store", "retry-after": "5" });
});
