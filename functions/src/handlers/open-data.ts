import { openDataCsv, openDataGeoJson } from "../app/open-data.js";
import { publicOutfalls } from "../app/public-pages.js";
import { api } from "../http/api.js";
import { fileResult, htmlPage } from "../http/html.js";

/** GET /p/open/outfalls.geojson and /p/open/outfalls.csv: the public fields of every public outfall. */
export const handler = api({ public: true }, async ({ deps, event }) => {
  const file = event.pathParameters?.file;
  if (file !== "outfalls.geojson" && file !== "outfalls.csv") {
    return htmlPage({ title: "没有这个文件", status: 404, body: "<h1>没有这个文件</h1><p>开放数据：outfalls.geojson、outfalls.csv。</p>" });
  }
  const records = await publicOutfalls(deps);
  const now = deps.clock.now().toISOString();
  const cache = { "cache-control": "public, max-age=300", "access-control-allow-origin": "*" };
  if (file === "outfalls.csv") {
    return fileResult(openDataCsv(records, deps.reference, now), "text/csv; charset=utf-8", { ...cache, "content-disposition": 'attachment; filename="outfalls.csv"' });
  }
  return fileResult(JSON.stringify(openDataGeoJson(records, deps.reference, now)), "application/geo+json; charset=utf-8", cache);
});
