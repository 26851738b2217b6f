/**
 * Coordinates: datum conversion to WGS84, rounding, point-in-polygon, distances.
 *
 * gcoord ships CommonJS (`main`) and an ESM build (`module`, default export only), with no
 * `exports` map. Only the default import works everywhere: Node/tsx ESM sees `module.exports`
 * as the default, esbuild picks either build and exposes the same object as default. Named
 * imports (`import { transform } from "gcoord"`) fail under plain Node ESM.
 */
import gcoord from "gcoord";
import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";

export interface LngLat {
  lng: number;
  lat: number;
}

export type Datum = "wgs84" | "cgcs2000" | "gcj02" | "bd09";

export const DATUM_LABELS: Record<Datum, string> = {
  wgs84: "WGS84",
  cgcs2000: "CGCS2000（国家2000）",
  gcj02: "GCJ-02（高德/腾讯）",
  bd09: "BD-09（百度）",
};

export const EARTH_RADIUS_M = 6371008.8;

/** Rounds to 6 decimal places (≈ 0.1 m), half away from zero; never returns -0. */
export function roundCoord(x: number): number {
  const r = (Math.sign(x) * Math.round(Math.abs(x) * 1e6)) / 1e6;
  return r === 0 ? 0 : r;
}

/**
 * Converts a point given in `datum` to WGS84, rounded to 6 places. WGS84 and CGCS2000 differ by
 * centimetres and pass through unchanged (only rounded). Throws RangeError on non-finite input.
 */
export function toWgs84(point: LngLat, datum: Datum): LngLat {
  if (!Number.isFinite(point.lng) || !Number.isFinite(point.lat)) {
    throw new RangeError(`coordinates must be finite numbers, got ${point.lng}, ${point.lat}`);
  }
  let lng = point.lng;
  let lat = point.lat;
  if (datum === "gcj02" || datum === "bd09") {
    const from = datum === "gcj02" ? gcoord.GCJ02 : gcoord.BD09;
    [lng, lat] = gcoord.transform<[number, number]>([lng, lat], from, gcoord.WGS84);
  }
  return { lng: roundCoord(lng), lat: roundCoord(lat) };
}

/**
 * True if `point` is inside `polygon` ([lng, lat] vertices; the ring is closed automatically)
 * or on its boundary. Fewer than 3 distinct vertices: false.
 */
export function isPointInPolygon(point: LngLat, polygon: [number, number][]): boolean {
  const ring = polygon.map(([x, y]) => [x, y] as [number, number]);
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) ring.push([first[0], first[1]]);
  if (ring.length < 4) return false;
  return booleanPointInPolygon([point.lng, point.lat], { type: "Polygon", coordinates: [ring] });
}

const toRad = (deg: number): number => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine, mean Earth radius 6371008.8 m). */
export function distanceMeters(a: LngLat, b: LngLat): number {
  const dLat = toRad(b.lat - a.lat);
  const dLng = toRad(b.lng - a.lng);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The candidate closest to `point` whose distance is ≤ `radiusM`, or undefined. Ties go to the
 * earlier candidate.
 */
export function nearestWithin<T extends LngLat>(
  point: LngLat,
  candidates: T[],
  radiusM: number,
): { item: T; distanceM: number } | undefined {
  let best: { item: T; distanceM: number } | undefined;
  for (const item of candidates) {
    const d = distanceMeters(point, item);
    if (d <= radiusM && (best === undefined || d < best.distanceM)) best = { item, distanceM: d };
  }
  return best;
}
