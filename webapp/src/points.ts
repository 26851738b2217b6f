// The outfalls a map shows and how they are filtered: pure, shared by the map view and the unit tests.
import type { MapPoint } from "../../functions/src/domain/map-geometry.js";
type Json = Record<string, any>;

export interface MapFilter {
  subdistrict?: string;
  inventory?: string;
  status?: string;
  category?: string;
  overdueOnly?: boolean;
  /** The campaign milestone (deadline rule) a record is held to, e.g. 2025 年底前完成整治. */
  milestone?: string;
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
  milestone?: string;
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
      milestone: r.deadlineLabel,
      ...(r.overdue || r.investigationOverdue ? { overdue: true as const } : {}),
    });
  }
  return out;
}

/** The milestones the points are held to, in deadline order: the choices of the map's 节点 filter. */
export function milestones(points: readonly OutfallPoint[]): string[] {
  const first = new Map<string, string>();
  for (const p of points) if (p.milestone && !first.has(p.milestone)) first.set(p.milestone, p.deadline ?? "");
  return [...first].sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0])).map(([m]) => m);
}

export function applyFilter(points: readonly OutfallPoint[], f: MapFilter): OutfallPoint[] {
  return points.filter(
    (p) =>
      (!f.subdistrict || p.subdistrict === f.subdistrict) &&
      (!f.inventory || p.inventory === f.inventory) &&
      (!f.status || p.status === f.status) &&
      (!f.category || p.category === f.category) &&
      (!f.overdueOnly || p.overdue === true) &&
      (!f.milestone || p.milestone === f.milestone),
  );
}

export interface Cluster {
  /** Mean position of the members (stored datum). */
  lng: number;
  lat: number;
  members: OutfallPoint[];
  overdue: number;
}

/**
 * Points grouped by the screen cell (`cellPx` square) they fall in, for low zoom levels where thousands of
 * dots would overlap: one cluster per occupied cell, single points stay clusters of one.
 */
export function clusterByCell(points: readonly OutfallPoint[], toPixel: (p: OutfallPoint) => { x: number; y: number }, cellPx = 48): Cluster[] {
  const cells = new Map<string, OutfallPoint[]>();
  for (const p of points) {
    const { x, y } = toPixel(p);
    const key = `${Math.floor(x / cellPx)}:${Math.floor(y / cellPx)}`;
    const list = cells.get(key);
    if (list) list.push(p);
    else cells.set(key, [p]);
  }
  return [...cells.values()].map((members) => ({
    lng: members.reduce((a, p) => a + p.lng, 0) / members.length,
    lat: members.reduce((a, p) => a + p.lat, 0) / members.length,
    members,
    overdue: members.filter((p) => p.overdue).length,
  }));
}
