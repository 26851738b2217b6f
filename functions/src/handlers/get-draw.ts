import { drawWithEvents } from "../app/draws.js";
import { api } from "../http/api.js";
import { pathParam } from "../http/params.js";
import { ok } from "../http/responses.js";

export const handler = api({}, async ({ deps, event }) => ok(await drawWithEvents(deps, pathParam(event.pathParameters, "id"))));
