import { getTask } from "../app/tasks.js";
import { api } from "../http/api.js";
import { pathParam } from "../http/params.js";
import { ok } from "../http/responses.js";

export const handler = api({}, async ({ deps, principal, event }) => ok(await getTask(deps, principal, pathParam(event.pathParameters, "id"))));
