import { describePrincipal } from "../app/reference.js";
import { api } from "../http/api.js";
import { ok } from "../http/responses.js";

export const handler = api({}, async ({ deps, principal }) => ok(describePrincipal(deps.reference, principal)));
