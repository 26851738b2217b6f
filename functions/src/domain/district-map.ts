// The district map as a static SVG (digest page, e-mail as PNG, later the web app and public pages):
// boundary, subdistrict areas with labels, rivers, one dot per outfall coloured by lifecycle state, late
// ones ringed in red, a legend with counts. No tiles, no outside service, no script; deterministic for the
// same input. Pure: geometry from the reference data (map-geometry.ts), labels from the vocabularies.
import { STATUS } from "./enums.js";
import { type MapPoint, type Ring, projection, ringCentre, subdistrictAreas } from "./map-geometry.js";
import { INVENTORY_STATES } from "./progress.js";
import type { ReferenceIndex } from "./reference.js";

/** The states a map (and the digest's bar chart) shows: those on the inventory, in lifecycle order. */
export const MAP_STATES = INVENTORY_STATES;
export type MapState = (typeof MAP_STATES)[number];

export const STATE_COLOURS: Record<MapState, string> = {
  suspected: "#bdbdbd",
  confirmed: "#90caf9",
  traced: "#42a5f5",
  remediating: "#ffb74d",
  "awaiting-acceptance": "#fdd835",
  closed: "#66bb6a",
  retained: "#2e7d32",
};
export const OVERDUE_RING = "#d32f2f";
const FONT = "'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif";

/** Text made safe inside SVG and HTML (element content and quoted attributes). */
export const escapeXml = (v: unknown) =>
  String(v).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export interface DistrictMapInput {
  ref: Pick<ReferenceIndex, "district" | "subdistricts" | "waterBodies">;
  /** The outfalls to draw (already cut to the viewer's scope). */
  points: readonly MapPoint[];
  /** A subdistrict key: its area is highlighted and alone named, the others greyed (a clerk's view). */
  highlight?: string;
  /** Drawing width in pixels (default 720); the height follows the district's shape. */
  width?: number;
  /**
   * Whether names and the legend are drawn as SVG text (default true). False for the e-mail's PNG: the
   * renderer on Lambda has no fonts, so the legend goes beside the image as HTML (mapLegend) instead.
   */
  text?: boolean;
}

export interface LegendEntry {
  key: MapState | "overdue";
  label: string;
  colour: string;
  count: number;
}

/** What the legend says: a count per state (only states present), then the late ones. */
export function mapLegend(points: readonly MapPoint[]): LegendEntry[] {
  const entries: LegendEntry[] = MAP_STATES.map((s) => ({ key: s, label: STATUS.label(s), colour: STATE_COLOURS[s], count: points.filter((p) => p.status === s).length }));
  return [...entries.filter((e) => e.count > 0), { key: "overdue", label: "逾期（红圈）", colour: OVERDUE_RING, count: points.filter((p) => p.overdue).length }];
}

/** The caveat to print under a map while any of its geometry is approximate (needsConfirmation, or
 *  subdistrict areas derived from centres); undefined once the district has confirmed it all. */
export function mapCaveat(ref: DistrictMapInput["ref"]): string | undefined {
  const approximate =
    ref.district.bounds.needsConfirmation === true ||
    ref.subdistricts.some((s) => !s.area || s.area.needsConfirmation === true) ||
    ref.waterBodies.some((w) => w.geometry?.needsConfirmation === true);
  return approximate ? "边界、河道与街道范围为示意（未提供范围的街道按街道中心点推算），以区里提供的正式数据为准。" : undefined;
}

const LEGEND_ROW = 20;
const LEGEND_PER_ROW = 4;

const path = (ring: readonly [number, number][], project: (lng: number, lat: number) => [number, number], close: boolean) =>
  ring.map(([lng, lat], i) => `${i ? "L" : "M"}${project(lng, lat).join(" ")}`).join("") + (close ? "Z" : "");

/** The map as one `<svg>` element (class "district-map"). */
export function districtMapSvg(input: DistrictMapInput): string {
  const { ref, points, highlight } = input;
  const withText = input.text !== false;
  const width = input.width ?? 720;
  const boundary = ref.district.bounds.polygon;
  const proj = projection(boundary, width);
  const legend = mapLegend(points);
  const legendH = withText ? 12 + Math.ceil(legend.length / LEGEND_PER_ROW) * LEGEND_ROW : 0;
  const height = proj.height + legendH;
  const at = proj.project;

  const areas = subdistrictAreas(ref);
  // The highlighted area drawn last among the areas, so neighbours do not cover its outline.
  const areaPaths = ref.subdistricts
    .filter((s) => areas.has(s.key))
    .sort((a, b) => Number(a.key === highlight) - Number(b.key === highlight))
    .map((s) => {
      const own = highlight === undefined || s.key === highlight;
      const fill = highlight === undefined ? "#f4f7f2" : own ? "#fff8e1" : "#eeeeee";
      const stroke = s.key === highlight ? "#f57f17" : "#9aa5b1";
      const name = own ? `<title>${escapeXml(s.name)}</title>` : "";
      return `<path class="area" data-subdistrict="${escapeXml(s.key)}" d="${path(areas.get(s.key)!, at, true)}" fill="${fill}" stroke="${stroke}" stroke-width="${s.key === highlight ? 2 : 0.8}" stroke-dasharray="${s.key === highlight ? "none" : "3 2"}">${name}</path>`;
    });

  const rivers = ref.waterBodies
    .filter((w) => w.geometry)
    .map((w) => {
      // As wide as the data says (within 1.5–14 px, so bank outfalls stay visible); a reach as a thin overlay.
      const strokeW = w.segmentOf ? 1.5 : Math.round(Math.max(1.5, Math.min(14, (w.geometry!.widthM ?? 0) / proj.metresPerUnit)) * 10) / 10;
      const colour = w.segmentOf ? "#4fc3f7" : "#64b5f6";
      return `<path class="river" data-key="${escapeXml(w.key)}" d="${w.geometry!.lines.map((l) => path(l, at, false)).join("")}" fill="none" stroke="${colour}" stroke-width="${strokeW}" stroke-linecap="round" stroke-linejoin="round"${w.segmentOf ? ' stroke-dasharray="4 3"' : ""}><title>${escapeXml(w.name)}</title></path>`;
    });

  // Late dots last, so their rings are never hidden under a neighbour's dot.
  const ordered = [...points].sort((a, b) => Number(!!a.overdue) - Number(!!b.overdue));
  const dots = ordered.map((p) => {
    const [x, y] = at(p.lng, p.lat);
    const state = p.status as MapState;
    const dot = `<circle class="outfall" data-state="${escapeXml(p.status)}" data-subdistrict="${escapeXml(p.subdistrict)}" cx="${x}" cy="${y}" r="4" fill="${STATE_COLOURS[state] ?? "#9e9e9e"}" stroke="#37474f" stroke-width="0.6"/>`;
    return p.overdue ? `${dot}<circle class="overdue-ring" cx="${x}" cy="${y}" r="7" fill="none" stroke="${OVERDUE_RING}" stroke-width="2"/>` : dot;
  });

  const labels = withText ? [...subdistrictLabels(ref, areas, at, highlight), ...riverLabels(ref, at)] : [];
  // The legend's band is painted over whatever of the map (a river) runs past the bottom edge.
  const legendSvg = withText ? `\n<rect class="legend-band" y="${proj.height}" width="${width}" height="${legendH}" fill="#ffffff"/>${legendGroup(legend, proj.height, width)}` : "";
  const title = `${ref.district.name}排污口分布图`;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="district-map" role="img" aria-label="${escapeXml(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}"><title>${escapeXml(title)}</title>
<rect width="${width}" height="${height}" fill="#ffffff"/>
<g class="areas">${areaPaths.join("")}</g>
<g class="rivers">${rivers.join("")}</g>
<path class="boundary" d="${path(boundary, at, true)}" fill="none" stroke="#37474f" stroke-width="2"/>
<g class="labels">${labels.join("")}</g>
<g class="outfalls">${dots.join("")}</g>${legendSvg}</svg>`;
}

const halo = 'stroke="#ffffff" stroke-width="3" paint-order="stroke" stroke-linejoin="round"';

function subdistrictLabels(ref: DistrictMapInput["ref"], areas: Map<string, Ring>, at: (lng: number, lat: number) => [number, number], highlight?: string): string[] {
  return ref.subdistricts
    .filter((s) => areas.has(s.key) && (highlight === undefined || s.key === highlight))
    .map((s) => {
      // The centre of the reference data when it lies in the area (it does for derived cells), else the area's middle.
      const [x, y] = s.area ? at(...ringCentre(s.area.polygon)) : at(s.centre.lng, s.centre.lat);
      return `<text class="area-label" x="${x}" y="${y}" font-size="12" text-anchor="middle" fill="#37474f" ${halo}>${escapeXml(s.name.replace(/街道$/u, ""))}</text>`;
    });
}

function riverLabels(ref: DistrictMapInput["ref"], at: (lng: number, lat: number) => [number, number]): string[] {
  return ref.waterBodies
    .filter((w) => w.geometry && !w.segmentOf)
    .map((w) => {
      const line = w.geometry!.lines[0]!;
      const [x, y] = at(...line[Math.floor((line.length - 1) / 2)]!);
      return `<text class="river-label" x="${x}" y="${y - 6}" font-size="10" font-style="italic" text-anchor="middle" fill="#1565c0" ${halo}>${escapeXml(w.name)}</text>`;
    });
}

function legendGroup(legend: LegendEntry[], top: number, width: number): string {
  const cell = (width - 24) / LEGEND_PER_ROW;
  const items = legend.map((e, i) => {
    const x = 12 + (i % LEGEND_PER_ROW) * cell;
    const y = top + 10 + Math.floor(i / LEGEND_PER_ROW) * LEGEND_ROW;
    const mark =
      e.key === "overdue"
        ? `<circle cx="${x + 7}" cy="${y + 7}" r="6" fill="none" stroke="${e.colour}" stroke-width="2"/>`
        : `<circle cx="${x + 7}" cy="${y + 7}" r="5" fill="${e.colour}" stroke="#37474f" stroke-width="0.6"/>`;
    return `<g class="legend-item" data-key="${escapeXml(e.key)}">${mark}<text x="${x + 18}" y="${y + 11}" font-size="12" fill="#1f2328">${escapeXml(e.label)} ${e.count}</text></g>`;
  });
  return `\n<g class="legend">${items.join("")}</g>`;
}
