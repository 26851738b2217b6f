// The district map in the digest: inline SVG on the page, a PNG (rendered server-side, no text) with an
// HTML legend beside it in the e-mail. The drawing itself is domain/district-map.ts.
import { districtMapSvg, escapeXml as esc, mapCaveat, mapLegend } from "../domain/district-map.js";
import type { Progress } from "../domain/progress.js";
import type { ReferenceIndex } from "../domain/reference.js";
import { logger } from "../observability/log.js";

export const MAP_TITLE = "排污口分布图";
/** Content-ID of the map image in the e-mail (`<img src="cid:…">`). */
export const MAP_CID = "district-map@outfall-ledger";
/** The PNG is drawn at twice the size the e-mail shows it, so it stays sharp on high-density screens. */
export const MAP_PNG_SCALE = 2;
const MAIL_WIDTH = 640;
const FONT = "font-family:'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;";

/** The subdistrict a digest was cut to (a clerk's view): its area is highlighted. */
const highlightOf = (p: Progress) => (p.bySubdistrict.length === 1 && p.bySubdistrict[0]!.key === p.district.key ? p.district.key : undefined);

const scopeNote = (p: Progress, ref: ReferenceIndex) => {
  const own = highlightOf(p);
  return own ? `（仅本街道排污口：${ref.subdistrictByKey.get(own)?.name ?? own}）` : "";
};

const caveat = (ref: ReferenceIndex) => {
  const text = mapCaveat(ref);
  return text ? `<p class="map-caveat" style="${FONT}font-size:11px;color:#57606a;margin:2px 0 0;">${esc(text)}</p>` : "";
};

/** The page's map section (heading and inline SVG); empty for a digest kept before maps were. */
export function pageMap(p: Progress, ref: ReferenceIndex): string {
  if (!p.map) return "";
  const highlight = highlightOf(p);
  return `<h3 style="${FONT}font-size:15px;margin:16px 0 4px;">${esc(MAP_TITLE + scopeNote(p, ref))}</h3>${districtMapSvg({ ref, points: p.map, ...(highlight ? { highlight } : {}) })}${caveat(ref)}`;
}

export interface MailMap {
  cid: string;
  /** Size the e-mail shows the image at (the PNG is MAP_PNG_SCALE times larger). */
  width: number;
  height: number;
  png: Uint8Array;
}

/** The e-mail's map as a PNG, or undefined (no points kept, or the renderer failed: the mail goes without it). */
export async function mailMap(p: Progress, ref: ReferenceIndex, svgToPng: (svg: string, scale: number) => Promise<Uint8Array>): Promise<MailMap | undefined> {
  if (!p.map) return undefined;
  const highlight = highlightOf(p);
  const svg = districtMapSvg({ ref, points: p.map, width: MAIL_WIDTH, text: false, ...(highlight ? { highlight } : {}) });
  const height = Number(/height="(\d+)"/.exec(svg)![1]);
  try {
    return { cid: MAP_CID, width: MAIL_WIDTH, height, png: await svgToPng(svg, MAP_PNG_SCALE) };
  } catch (error) {
    logger().warn("digest map not rendered; the mail goes without it", error as Error);
    return undefined;
  }
}

/** The e-mail's map section: the inline image and its legend as HTML text (the PNG carries no text). */
export function mailMapSection(p: Progress, ref: ReferenceIndex, map: Pick<MailMap, "cid" | "width" | "height">): { title: string; html: string; text: string[] } {
  const legend = mapLegend(p.map ?? []);
  const items = legend
    .map((e) => `<span style="white-space:nowrap;margin-right:12px;"><span style="color:${e.colour};font-size:16px;">${e.key === "overdue" ? "○" : "●"}</span> ${esc(e.label)} ${e.count}</span>`)
    .join(" ");
  return {
    title: MAP_TITLE + scopeNote(p, ref),
    html: `<img src="cid:${esc(map.cid)}" width="${map.width}" height="${map.height}" alt="${esc(`${ref.district.name}${MAP_TITLE}`)}" style="display:block;border:1px solid #d0d7de;max-width:100%;height:auto;"><p class="map-legend" style="${FONT}font-size:12px;color:#1f2328;line-height:1.8;margin:4px 0 0;">${items}</p>${caveat(ref)}`,
    text: [`${MAP_TITLE}：${legend.map((e) => `${e.label} ${e.count}`).join("，")}`],
  };
}
