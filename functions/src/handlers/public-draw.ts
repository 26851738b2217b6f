// GET /p/draws/{id}: a draw as published (双随机、一公开), without sign-in: seed, frozen population and pool,
// results and the witness log, enough for anyone to run `npm run verify-draw` on it — as a page for a
// browser (Accept: text/html), as JSON for everything else.
import { drawPageBody } from "../app/draw-page.js";
import { drawWithEvents, publicDraw } from "../app/draws.js";
import { publicFooter } from "../app/public-render.js";
import { api } from "../http/api.js";
import { htmlPage } from "../http/html.js";
import { pathParam } from "../http/params.js";
import { ok } from "../http/responses.js";

export const handler = api({ public: true }, async ({ deps, event, header }) => {
  const draw = await drawWithEvents(deps, pathParam(event.pathParameters, "id"));
  if (!(header("accept") ?? "").includes("text/html")) return ok(publicDraw(draw));
  return htmlPage({ title: draw.title, body: drawPageBody(draw, deps.reference), footer: publicFooter(deps.reference), maxAge: 60 });
});
