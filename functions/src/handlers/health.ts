import { api } from "../http/api.js";
import { ok } from "../http/responses.js";

/** GET /health: liveness only (the process answers); GET /ready says whether it can serve requests. */
export const handler = api({ public: true }, async () => ok({ status: "ok", time: new Date().toISOString() }));
