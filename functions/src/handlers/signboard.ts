import { readableOutfall } from "../app/photos.js";
import { publicBase } from "../app/public-pages.js";
import { publicPageUrl, signboardSvg } from "../app/signboard.js";
import { signboardPdf, signboardPng } from "../app/signboard-print.js";
import { signPrinter } from "../adapters/resvg/sign-printer.js";
import { api } from "../http/api.js";
import { fileResult } from "../http/html.js";
import { pathParam } from "../http/params.js";

/** GET /v1/outfalls/{id}/signboard.svg, .png and .pdf: the outfall's signboard (480 × 300 mm) with a QR code
 *  to its public page; the PNG (2880 × 1800 px) and the one-page PDF are rendered here with an embedded font. */
export const handler = api({}, async ({ deps, principal, event }) => {
  const record = await readableOutfall(deps, principal, pathParam(event.pathParameters, "id"));
  const item = { record, url: publicPageUrl(publicBase(deps, event), record.tempId) };
  const format = /\.(png|pdf)$/.exec(event.routeKey ?? "")?.[1] ?? "svg";
  const file = () => ({ "content-disposition": `inline; filename="${record.tempId}-signboard.${format}"` });
  if (format === "png") return fileResult(await signboardPng(signPrinter, item, deps.reference), "image/png", file());
  if (format === "pdf") {
    const title = `${record.tempId} 排污口标志牌`;
    return fileResult(await signboardPdf(signPrinter, [item], deps.reference, title, deps.clock.now()), "application/pdf", file());
  }
  return fileResult(signboardSvg(record, deps.reference, item.url), "image/svg+xml; charset=utf-8", file());
});
