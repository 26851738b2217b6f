import { recentCloseouts } from "../app/public-pages.js";
import { closeoutsBody, publicFooter } from "../app/public-render.js";
import { api } from "../http/api.js";
import { htmlPage } from "../http/html.js";

const DAYS = 30;

/** GET /p/closeouts: 销号公示 — outfalls closed out or kept in the last 30 days, with date and outcome. */
export const handler = api({ public: true }, async ({ deps }) => {
  const items = await recentCloseouts(deps, DAYS);
  return htmlPage({ title: "销号公示", body: closeoutsBody(items, deps.reference, DAYS), footer: publicFooter(deps.reference), maxAge: 300 });
});
