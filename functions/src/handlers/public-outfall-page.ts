import { findPublicOutfall, signboardPhotoLink } from "../app/public-pages.js";
import { NOT_FOUND_BODY, closedNoticeBody, outfallPageBody, publicFooter, reportForm } from "../app/public-render.js";
import { publicOutfall } from "../domain/public-view.js";
import { api } from "../http/api.js";
import { htmlPage } from "../http/html.js";

/** GET /p/{tempId}: the public page a signboard's QR code opens. Unknown and non-public ids get the very
 *  same 404 page, so the answer tells nothing about records the public may not see. */
export const handler = api({ public: true }, async ({ deps, event }) => {
  const tempId = event.pathParameters?.tempId ?? "";
  let found: Awaited<ReturnType<typeof findPublicOutfall>>;
  try {
    found = await findPublicOutfall(deps, decodeURIComponent(tempId));
  } catch (error) {
    if (!(error instanceof URIError)) throw error;
  }
  if (!found) return htmlPage({ title: "未找到该排污口", body: NOT_FOUND_BODY, status: 404, footer: publicFooter(deps.reference) });
  const { record } = found;
  const form = reportForm(deps.reference, { outfallCode: record.tempId });
  if (found.kind === "closed") {
    return htmlPage({ title: `${record.tempId} 已销号`, body: closedNoticeBody(record) + form, footer: publicFooter(deps.reference, record.tempId), maxAge: 60 });
  }
  const photo = await signboardPhotoLink(deps, record);
  const origin = photo ? new URL(photo).origin : undefined;
  const view = publicOutfall(record, deps.reference);
  return htmlPage({
    title: `${view.name}（${view.tempId}）`,
    body: outfallPageBody(view, deps.reference, photo) + form,
    footer: publicFooter(deps.reference, record.tempId),
    imageOrigins: origin ? [origin] : [],
  });
});
