// One old-ledger row → the values the API would store, through the add-on's own cell conversion and the shared
// normalizer (so a row imported and a row pasted into a sheet come out the same), plus what old ledgers lack:
// defaults, the legacy reference, the datum conversion, the subdistrict when it is missing. Problems found before
// any request (swapped coordinates, unparseable cells, the API's own rules checked locally) make the row 有误.
import type * as z from "zod/mini";
import { fieldLabel } from "../../../functions/src/domain/fields.js";
import { type Datum, type LngLat, distanceMeters, isPointInPolygon, toWgs84 } from "../../../functions/src/domain/geo.js";
import { toKeys } from "../../../functions/src/domain/labels.js";
import { type Normalization, type NormalizationRule, cleanText, looksSwapped, noteOf, parseDate } from "../../../functions/src/domain/normalize.js";
import { toHalfWidth } from "../../../functions/src/domain/text.js";
import type { Principal } from "../../../functions/src/domain/access.js";
import { type Outfall, OutfallCreateInput } from "../../../functions/src/domain/outfall.js";
import { planRules } from "../../../functions/src/domain/rules.js";
import { buildNewOutfall } from "../../../functions/src/domain/record.js";
import type { ReferenceIndex } from "../../../functions/src/domain/reference.js";
import { type CellContext, readFields } from "../../../sheets-addon/src/core/convert.js";
import { FIELDS, type Layout } from "../../../sheets-addon/src/core/columns.js";
import type { Rec } from "../../../sheets-addon/src/core/types.js";
import { IMPORT_DEFAULTS, type MappingFile } from "./mapping.js";
import type { SourceRow, SourceTable } from "./source.js";

export interface Problem {
  field: string;
  rule: string;
  message: string;
}

export interface Prepared {
  row: number;
  blank: boolean;
  /** The create body (keys, WGS84, legacyRef) when the row could be read. */
  values: Rec;
  /** WGS84 point, when the row has one. */
  point?: LngLat;
  normalized: Normalization[];
  /** Defaults filled in: field → value shown. */
  defaulted: { field: string; value: string }[];
  problems: Problem[];
}

export interface PrepareContext {
  layout: Layout;
  /** Local reference index (functions/reference) for the API's rules, checked before sending. */
  ref: ReferenceIndex;
  mapping: MappingFile;
  targets: (string | undefined)[];
  table: SourceTable;
  /** The clerk's own subdistrict (key) when the user is bound to one. */
  own?: string;
  /** Who imports (the plan's rules depend on the role). */
  actor: Principal;
}

const CELL_CTX = (layout: Layout): CellContext => ({ layout, formatDate: (d) => d.toISOString().slice(0, 10) });

/** The subdistrict a point falls in: by its polygon (`area`) when the reference data has one, else the nearest
 *  centre (flagged, since a centre is only approximate). */
export function subdistrictOf(point: LngLat, ref: ReferenceIndex): { key: string; name: string; how: "polygon" | "nearest" } | undefined {
  for (const s of ref.subdistricts as readonly { key: string; name: string; area?: unknown; polygon?: unknown }[]) {
    const ring = (Array.isArray(s.area) ? s.area : Array.isArray(s.polygon) ? s.polygon : undefined) as [number, number][] | undefined;
    if (ring && ring.length >= 3 && isPointInPolygon(point, ring)) return { key: s.key, name: s.name, how: "polygon" };
  }
  let best: { key: string; name: string; d: number } | undefined;
  for (const s of ref.subdistricts as readonly { key: string; name: string; centre?: LngLat }[]) {
    if (!s.centre) continue;
    const d = distanceMeters(point, s.centre);
    if (!best || d < best.d) best = { key: s.key, name: s.name, d };
  }
  return best && { key: best.key, name: best.name, how: "nearest" };
}

function problemsOf(violations: { field: string; rule: string; message: string }[]): Problem[] {
  return violations.map((v) => ({ field: v.field, rule: v.rule, message: v.message }));
}

export function prepareRow(src: SourceRow, c: PrepareContext): Prepared {
  const cells = new Map<string, unknown>();
  const legacy: Record<string, unknown> = {};
  c.targets.forEach((t, i) => {
    if (!t) return;
    if (t.startsWith("legacy.")) legacy[t.slice(7)] = src.cells[i];
    else cells.set(t, src.cells[i]);
  });
  const out: Prepared = { row: src.row, blank: false, values: {}, normalized: [], defaulted: [], problems: [] };
  const blank = (v: unknown) => v === undefined || v === null || (typeof v === "string" && !v.trim());
  if ([...cells.values(), ...Object.values(legacy)].every(blank)) return { ...out, blank: true };
  // Defaults for what old ledgers lack (the mapping file's, else the import's), filled only into blank cells.
  for (const [key, value] of Object.entries({ ...IMPORT_DEFAULTS, ...c.mapping.defaults })) {
    if (c.layout.byKey.has(key) && blank(cells.get(key))) {
      cells.set(key, value);
      out.defaulted.push({ field: key, value: c.layout.byKey.get(key)?.lookup?.labelOf(value) ?? String(value) });
    }
  }
  const read = readFields((key) => ({ value: cells.get(key) ?? "" }), CELL_CTX(c.layout));
  out.normalized.push(...read.normalized);
  const values: Rec = {};
  for (const f of FIELDS) if (read.fields[f] !== undefined && f !== "longitude" && f !== "latitude") values[f] = read.fields[f];
  // Coordinates: declared datum (column or mapping) converted here, so duplicates are compared in WGS84.
  const lng = read.fields.longitude;
  const lat = read.fields.latitude;
  if (typeof lng === "number" && typeof lat === "number") {
    if (looksSwapped(lng, lat)) {
      out.problems.push({
        field: "longitude",
        rule: "I-SWAPPED",
        message: `经纬度疑似填反（经度 ${lng}，纬度 ${lat}）：建议改为 经度 ${lat}，纬度 ${lng}。请在旧台账中核对后改正，导入不会自动对调`,
      });
      values.longitude = lng;
      values.latitude = lat;
    } else {
      const datum = (read.datum ?? c.mapping.datum) as Datum | undefined;
      const known = datum === undefined || ["wgs84", "cgcs2000", "gcj02", "bd09"].includes(datum);
      const point = known ? toWgs84({ lng, lat }, datum ?? "wgs84") : { lng, lat };
      if (known && datum && datum !== "wgs84" && datum !== "cgcs2000") {
        out.normalized.push(noteOf("longitude", ["N-NUMBER"], `${lng}, ${lat}（${datum}）`, `${point.lng}, ${point.lat}`)!);
        out.normalized[out.normalized.length - 1]!.message = `${datum === "gcj02" ? "GCJ-02（高德/腾讯）" : "BD-09（百度）"}坐标已换算为 WGS84`;
      }
      if (!known) values.datum = read.datum;
      values.longitude = point.lng;
      values.latitude = point.lat;
      out.point = point;
    }
  } else if (lng !== undefined || lat !== undefined) {
    values.longitude = lng;
    values.latitude = lat;
  }
  if (values.subdistrict === undefined) {
    const by = c.own ? { key: c.own, how: "own" as const } : out.point ? subdistrictOf(out.point, c.ref) : undefined;
    if (by) {
      values.subdistrict = by.key;
      out.defaulted.push({ field: "subdistrict", value: `${c.ref.subdistrictByKey.get(by.key)?.name ?? by.key}（${by.how === "own" ? "本街道" : by.how === "polygon" ? "按坐标所在街道" : "按最近的街道中心，请核对"}）` });
    }
  }
  // The responsible party's kind, when the ledger has none: from the credit code's first character (9 企业,
  // 1 机关/事业单位) or the name, else left for the API to ask for.
  const party = (values.responsibleParties as Rec[] | undefined)?.[0];
  if (party && party.kind === undefined) {
    const code = String(party.creditCode ?? "");
    const name = String(party.name ?? "");
    const kind = /^9/.test(code) || /公司|厂|企业|酒店|饭店/.test(name)
      ? "enterprise"
      : /^1/.test(code) || /局|委|办|政府|街道|学校|医院|中心/.test(name)
        ? "government"
        : /小区|物业|苑|花园|公寓/.test(name)
          ? "residential"
          : "individual";
    party.kind = kind;
    out.defaulted.push({ field: "responsibleParties[0].kind", value: c.layout.lookups.get("partyKind")?.labelOf(kind) ?? kind });
  }
  // Old dates without a field of their own are kept in the plan text.
  const dated: string[] = [];
  for (const [k, label] of [["plannedAt", "计划完成时间"], ["completedAt", "完成时间"]] as const) {
    if (blank(legacy[k])) continue;
    const raw = legacy[k] instanceof Date ? (legacy[k] as Date).toISOString().slice(0, 10) : legacy[k];
    const d = parseDate(raw);
    if (d) {
      if (d.rules.length) out.normalized.push(noteOf(`legacy.${k}`, d.rules, raw, d.value)!);
      dated.push(`${label}：${d.value}`);
    } else out.problems.push({ field: label, rule: "N-DATE", message: `「${label}」「${String(raw)}」不是日期，请写成 2024-05-31` });
  }
  if (dated.length) values.plan = [values.plan, `（旧台账）${dated.join("；")}`].filter(Boolean).join("\n");
  const rawCode = String(legacy.code ?? "");
  const code = blank(legacy.code) ? undefined : { value: toHalfWidth(cleanText(rawCode).value).replace(/\s+/g, ""), rules: [] as NormalizationRule[] };
  if (code && code.value !== rawCode) code.rules.push(toHalfWidth(rawCode) !== rawCode ? "N-FULLWIDTH" : "N-SPACE");
  if (code?.rules.length) out.normalized.push(noteOf("legacyRef.code", code.rules, legacy.code, code.value)!);
  values.legacyRef = { ...(code ? { code: code.value } : {}), file: c.table.file, ...(c.table.sheet ? { sheet: c.table.sheet } : {}), row: src.row };
  out.values = values;
  // The API's own rules, checked locally so a dry run tells what a commit would refuse.
  const built = buildNewOutfall(toKeys(OutfallCreateInput as z.ZodMiniType, values, c.ref), c.ref);
  const swapped = out.problems.some((p) => p.rule === "I-SWAPPED");
  if (built.ok) {
    // The plan's rules (R-STORM, R-PROBLEM, …) the API applies to a new record; cross-record facts (merge targets,
    // other outfalls of the enterprise) are left to the commit.
    const record = { ...built.value, id: "", tempId: "", version: 1 } as unknown as Outfall;
    out.problems.push(...problemsOf(planRules(record, { actor: c.actor, ref: c.ref, sameCreditCode: new Map() })));
  }
  if (!built.ok) out.problems.push(...problemsOf(built.violations).filter((v) => !(swapped && (v.field === "longitude" || v.field === "latitude"))));
  return out;
}

/** The label a report shows for a field path (legacy targets included). */
export function labelOf(field: string): string {
  const legacy: Record<string, string> = { "legacy.plannedAt": "计划完成时间", "legacy.completedAt": "完成时间", "legacyRef.code": "旧台账编号", "legacy.code": "旧台账编号" };
  return legacy[field] ?? fieldLabel(field);
}
