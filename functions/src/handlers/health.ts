import { api } from "../http/api.js";
import { ok } from "../http/responses.js";

export const handler = api({ public: true }, async () => ok({ status: "ok", time: new Date().toISOString() }));
