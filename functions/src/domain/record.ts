// Pure operations on an outfall record: validate an input, derive the fields that follow from
// reference data, merge a patch, and list what changed. No I/O: ids, time and sequence numbers come in.
import * as z from "zod/mini";
import { checkCreditCode, creditCodeMessage } from "./credit-code.js";
import { DERIVED_FIELDS } from "./campaign.js";
import { CATEGORY, type Status } from "./enums.js";
import { fieldLabel } from "./fields.js";
import { referenceChoices } from "./labels.js";
import { type Datum, isPointInPolygon, nearestWithin, roundCoord, toWgs84 } from "./geo.js";
import { defaultOutfallName } from "./naming.js";
import {
  EDITABLE_FIELDS,
  type EditableField,
  type FieldChange,
  type Outfall,
  OutfallCreateInput,
  OutfallPatch,
  SYSTEM_FIELDS,
} from "./outfall.js";
import type { ReferenceIndex } from "./reference.js";
import { type Violation, violation, violationsFromZod } from "./violations.js";

/** Derived on every read besides the campaign's fields (see app/present.ts); never accepted as input. */
export const VIEW_FIELDS = ["inventory"] as const;

export type Editable = Partial<Pick<Outfall, EditableField>>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; violations: Violation[] };

const READ_ONLY_MESSAGE = (field: string) =>
  field === "status"
    ? "「状态」只能通过流转操作（核实、溯源、整治、验收、销号等）变更，不能直接修改"
    : `「${fieldLabel(field)}」由系统维护或计算，不能直接修改`;

/** Fields a client may not send; reported as R-READ-ONLY rather than as unknown. */
function readOnlyViolations(body: Record<string, unknown>, allowStatus: boolean): Violation[] {
  return [...SYSTEM_FIELDS, ...DERIVED_FIELDS, ...VIEW_FIELDS].filter((f) => f in body && !(allowStatus && f === "status")).map((f) =>
    violation(f, "R-READ-ONLY", READ_ONLY_MESSAGE(f)),
  );
}

function parseWith<T>(schema: z.ZodMiniType, body: unknown, allowStatus: boolean): Parsed<T> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, violations: [violation("", "R-MALFORMED", "请求内容应为一个 JSON 对象")] };
  }
  const readOnly = readOnlyViolations(body as Record<string, unknown>, allowStatus);
  const stripped = Object.fromEntries(
    Object.entries(body).filter(([k]) => !readOnly.some((v) => v.field === k)),
  );
  const result = schema.safeParse(stripped, { reportInput: true });
  const violations = [...readOnly, ...(result.success ? [] : violationsFromZod(result.error))];
  return violations.length ? { ok: false, violations } : { ok: true, value: result.data as T };
}

export const parseCreateInput = (body: unknown) => parseWith<OutfallCreateInput>(OutfallCreateInput, body, true);
export const parsePatch = (body: unknown) => parseWith<OutfallPatch>(OutfallPatch, body, false);

/** Converts declared GCJ-02/BD-09 coordinates to WGS84 and rounds to 6 places. */
function normalizeCoordinates<T extends { longitude?: number | null; latitude?: number | null; datum?: Datum }>(
  input: T,
): Violation[] {
  const { longitude, latitude, datum } = input;
  if (datum && (longitude == null || latitude == null)) {
    return [violation("datum", "R-REQUIRED", "填写了「坐标系」时须同时填写「经度」和「纬度」")];
  }
  if (longitude == null || latitude == null) {
    if (longitude != null || latitude != null) {
      return [violation(longitude == null ? "longitude" : "latitude", "R-REQUIRED", "「经度」和「纬度」须同时修改")];
    }
    return [];
  }
  const point = toWgs84({ lng: longitude, lat: latitude }, datum ?? "wgs84");
  input.longitude = roundCoord(point.lng);
  input.latitude = roundCoord(point.lat);
  delete input.datum;
  return [];
}

/** Reference checks and the field-level rules that hold for every record whatever its stage. */
export function checkRecord(record: Editable, ref: ReferenceIndex): Violation[] {
  const out: Violation[] = [];
  if (record.subdistrict !== undefined && !ref.subdistrictByKey.has(record.subdistrict)) {
    out.push(
      violation(
        "subdistrict",
        "R-REFERENCE",
        `「属地街道」「${record.subdistrict}」不在本区街道名单中，可选：${referenceChoices(ref, "subdistrict")}`,
      ),
    );
  }
  if (record.waterBody !== undefined && !ref.waterBodyByKey.has(record.waterBody)) {
    out.push(
      violation("waterBody", "R-REFERENCE", `「受纳水体」「${record.waterBody}」不在本区水体名单中，可选：${referenceChoices(ref, "waterBody")}；名单外的水体请联系区治水办补充`),
    );
  }
  const sub = record.subcategory ? ref.subcategoryByKey.get(record.subcategory) : undefined;
  if (record.subcategory && !sub) {
    out.push(violation("subcategory", "R-REFERENCE", `「排污口类型（二、三级）」「${record.subcategory}」不在分类名单中，可选：${referenceChoices(ref, "subcategory")}`));
  }
  if (sub && record.category && record.category !== sub.category) {
    out.push(
      violation(
        "category",
        "R-CLASSIFICATION",
        `「${sub.name}」属于「${CATEGORY.label(sub.category)}」，与填写的一级类型「${CATEGORY.label(record.category)}」不一致`,
      ),
    );
  }
  if (record.longitude !== undefined && record.latitude !== undefined) {
    const inside = isPointInPolygon({ lng: record.longitude, lat: record.latitude }, ref.district.bounds.polygon);
    if (!inside) {
      out.push(
        violation(
          "longitude",
          "R-BOUNDS",
          `坐标（经度 ${record.longitude}，纬度 ${record.latitude}）不在${ref.district.name}范围内。请核对经纬度是否填反、是否为高德/百度坐标（请同时填写「坐标系」）`,
        ),
      );
    }
  }
  (record.responsibleParties ?? []).forEach((party, i) => {
    const field = `responsibleParties[${i}].creditCode`;
    if (party.kind === "enterprise" && !party.creditCode) {
      out.push(violation(field, "R-CREDIT-CODE", `责任主体「${party.name}」为企业，须填写18位统一社会信用代码`));
      return;
    }
    if (party.creditCode) {
      const problem = checkCreditCode(party.creditCode);
      if (problem) out.push(violation(field, problem === "fullwidth" ? "R-HALF-WIDTH" : "R-CREDIT-CODE", creditCodeMessage(problem, party.creditCode)));
    }
  });
  return out;
}

/** Fields that follow from others: category and department from the subcategory, zone flags from geometry. */
export function deriveFields(record: Editable & { department?: string }, ref: ReferenceIndex): void {
  const sub = record.subcategory ? ref.subcategoryByKey.get(record.subcategory) : undefined;
  if (sub) {
    record.category = sub.category;
    record.department = sub.department;
  } else {
    record.category ??= "undetermined";
    delete record.department;
  }
  if (record.longitude !== undefined && record.latitude !== undefined) {
    const point = { lng: record.longitude, lat: record.latitude };
    const zones = { ...(record.zones ?? {}) };
    // Geometry can only add a flag: a clerk who knows of a hotel missing from the list keeps theirs.
    if (ref.venues.length && nearestWithin(point, ref.venues, ref.district.venueRadiusM)) zones.nearVenue = true;
    for (const area of ref.protectedAreas) {
      if (!isPointInPolygon(point, area.polygon)) continue;
      if (area.kind === "drinking-water") zones.drinkingWaterProtection = true;
      else if (area.kind === "nature-reserve") zones.natureReserve = true;
      else zones.specialProtection = true;
    }
    if (Object.keys(zones).length) record.zones = zones;
  }
  // A water body flagged as a drinking-water source puts its outfalls in the protection zone (R-PROTECTED).
  if (record.waterBody !== undefined && ref.waterBodyByKey.get(record.waterBody)?.drinkingWaterSource) {
    record.zones = { ...(record.zones ?? {}), drinkingWaterProtection: true };
  }
}

export function defaultName(record: Editable, ref: ReferenceIndex, ordinal?: number): string {
  const subdistrictName = ref.subdistrictByKey.get(record.subdistrict ?? "")?.name ?? "";
  const sub = record.subcategory ? ref.subcategoryByKey.get(record.subcategory) : undefined;
  const enterprise = record.responsibleParties?.find((p) => p.kind === "enterprise");
  return defaultOutfallName({
    subdistrictName,
    place: record.community ?? record.address,
    ordinal,
    typeName: sub?.name ?? "排污口",
    partyName: enterprise?.name,
  });
}

/** Validates a create input and returns the full record at version 1 (history hash filled in later). */
export function buildNewOutfall(body: unknown, ref: ReferenceIndex): Parsed<Editable & { status: Status }> {
  const parsed = parseCreateInput(body);
  if (!parsed.ok) return parsed;
  const input = { ...parsed.value } as OutfallCreateInput & Editable;
  const coordViolations = normalizeCoordinates(input);
  const { status, ...fields } = input;
  const record: Editable & { status: Status; department?: string } = {
    receiving: "river",
    dryWeatherFlow: false,
    illicitConnection: false,
    responsibleParties: [],
    problems: [],
    signboard: { installed: false },
    ...fields,
    status: status ?? (fields.surveyLevel === 1 ? "suspected" : "confirmed"),
  };
  const violations = [...coordViolations, ...checkRecord(record, ref)];
  if (violations.length) return { ok: false, violations };
  deriveFields(record, ref);
  record.name ??= defaultName(record, ref);
  return { ok: true, value: record };
}

/** Applies a validated merge patch to a record; returns the candidate (not yet saved) or violations. */
export function applyPatch(current: Outfall, body: unknown, ref: ReferenceIndex): Parsed<Outfall> {
  const parsed = parsePatch(body);
  if (!parsed.ok) return parsed;
  const patch = { ...parsed.value };
  const coordViolations = normalizeCoordinates(patch);
  const next = structuredClone(current) as Outfall & Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  // Coordinates are checked only when they change, so a record made before a bounds update stays editable.
  const touched = new Set(Object.keys(patch));
  const checked = checkRecord(next, ref).filter((v) => {
    if (v.rule === "R-BOUNDS") return touched.has("longitude") || touched.has("latitude");
    if (v.rule === "R-REFERENCE") return touched.has(v.field);
    return true;
  });
  const violations = [...coordViolations, ...checked];
  if (violations.length) return { ok: false, violations };
  deriveFields(next, ref);
  return { ok: true, value: next };
}

const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === "object" && !Array.isArray(val)
      ? Object.fromEntries(Object.entries(val as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : val,
  );

/** Equal as stored: identical primitives at once, objects and arrays by their canonical form. */
const sameValue = (a: unknown, b: unknown): boolean =>
  a === b || (typeof a === "object" && a !== null && typeof b === "object" && b !== null && canonical(a) === canonical(b));

const BOOKKEEPING = new Set(["version", "updatedAt", "updatedBy", "updatedByName", "historyHash", "createdAt", "createdBy"]);

/** The fields that differ between two versions of a record, bookkeeping excluded. */
export function diffRecords(before: Partial<Outfall> | undefined, after: Partial<Outfall>): FieldChange[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  const ordered = [...EDITABLE_FIELDS, ...SYSTEM_FIELDS].filter((k) => keys.has(k) && !BOOKKEEPING.has(k));
  const changes: FieldChange[] = [];
  for (const field of ordered) {
    const a = (before as Record<string, unknown> | undefined)?.[field];
    const b = (after as Record<string, unknown>)[field];
    if (!sameValue(a, b)) changes.push({ field, before: a ?? null, after: b ?? null });
  }
  return changes;
}

export { canonical };
