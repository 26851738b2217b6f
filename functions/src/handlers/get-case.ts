import { getCase } from "../app/cases.js";
import { api } from "../http/api.js";
import { pathParam } from "../http/params.js";
import { ok } from "../http/responses.js";

export const handler = api({}, async ({ deps, principal, event }) => ok(await getCase(deps, principal, pathParam(event.pathParameters, "id"))));
