import { createDraw } from "../app/draws.js";
import { api } from "../http/api.js";
import { json } from "../http/responses.js";

export const handler = api({ bodyLimit: 256 * 1024 }, async ({ deps, principal, body }) => json(201, await createDraw(deps, principal, body)));
