import { readableOutfall } from "../app/photos.js";
import { publicBase } from "../app/public-pages.js";
import { publicPageUrl, signboardSvg } from "../app/signboard.js";
import { api } from "../http/api.js";
import { fileResult } from "../http/html.js";
import { pathParam } from "../http/params.js";

/** GET /v1/outfalls/{id}/signboard.svg: the outfall's signboard (480 × 300 mm) with a QR code to its public page. */
export const handler = api({}, async ({ deps, principal, event }) => {
  const record = await readableOutfall(deps, principal, pathParam(event.pathParameters, "id"));
  const svg = signboardSvg(record, deps.reference, publicPageUrl(publicBase(deps, event), record.tempId));
  return fileResult(svg, "image/svg+xml; charset=utf-8", { "content-disposition": `inline; filename="${record.tempId}-signboard.svg"` });
});
