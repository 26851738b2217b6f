// Signboards (树标立牌): the prompt sign of the national signboard specification — 480 × 300 mm, green
// ground, white text — with the outfall's public facts, the report phone and a QR code to its public page.
// SVG (one per outfall) and one printable HTML page per subdistrict; the browser prints them with the
// reader's own CJK fonts. The server-rendered PNG and PDF (signboard-print.ts) draw the same SVG with the
// embedded font named first in FONT.
import QRCode from "qrcode";
import { RECEIVING } from "../domain/enums.js";
import type { Outfall } from "../domain/outfall.js";
import { publicOutfall } from "../domain/public-view.js";
import type { ReferenceIndex } from "../domain/reference.js";
import { esc } from "./digest-tables.js";

/** Sign size in millimetres (the SVG's user unit is 1 mm). */
export const SIGN_MM = { width: 480, height: 300 } as const;
const GREEN = "#00843d";
const FONT = `'WenQuanYi Micro Hei','Noto Sans CJK SC','PingFang SC','Microsoft YaHei',SimHei,sans-serif`;

/** The public page a signboard's QR code opens. */
export const publicPageUrl = (base: string, tempId: string) => `${base}/p/${encodeURIComponent(tempId)}`;

/** Dark modules of a QR code (error correction M) as one SVG path in module units. */
export function qrPath(text: string): { size: number; d: string } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const parts: string[] = [];
  for (let y = 0; y < modules.size; y++) {
    for (let x = 0; x < modules.size; x++) if (modules.data[y * modules.size + x]) parts.push(`M${x} ${y}h1v1h-1z`);
  }
  return { size: modules.size, d: parts.join("") };
}

/** Wraps text into lines of at most `width` (a CJK character counts 1, Latin 0.55), at most `lines` lines. */
export function wrap(text: string, width: number, lines: number): string[] {
  const out: string[] = [];
  let line = "";
  let used = 0;
  for (const ch of text) {
    const w = ch.charCodeAt(0) < 0x100 ? 0.55 : 1;
    if (used + w > width) {
      out.push(line);
      line = "";
      used = 0;
    }
    line += ch;
    used += w;
  }
  if (line) out.push(line);
  if (out.length > lines) {
    out.length = lines;
    out[lines - 1] = `${out[lines - 1]!.slice(0, -1)}…`;
  }
  return out;
}

/** One signboard as an SVG document (480 × 300 mm). */
export function signboardSvg(record: Outfall, ref: ReferenceIndex, pageUrl: string): string {
  const o = publicOutfall(record, ref);
  const qr = qrPath(pageUrl);
  const qrBox = 120;
  const quiet = 4;
  const scale = qrBox / (qr.size + 2 * quiet);
  const qrX = SIGN_MM.width - qrBox - 22;
  const qrY = 78;
  const label = 13;
  const rows: [string, string, number][] = [
    ["名称", o.name, 2],
    ["编号", o.nationalCode ? `${o.nationalCode}（临时编号 ${o.tempId}）` : o.tempId, 1],
    ["类型", o.typeLabel, 1],
    ["责任主体", o.responsibleParty, 2],
    ["监管部门", o.department, 1],
    ["举报电话", ref.district.reportPhone ?? "12345", 1],
  ];
  let y = 92;
  const lines: string[] = [];
  for (const [name, value, max] of rows) {
    lines.push(`<text class="label" x="22" y="${y}" font-size="${label}">${esc(name)}</text>`);
    for (const [i, part] of wrap(value, 18, max).entries()) {
      lines.push(`<text class="value" data-field="${esc(name)}" x="92" y="${y + i * 17}" font-size="${label + 1}">${esc(part)}</text>`);
    }
    y += 17 * Math.min(max, wrap(value, 18, max).length) + 8;
  }
  const title = `${RECEIVING.label(record.receiving ?? "river")}排污口标志牌`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="signboard" width="${SIGN_MM.width}mm" height="${SIGN_MM.height}mm" viewBox="0 0 ${SIGN_MM.width} ${SIGN_MM.height}" font-family="${esc(FONT)}" data-temp-id="${esc(o.tempId)}">`,
    `<title>${esc(title)} ${esc(o.tempId)}</title>`,
    `<rect width="${SIGN_MM.width}" height="${SIGN_MM.height}" fill="${GREEN}"/>`,
    `<rect x="8" y="8" width="${SIGN_MM.width - 16}" height="${SIGN_MM.height - 16}" fill="none" stroke="#fff" stroke-width="2"/>`,
    `<text x="${SIGN_MM.width / 2}" y="48" fill="#fff" font-size="30" font-weight="bold" text-anchor="middle" letter-spacing="4">${esc(title)}</text>`,
    `<line x1="22" y1="64" x2="${SIGN_MM.width - 22}" y2="64" stroke="#fff" stroke-width="1.5"/>`,
    `<g fill="#fff">${lines.join("")}</g>`,
    `<rect class="qr-ground" x="${qrX}" y="${qrY}" width="${qrBox}" height="${qrBox}" fill="#fff"/>`,
    `<path class="qr" transform="translate(${qrX + quiet * scale} ${qrY + quiet * scale}) scale(${scale})" d="${qr.d}" fill="#000" shape-rendering="crispEdges"/>`,
    `<text x="${qrX + qrBox / 2}" y="${qrY + qrBox + 16}" fill="#fff" font-size="12" text-anchor="middle">扫码查看详情 · 在线举报</text>`,
    `<text x="${SIGN_MM.width / 2}" y="${SIGN_MM.height - 20}" fill="#fff" font-size="12" text-anchor="middle">${esc(ref.district.name)}设立 · 欢迎社会各界监督</text>`,
    `</svg>`,
  ].join("");
}

/** Every signboard of a subdistrict, one per printed page (480 × 300 mm): open and print (or save as PDF). */
export function signboardPrintPage(items: { record: Outfall; url: string }[], ref: ReferenceIndex, title: string): string {
  const pages = items
    .map(({ record, url }) => `<section class="sheet">${signboardSvg(record, ref, url).replace('width="480mm" height="300mm"', 'width="100%" height="100%"')}</section>`)
    .join("");
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title><style>@page{size:480mm 300mm;margin:0}html,body{margin:0;padding:0;background:#fff}.sheet{width:480mm;height:300mm;page-break-after:always;break-after:page;overflow:hidden}.sheet:last-child{page-break-after:auto;break-after:auto}.empty{font:16px sans-serif;padding:2rem}@media screen{body{background:#ccc}.sheet{margin:1rem auto;box-shadow:0 0 4px #666}}</style></head><body>${pages || `<p class="empty">${esc(title)}：没有需要立牌的排污口（整治中、待验收或保留）。</p>`}</body></html>`;
}
