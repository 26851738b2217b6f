// The outfalls a map shows and how they are filtered: pure, shared by the map view and the unit tests.
import type { MapPoint } from "../../functions/src/domain/map-geometry.js";
type Json = Record<string, any>;

export interface MapFilter {
  subdistrict?: string;
  inventory?: string;
  status?: string;
  category?: string;
  overdueOnly?: boolean;
}

export interface OutfallPoint extends MapPoint {
  id: string;
  longitude: number;
  latitude: number;
  name: string;
  tempId: string;
  category?: string;
  inventory?: string;
  deadline?: string;
}

/** The list's records as map points: on the inventory (dismissed ones are not), with coordinates, late as
 *  the digest counts it (past the deadline, or still suspected after the investigation date). */
export function toPoints(records: Json[]): OutfallPoint[] {
  const out: OutfallPoint[] = [];
  for (const r of records) {
    if (r.status === "dismissed" || typeof r.longitude !== "number" || typeof r.latitude !== "number") continue;
    out.push({
      id: r.id,
      tempId: r.tempId,
      name: r.name ?? r.tempId,
      subdistrict: r.subdistrict,
      ...(r.department ? { department: r.department } : {}),
      lng: r.longitude,
      lat: r.latitude,
      longitude: r.longitude,
      latitude: r.latitude,
      status: r.status,
      category: r.category,
      inventory: r.inventory,
      deadline: r.effectiveDeadline,
      ...(r.overdue || r.investigationOverdue ? { overdue: true as const } : {}),
    });
  }
  return out;
}

export function applyFilter(points: readonly OutfallPoint[], f: MapFilter): OutfallPoint[] {
  return points.filter(
    (p) =>
      (!f.subdistrict || p.subdistrict === f.subdistrict) &&
      (!f.inventory || p.inventory === f.inventory) &&
      (!f.status || p.status === f.status) &&
      (!f.category || p.category === f.category) &&
      (!f.overdueOnly || p.overdue === true),
  );
}
