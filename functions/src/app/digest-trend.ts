// The trend chart of the digest page: done % per subdistrict over the kept digests (one point a week), the
// district's line bold, and the district's overdue count as bars on a second scale. Inline SVG, no script.
import type { Progress } from "../domain/progress.js";
import { esc } from "./digest-tables.js";

const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173"];

/** Undefined when there is nothing to draw (a digest without a kept trend). */
export function trendChart(p: Progress): string | undefined {
  const points = p.trend ?? [];
  if (!points.length) return undefined;
  const W = 760;
  const H = 300;
  const left = 44;
  const right = 130;
  const top = 16;
  const bottom = 40;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const x = (i: number) => left + (points.length === 1 ? plotW / 2 : (i / (points.length - 1)) * plotW);
  const y = (pct: number) => top + plotH - (Math.max(0, Math.min(100, pct)) / 100) * plotH;
  const maxOverdue = Math.max(1, ...points.map((t) => t.district.overdue));
  const day = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(5, 10);
  const grid = [0, 25, 50, 75, 100]
    .map((v) => `<line x1="${left}" x2="${left + plotW}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e7eb"/><text x="${left - 4}" y="${y(v) + 4}" font-size="10" text-anchor="end">${v}%</text>`)
    .join("");
  const barW = Math.max(4, Math.min(24, plotW / points.length / 3));
  const bars = points
    .map((t, i) => {
      const h = (t.district.overdue / maxOverdue) * plotH * 0.4;
      return `<rect class="overdue-bar" x="${(x(i) - barW / 2).toFixed(1)}" y="${(top + plotH - h).toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="#d32f2f" opacity="0.25"><title>逾期 ${t.district.overdue}</title></rect><text x="${x(i).toFixed(1)}" y="${H - bottom + 14}" font-size="10" text-anchor="middle">${day(t.asOf)}</text>`;
    })
    .join("");
  const line = (key: string, label: string, values: (number | undefined)[], colour: string, width: number, row: number) => {
    const pts = values.flatMap((v, i) => (v === undefined ? [] : [`${x(i).toFixed(1)},${y(v).toFixed(1)}`]));
    if (!pts.length) return "";
    const dots = pts.map((pt) => `<circle cx="${pt.split(",")[0]}" cy="${pt.split(",")[1]}" r="${width + 1}" fill="${colour}"/>`).join("");
    return `<g class="trend-line" data-key="${esc(key)}"><polyline points="${pts.join(" ")}" fill="none" stroke="${colour}" stroke-width="${width}"><title>${esc(label)}</title></polyline>${dots}<rect x="${left + plotW + 10}" y="${top + row * 15}" width="10" height="3" fill="${colour}"/><text x="${left + plotW + 24}" y="${top + row * 15 + 5}" font-size="10">${esc(label)}</text></g>`;
  };
  const keys = p.bySubdistrict.map((g) => g.key);
  const lines = [
    line("district", `${p.district.label}`, points.map((t) => t.district.donePct), "#111827", 3, 0),
    ...keys.map((k, i) => line(k, p.bySubdistrict[i]!.label, points.map((t) => t.bySubdistrict[k]?.donePct), PALETTE[i % PALETTE.length]!, 1.5, i + 1)),
  ].join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" class="trend" role="img" aria-label="完成率趋势" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${grid}${bars}${lines}<text x="${left}" y="${H - 6}" font-size="10" fill="#57606a">折线：完成率（%）；浅红柱：${esc(p.district.label)}逾期数（最高 ${maxOverdue}）；每周取最后一期通报</text></svg>`;
}
