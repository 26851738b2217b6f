/**
 * Default outfall name (domain.md §2): 街道 + 村/社区 or landmark + direction + distance + [n#] + type,
 * e.g. 凯旋街道新塘路桥东南120米2#城镇雨洪排口. For enterprise or plant outfalls the responsible
 * party's name replaces direction and distance: 九堡街道杭州某某印染有限公司1#工业企业排污口.
 * The result is only a default; the clerk may edit it.
 */
import type { LngLat } from "./geo.js";

export type Direction = "E" | "S" | "W" | "N" | "NE" | "NW" | "SE" | "SW";

export const DIRECTION_LABELS: Record<Direction, string> = {
  E: "东",
  S: "南",
  W: "西",
  N: "北",
  NE: "东北",
  NW: "西北",
  SE: "东南",
  SW: "西南",
};

export interface NameParts {
  subdistrictName: string;
  place?: string;
  direction?: Direction;
  distanceM?: number;
  ordinal?: number;
  typeName: string;
  partyName?: string;
}

/**
 * Composes the default name. Blank parts are omitted; `place` loses a leading copy of the
 * subdistrict name; the distance is rounded to whole metres and omitted if it rounds to 0;
 * `partyName`, when given, replaces direction and distance (place is kept if given).
 * Throws RangeError for a negative or non-finite distance or a non-positive/non-integer ordinal.
 */
export function defaultOutfallName(p: NameParts): string {
  const subdistrict = p.subdistrictName.trim();
  let place = (p.place ?? "").trim();
  if (subdistrict && place.startsWith(subdistrict)) place = place.slice(subdistrict.length).trim();
  const party = (p.partyName ?? "").trim();

  const parts: string[] = [subdistrict, place];
  if (party) {
    parts.push(party);
  } else {
    if (p.direction !== undefined) parts.push(DIRECTION_LABELS[p.direction]);
    if (p.distanceM !== undefined) {
      if (!Number.isFinite(p.distanceM) || p.distanceM < 0) {
        throw new RangeError(`distance must be a non-negative number of metres, got ${p.distanceM}`);
      }
      const metres = Math.round(p.distanceM);
      if (metres > 0) parts.push(`${metres}米`);
    }
  }
  if (p.ordinal !== undefined) {
    if (!Number.isSafeInteger(p.ordinal) || p.ordinal < 1) {
      throw new RangeError(`ordinal must be a positive integer, got ${p.ordinal}`);
    }
    parts.push(`${p.ordinal}#`);
  }
  parts.push(p.typeName.trim());
  return parts.join("");
}

const SECTORS: readonly Direction[] = ["N", "NE", "E", "SE", "S", "SW", "W", "NW"];

/**
 * 8-way direction of `to` as seen from `from`, from the initial great-circle bearing (0° = north,
 * clockwise); each sector spans 45° centred on its direction, boundaries go clockwise
 * (exactly 22.5° is NE). Identical points give "N".
 */
export function directionFrom(from: LngLat, to: LngLat): Direction {
  const phi1 = (from.lat * Math.PI) / 180;
  const phi2 = (to.lat * Math.PI) / 180;
  const dLng = ((to.lng - from.lng) * Math.PI) / 180;
  const y = Math.sin(dLng) * Math.cos(phi2);
  const x = Math.cos(phi1) * Math.sin(phi2) - Math.sin(phi1) * Math.cos(phi2) * Math.cos(dLng);
  const bearing = ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360;
  return SECTORS[Math.floor((bearing + 22.5) / 45) % 8]!;
}
