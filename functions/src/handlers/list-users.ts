import { listUsers } from "../app/users.js";
import { api } from "../http/api.js";
import { ok } from "../http/responses.js";

export const handler = api({}, async ({ deps, principal }) => ok({ items: await listUsers(deps, principal) }));
