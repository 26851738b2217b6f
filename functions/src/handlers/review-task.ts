import { reviewTask } from "../app/tasks.js";
import { api } from "../http/api.js";
import { pathParam } from "../http/params.js";
import { ok } from "../http/responses.js";

export const handler = api({ bodyLimit: 64 * 1024 }, async ({ deps, principal, event, body }) => ok(await reviewTask(deps, principal, pathParam(event.pathParameters, "id"), body)));
