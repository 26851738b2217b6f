// Level-1 survey points (一级排查：遥感、航测解译) from GeoJSON, KML or CSV become suspected outfalls (疑似): each
// assigned to the subdistrict it falls in (its polygon where the reference data has one, else the nearest centre,
// flagged), points within 10 m of an existing outfall reported as matches instead, points outside the district
// refused. surveyLevel 1 makes the API create them as 疑似; each clerk's pull then shows them to confirm or dismiss.
import { readFileSync } from "node:fs";
import { basename, extname } from "node:path";
import { kml } from "@tmcw/togeojson";
import { DOMParser } from "@xmldom/xmldom";
import type { Principal } from "../../../functions/src/domain/access.js";
import { type LngLat, isPointInPolygon, nearestWithin, toWgs84 } from "../../../functions/src/domain/geo.js";
import { type Normalization, noteOf, parseCoordinate } from "../../../functions/src/domain/normalize.js";
import type { ReferenceIndex } from "../../../functions/src/domain/reference.js";
import { UserError } from "../../../sheets-addon/src/core/engine.js";
import type { Lookup } from "../../../sheets-addon/src/core/reference.js";
import type { Rec } from "../../../sheets-addon/src/core/types.js";
import { type Existing, legacyKey } from "./duplicates.js";
import type { PlannedRow } from "./plan.js";
import { type Prepared, subdistrictOf } from "./prepare.js";
import { decodeText, parseCsv } from "./source.js";

export const MATCH_RADIUS_M = 10;

export interface SurveyPoint {
  /** Feature number (1-based) or CSV row number. */
  row: number;
  lng: unknown;
  lat: unknown;
  props: Record<string, unknown>;
}

const pick = (props: Record<string, unknown>, names: string[]) => {
  for (const n of names) {
    const v = props[n];
    if (v !== undefined && v !== null && String(v).trim()) return v;
  }
  return undefined;
};

/** The points of a .geojson/.json, .kml or .csv file. */
export function readPoints(file: string): SurveyPoint[] {
  const ext = extname(file).toLowerCase();
  const text = decodeText(readFileSync(file));
  if (ext === ".kml") {
    const doc = new DOMParser().parseFromString(text, "text/xml");
    return fromGeoJson(kml(doc as unknown as Parameters<typeof kml>[0]));
  }
  if (ext === ".geojson" || ext === ".json") {
    try {
      return fromGeoJson(JSON.parse(text));
    } catch (error) {
      throw new UserError(`「${basename(file)}」不是有效的 GeoJSON：${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (ext === ".csv") {
    const [header = [], ...rows] = parseCsv(text);
    const names = header.map((h) => h.trim());
    return rows
      .map((cells, i) => ({ cells, row: i + 2 }))
      .filter(({ cells }) => cells.some((c) => c.trim()))
      .map(({ cells, row }) => {
        const props = Object.fromEntries(names.map((n, j) => [n, cells[j] ?? ""]));
        return { row, lng: pick(props, ["经度", "lng", "lon", "longitude", "x", "X"]), lat: pick(props, ["纬度", "lat", "latitude", "y", "Y"]), props };
      });
  }
  throw new UserError(`不支持的点位文件「${basename(file)}」：请提供 .geojson、.kml 或 .csv`);
}

function fromGeoJson(doc: { type?: string; features?: { geometry?: { type?: string; coordinates?: unknown[] } | null; properties?: Record<string, unknown> | null; id?: unknown }[] }): SurveyPoint[] {
  if (doc.type !== "FeatureCollection" || !Array.isArray(doc.features)) throw new UserError("点位文件应为 GeoJSON FeatureCollection（或 KML）");
  return doc.features.map((f, i) => {
    const c = f.geometry?.type === "Point" ? f.geometry.coordinates ?? [] : [];
    return { row: i + 1, lng: c[0], lat: c[1], props: { ...(f.id !== undefined ? { id: f.id } : {}), ...(f.properties ?? {}) } };
  });
}

export interface PointsContext {
  file: string;
  ref: ReferenceIndex;
  actor: Principal;
  ledger: Existing[];
  lookups: Map<string, Lookup>;
  /** Defaults: the survey method (remote-sensing or aerial), a water body when the points carry none. */
  method: string;
  waterBody?: string;
  datum?: "wgs84" | "cgcs2000" | "gcj02" | "bd09";
}

/** Each point's outcome, in the import report's shape. */
export function planPoints(points: SurveyPoint[], c: PointsContext): PlannedRow[] {
  const located = c.ledger.filter((r): r is Existing & { point: LngLat } => !!r.point).map((r) => ({ ...r.point, r }));
  const own = c.actor.role === "clerk" ? c.actor.subdistrict : undefined;
  const imported = new Map(c.ledger.flatMap((r) => (r.legacy ? [[r.legacy, r] as const] : [])));
  return points.map((p): PlannedRow => {
    const normalized: Normalization[] = [];
    const defaulted: { field: string; value: string }[] = [];
    const lng = parseCoordinate(p.lng);
    const lat = parseCoordinate(p.lat);
    const code = pick(p.props, ["编号", "id", "ID", "code", "name"]);
    const name = pick(p.props, ["名称", "name", "排污口名称"]);
    const values: Rec = {
      ...(name ? { name: String(name).trim() } : {}),
      surveyLevel: 1,
      surveyMethod: c.method,
      legacyRef: { ...(code !== undefined ? { code: String(code).trim().slice(0, 60) } : {}), file: basename(c.file), row: p.row },
    };
    const prepared: Prepared = { row: p.row, blank: false, values, normalized, defaulted, problems: [] };
    if (!lng || !lat) {
      prepared.problems.push({ field: "longitude", rule: "R-REQUIRED", message: `第 ${p.row} 个点没有可读的经纬度` });
      return { prepared, outcome: "有误", problems: prepared.problems };
    }
    for (const [field, parsed, raw] of [["longitude", lng, p.lng], ["latitude", lat, p.lat]] as const) {
      const n = noteOf(field, parsed.rules, raw, parsed.value);
      if (n) normalized.push(n);
    }
    const point = toWgs84({ lng: lng.value, lat: lat.value }, c.datum ?? "wgs84");
    Object.assign(values, { longitude: point.lng, latitude: point.lat });
    prepared.point = point;
    if (!isPointInPolygon(point, c.ref.district.bounds.polygon)) {
      prepared.problems.push({ field: "longitude", rule: "R-BOUNDS", message: `点位（经度 ${point.lng}，纬度 ${point.lat}）不在${c.ref.district.name}范围内，未导入` });
      return { prepared, outcome: "有误", problems: prepared.problems };
    }
    const water = pick(p.props, ["受纳水体", "waterBody", "河道", "水体"]) ?? c.waterBody;
    if (water !== undefined) {
      const key = c.lookups.get("waterBodies")?.keyOf(String(water));
      values.waterBody = key ?? String(water);
      if (key === undefined) prepared.problems.push({ field: "waterBody", rule: "R-REFERENCE", message: `「受纳水体」「${String(water)}」不在本区水体名单中` });
      if (pick(p.props, ["受纳水体", "waterBody", "河道", "水体"]) === undefined) defaulted.push({ field: "waterBody", value: String(water) });
    } else prepared.problems.push({ field: "waterBody", rule: "R-REQUIRED", message: "点位没有受纳水体：请在点位属性中填写「受纳水体」，或用 --water-body 指定" });
    const sub = subdistrictOf(point, c.ref)!;
    values.subdistrict = sub.key;
    defaulted.push({ field: "subdistrict", value: `${sub.name}（${sub.how === "polygon" ? "按街道范围" : "按最近的街道中心分配，请核对"}）` });
    const base = { prepared, subdistrict: sub.name, problems: prepared.problems };
    const done = imported.get(legacyKey(values.legacyRef) ?? "");
    if (done) return { ...base, outcome: "跳过", target: done.tempId, note: `已导入（${done.tempId}），本次不再发送` };
    const match = nearestWithin(point, located, MATCH_RADIUS_M);
    if (match) {
      return { ...base, outcome: "可能重复", target: match.item.r.tempId, note: `与已有排污口 ${match.item.r.tempId} 相距 ${match.distanceM.toFixed(1)} 米，视为同一点位，未新建` };
    }
    if (prepared.problems.length) return { ...base, outcome: "有误" };
    if (own && sub.key !== own) return { ...base, outcome: "跳过", note: `属于${sub.name}：由该街道经办人或区治水办导入` };
    return { ...base, outcome: "新增", note: "疑似排污口，待街道核实或认定非排口" };
  });
}
