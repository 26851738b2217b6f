// Geometry of the district map (digest, bulletin, later the web app and public pages): the projection of
// WGS84/CGCS2000 lon/lat onto a flat drawing, the subdistrict areas, and the outfall points a map shows.
// Pure: no file system, no AWS. Shapes come from the reference data (functions/reference/*.json).
import { type Campaign, deriveStatus } from "./campaign.js";
import type { Status } from "./enums.js";
import type { ProgressInput } from "./progress.js";
import type { ReferenceIndex } from "./reference.js";

export type Ring = [number, number][];

/** One outfall on the map: where it is, whose it is, its lifecycle state and whether it is late. */
export interface MapPoint {
  subdistrict: string;
  department?: string;
  lng: number;
  lat: number;
  status: Status;
  /** Late as the digest counts it: past its deadline, or still suspected after the investigation date. */
  overdue?: true;
}

export interface Projection {
  width: number;
  height: number;
  /** Ground metres per drawing unit. */
  metresPerUnit: number;
  /** [x, y] in drawing units, rounded to 0.1 (deterministic output). */
  project(lng: number, lat: number): [number, number];
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Equirectangular projection with the longitude scaled by cos(mid-latitude): at district scale (tens of
 * km) its distortion is far below the accuracy of the reference geometry, and it needs no library.
 * The drawing is `width` wide, fits `extent` (any [lng, lat] ring) with `padding` on every side, and is
 * as tall as the extent's shape requires. North is up.
 */
export function projection(extent: readonly [number, number][], width: number, padding = 16): Projection {
  const lngs = extent.map((p) => p[0]);
  const lats = extent.map((p) => p[1]);
  const [lng0, lng1, lat0, lat1] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
  const k = Math.cos((((lat0 + lat1) / 2) * Math.PI) / 180);
  const spanX = Math.max((lng1 - lng0) * k, 1e-9);
  const scale = (width - 2 * padding) / spanX;
  const height = Math.round((lat1 - lat0) * scale + 2 * padding);
  return {
    width,
    height,
    metresPerUnit: 111_195 / scale,
    project: (lng, lat) => [round1(padding + (lng - lng0) * k * scale), round1(padding + (lat1 - lat) * scale)],
  };
}

/** The part of `ring` on the side of the line where `a·p <= b` (Sutherland–Hodgman, one edge). The
 *  subject may be concave: the result is still the right region (at worst with zero-width bridges). */
function clipHalfPlane(ring: Ring, a: [number, number], b: number): Ring {
  const out: Ring = [];
  const side = (p: [number, number]) => a[0] * p[0] + a[1] * p[1] - b;
  for (let i = 0; i < ring.length; i++) {
    const p = ring[i]!;
    const q = ring[(i + 1) % ring.length]!;
    const sp = side(p);
    const sq = side(q);
    if (sp <= 0) out.push(p);
    if ((sp < 0 && sq > 0) || (sp > 0 && sq < 0)) {
      const t = sp / (sp - sq);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  return out;
}

/**
 * Each subdistrict's area, as [lng, lat] rings: the `area.polygon` of the reference data where the
 * district supplied one, else the cell of its centre (every point of the district nearer to that centre
 * than to any other, clipped to the district boundary).
 *
 * Why derived cells rather than hand-drawn outlines: the centres are themselves approximate (±1–2 km), so a
 * hand-drawn outline would be no more accurate yet would look official; a cell is plainly a derivation,
 * always tiles the boundary without gaps or overlaps, and any district gets one from the data it already
 * has. The official outlines replace the cells entry by entry as the district supplies them.
 */
export function subdistrictAreas(ref: Pick<ReferenceIndex, "district" | "subdistricts">): Map<string, Ring> {
  const boundary = ref.district.bounds.polygon;
  const lats = boundary.map((p) => p[1]);
  const k = Math.cos((((Math.min(...lats) + Math.max(...lats)) / 2) * Math.PI) / 180);
  // Distances are compared in a locally metric frame (longitude scaled), then mapped back to lon/lat.
  const toLocal = ([lng, lat]: [number, number]): [number, number] => [lng * k, lat];
  const open = boundary.slice(0, -1).map(toLocal);
  const out = new Map<string, Ring>();
  for (const s of ref.subdistricts) {
    if (s.area) {
      out.set(s.key, s.area.polygon);
      continue;
    }
    const c = toLocal([s.centre.lng, s.centre.lat]);
    let cell: Ring = open;
    for (const o of ref.subdistricts) {
      if (o.key === s.key) continue;
      const d = toLocal([o.centre.lng, o.centre.lat]);
      // Nearer to c than to d: (d − c)·p <= (|d|² − |c|²) / 2.
      cell = clipHalfPlane(cell, [d[0] - c[0], d[1] - c[1]], (d[0] ** 2 + d[1] ** 2 - c[0] ** 2 - c[1] ** 2) / 2);
      if (cell.length === 0) break;
    }
    if (cell.length >= 3) out.set(s.key, [...cell, cell[0]!].map(([x, y]) => [x / k, y] as [number, number]));
  }
  return out;
}

/** Mean of a ring's distinct vertices: where an area's label goes when no centre is given. */
export function ringCentre(ring: Ring): [number, number] {
  const pts = ring.length > 1 && ring[0]![0] === ring.at(-1)![0] && ring[0]![1] === ring.at(-1)![1] ? ring.slice(0, -1) : ring;
  return [pts.reduce((a, p) => a + p[0], 0) / pts.length, pts.reduce((a, p) => a + p[1], 0) / pts.length];
}

const round5 = (x: number) => Math.round(x * 1e5) / 1e5;

/**
 * The map's points: every outfall with coordinates that is on the inventory (dismissed ones are not),
 * late as deriveStatus (campaign.ts) says — the same count as the digest's 逾期. Sorted, so the stored
 * digest and the drawing are the same whatever order the records were read in.
 */
export function mapPoints(records: Iterable<ProgressInput>, ref: ReferenceIndex, campaign: Campaign, now: Date): MapPoint[] {
  const out: MapPoint[] = [];
  for (const r of records) {
    if (r.status === "dismissed" || typeof r.longitude !== "number" || typeof r.latitude !== "number") continue;
    const d = deriveStatus(r, campaign, ref, now);
    out.push({
      subdistrict: r.subdistrict,
      ...(r.department ? { department: r.department } : {}),
      lng: round5(r.longitude),
      lat: round5(r.latitude),
      status: r.status,
      ...(d.overdue || d.investigationOverdue ? { overdue: true as const } : {}),
    });
  }
  return out.sort((a, b) => a.subdistrict.localeCompare(b.subdistrict) || a.lng - b.lng || a.lat - b.lat || a.status.localeCompare(b.status));
}
