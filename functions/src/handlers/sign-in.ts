import { runtime } from "../config.js";
import { api } from "../http/api.js";
import { ok } from "../http/responses.js";

/** GET /sign-in: where a tool can send its user to sign in in a browser (issuer + public client id), before it
 *  has any token: the workbook tool's `login --browser`, the web app. Names no user and no secret. */
export const handler = api({ public: true }, async () => ok({ providers: runtime().signIn }));
