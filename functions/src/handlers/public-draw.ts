// GET /p/draws/{id}: a draw as published (双随机、一公开), without sign-in: seed, frozen population and pool,
// results and the witness log, enough for anyone to run `npm run verify-draw` on it.
import { drawWithEvents, publicDraw } from "../app/draws.js";
import { api } from "../http/api.js";
import { pathParam } from "../http/params.js";
import { ok } from "../http/responses.js";

export const handler = api({ public: true }, async ({ deps, event }) => ok(publicDraw(await drawWithEvents(deps, pathParam(event.pathParameters, "id")))));
