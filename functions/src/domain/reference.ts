// District reference data (domain.md §1, §2): subdistricts, supervising departments, the HJ 1312-2023
// subcategory → category → department mapping, receiving water bodies, Asian Games venues and protected
// areas. The data itself lives in JSON files (functions/reference/*.json, or a folder named by
// REFERENCE_DIR for another district); this module only validates it and builds lookup maps.
// Pure: no file system, no AWS.
import * as z from "zod";
import { isPointInPolygon } from "./geo.js";

// ---------------------------------------------------------------------------------------------------
// Types (the public shape other modules code against)
// ---------------------------------------------------------------------------------------------------

export type CategoryKey = "industrial" | "wwtp" | "agricultural" | "other" | "undetermined";

/** 一级分类 (国办函〔2022〕17号 four types, plus 暂无法确定 before tracing). */
export const CATEGORY_KEYS: readonly CategoryKey[] = ["industrial", "wwtp", "agricultural", "other", "undetermined"];

export const CATEGORY_LABELS: Record<CategoryKey, string> = {
  industrial: "工业排污口",
  wwtp: "城镇污水处理厂排污口",
  agricultural: "农业排口",
  other: "其他排口",
  undetermined: "暂无法确定",
};

export interface Subdistrict {
  key: string;
  name: string;
  /** 2–3 uppercase ASCII letters, used in temp ids (SC-KX-0042). */
  shortCode: string;
  centre: { lng: number; lat: number };
  communities: string[];
  needsConfirmation?: boolean;
  note?: string;
}

export interface Department {
  key: string;
  name: string;
  supervises: string;
  /** Categories whose investigation, tracing and planning this department co-ordinates across
   *  subdistricts: its officers may register, edit, confirm, trace and plan such outfalls anywhere. */
  coordinatesAcross?: Exclude<CategoryKey, "undetermined">[];
  /** Enters outfall approval records (审批/备案, R-APPROVAL). */
  recordsApprovals?: boolean;
  needsConfirmation?: boolean;
  note?: string;
}

export interface Subcategory {
  key: string;
  name: string;
  category: Exclude<CategoryKey, "undetermined">;
  /** Key of the supervising department. */
  department: string;
  /** True only for 城镇雨洪排口: the outlets R-STORM forbids sealing or merging. */
  stormwater: boolean;
  /** Key of a broader subcategory (HJ 1312 second level), if the list is kept hierarchical. */
  parent?: string;
  needsConfirmation?: boolean;
  note?: string;
}

export interface WaterBody {
  key: string;
  name: string;
  /** Other names clerks use (e.g. 运河 for 京杭运河); found by `waterBodyByName` too. */
  aliases?: string[];
  /** Key of the water body this is a reach of (e.g. the Asian Games core reach of the 钱塘江). A reach
   *  carries its own flags: a whole river is never flagged for what only one of its reaches is. */
  segmentOf?: string;
  code?: string;
  kind: "river" | "canal" | "lake" | "sea";
  /** 钱塘江/运河 main stem or important tributary (干流及重要支流). */
  mainStemOrTributary: boolean;
  /** 亚运水环境质量保障核心水域. */
  asianGamesCore: boolean;
  drinkingWaterSource: boolean;
  needsConfirmation?: boolean;
  note?: string;
}

export interface Venue {
  key: string;
  name: string;
  kind: "venue" | "hotel";
  lng: number;
  lat: number;
  needsConfirmation?: boolean;
  note?: string;
}

export interface ProtectedArea {
  key: string;
  name: string;
  kind: "drinking-water" | "nature-reserve" | "special";
  /** [lng, lat] vertices, WGS84; closed (first vertex repeated last) after validation. */
  polygon: [number, number][];
  needsConfirmation?: boolean;
  note?: string;
}

export interface District {
  /** 6-digit administrative division code (330102). */
  code: string;
  name: string;
  city: string;
  province: string;
  /** 1–4 uppercase letters, first part of temp ids. */
  tempIdPrefix: string;
  /** Report phone printed on signboards and the public page. */
  reportPhone?: string;
  bounds: { polygon: [number, number][]; needsConfirmation?: boolean; note?: string };
  /** Radius of the Asian Games venue zone (pilot deadline), metres. */
  venueRadiusM: number;
  needsConfirmation?: boolean;
  note?: string;
}

export interface ReferenceData {
  district: District;
  subdistricts: Subdistrict[];
  departments: Department[];
  subcategories: Subcategory[];
  waterBodies: WaterBody[];
  venues: Venue[];
  protectedAreas: ProtectedArea[];
}

export interface ReferenceIndex extends ReferenceData {
  subdistrictByKey: Map<string, Subdistrict>;
  departmentByKey: Map<string, Department>;
  subcategoryByKey: Map<string, Subcategory>;
  waterBodyByKey: Map<string, WaterBody>;
  /** Full name (湖滨街道) and the name without 街道 (湖滨). */
  subdistrictByName: Map<string, Subdistrict>;
  /** Name and aliases. */
  waterBodyByName: Map<string, WaterBody>;
  subcategoryByName: Map<string, Subcategory>;
  /** aliases.json: a label or key → other names clerks use for it (labels.ts), when the district has one. */
  labelAliases?: Record<string, string[]>;
}

export type ReferenceFiles = { [K in keyof ReferenceData]: unknown };

/** The file each list is read from; another district supplies the same names. */
export const REFERENCE_FILE_NAMES: Readonly<Record<keyof ReferenceData, string>> = {
  district: "district.json",
  subdistricts: "subdistricts.json",
  departments: "departments.json",
  subcategories: "subcategories.json",
  waterBodies: "water-bodies.json",
  venues: "venues.json",
  protectedAreas: "protected-areas.json",
};

export interface ReferenceIssue {
  /** File name (or path) the problem is in. */
  file: string;
  /** e.g. `subdistricts[4] "南星街道"`; absent for problems about the whole file. */
  entry?: string;
  message: string;
}

/** Invalid reference data. `message` lists every problem, one line each, naming file and entry. */
export class ReferenceDataError extends Error {
  readonly issues: readonly ReferenceIssue[];

  constructor(issues: readonly ReferenceIssue[]) {
    super(
      issues.length === 0
        ? "invalid reference data"
        : issues.map((i) => `${i.file}: ${i.entry ? `${i.entry}: ` : ""}${i.message}`).join("\n"),
    );
    this.name = "ReferenceDataError";
    this.issues = issues;
  }
}

// ---------------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------------

/** Rough bounding box of China; catches swapped or zeroed coordinates. */
const CHINA = { lngMin: 73, lngMax: 136, latMin: 3, latMax: 54 } as const;

const lngSchema = z
  .number()
  .min(CHINA.lngMin, `longitude must be within China (${CHINA.lngMin}–${CHINA.lngMax} E)`)
  .max(CHINA.lngMax, `longitude must be within China (${CHINA.lngMin}–${CHINA.lngMax} E)`);
const latSchema = z
  .number()
  .min(CHINA.latMin, `latitude must be within China (${CHINA.latMin}–${CHINA.latMax} N)`)
  .max(CHINA.latMax, `latitude must be within China (${CHINA.latMin}–${CHINA.latMax} N)`);

const keySchema = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9-]*$/, "key must be ASCII: a lowercase letter, then letters, digits or '-'");
const nameSchema = z.string().trim().min(1, "must not be empty");
const confirm = {
  needsConfirmation: z.boolean().optional(),
  note: z.string().trim().min(1, "must not be empty").optional(),
};

/** A polygon ring of [lng, lat]; closed automatically; at least 3 distinct vertices. */
const polygonSchema = z
  .array(z.tuple([lngSchema, latSchema]))
  .min(3, "a polygon needs at least 3 vertices")
  .transform((pts, ctx): [number, number][] => {
    const ring = pts.map(([x, y]) => [x, y] as [number, number]);
    const first = ring[0]!;
    const last = ring[ring.length - 1]!;
    if (first[0] !== last[0] || first[1] !== last[1]) ring.push([first[0], first[1]]);
    const distinct = new Set(ring.map(([x, y]) => `${x},${y}`));
    if (distinct.size < 3) ctx.addIssue({ code: "custom", message: "a polygon needs at least 3 distinct vertices" });
    return ring;
  });

export const DistrictSchema = z.strictObject({
  code: z.string().regex(/^\d{6}$/, "must be the 6-digit administrative division code"),
  name: nameSchema,
  city: nameSchema,
  province: nameSchema,
  tempIdPrefix: z.string().regex(/^[A-Z]{1,4}$/, "must be 1–4 uppercase letters A–Z"),
  reportPhone: z
    .string()
    .regex(/^[0-9][0-9 -]{1,18}[0-9]$/, "must be a phone number (digits, spaces, '-')")
    .optional(),
  bounds: z.strictObject({ polygon: polygonSchema, ...confirm }),
  venueRadiusM: z.number().positive("must be a positive number of metres").max(50_000, "must be at most 50000 m"),
  ...confirm,
});

export const SubdistrictSchema = z.strictObject({
  key: keySchema,
  name: nameSchema,
  shortCode: z.string().regex(/^[A-Z]{2,3}$/, "must be 2–3 uppercase ASCII letters"),
  centre: z.strictObject({ lng: lngSchema, lat: latSchema }),
  communities: z.array(nameSchema),
  ...confirm,
});

export const DepartmentSchema = z.strictObject({
  key: keySchema,
  name: nameSchema,
  supervises: nameSchema,
  coordinatesAcross: z.array(z.enum(["industrial", "wwtp", "agricultural", "other"])).optional(),
  recordsApprovals: z.boolean().optional(),
  ...confirm,
});

export const SubcategorySchema = z.strictObject({
  key: keySchema,
  name: nameSchema,
  category: z.enum(["industrial", "wwtp", "agricultural", "other"]),
  department: keySchema,
  stormwater: z.boolean(),
  parent: keySchema.optional(),
  ...confirm,
});

export const WaterBodySchema = z.strictObject({
  key: keySchema,
  name: nameSchema,
  aliases: z.array(nameSchema).optional(),
  segmentOf: keySchema.optional(),
  code: z
    .string()
    .regex(/^[0-9A-Za-z_-]{1,40}$/, "must be 1–40 ASCII letters, digits, '_' or '-'")
    .optional(),
  kind: z.enum(["river", "canal", "lake", "sea"]),
  mainStemOrTributary: z.boolean(),
  asianGamesCore: z.boolean(),
  drinkingWaterSource: z.boolean(),
  ...confirm,
});

export const VenueSchema = z.strictObject({
  key: keySchema,
  name: nameSchema,
  kind: z.enum(["venue", "hotel"]),
  lng: lngSchema,
  lat: latSchema,
  ...confirm,
});

export const ProtectedAreaSchema = z.strictObject({
  key: keySchema,
  name: nameSchema,
  kind: z.enum(["drinking-water", "nature-reserve", "special"]),
  polygon: polygonSchema,
  ...confirm,
});

// Compile-time check that the schemas produce exactly the declared interfaces.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _shapes: [
  Same<z.output<typeof DistrictSchema>, District>,
  Same<z.output<typeof SubdistrictSchema>, Subdistrict>,
  Same<z.output<typeof DepartmentSchema>, Department>,
  Same<z.output<typeof SubcategorySchema>, Subcategory>,
  Same<z.output<typeof WaterBodySchema>, WaterBody>,
  Same<z.output<typeof VenueSchema>, Venue>,
  Same<z.output<typeof ProtectedAreaSchema>, ProtectedArea>,
] = [true, true, true, true, true, true, true];
void _shapes;

// ---------------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------------

type ListKey = Exclude<keyof ReferenceData, "district">;

const LIST_SCHEMAS: { [K in ListKey]: z.ZodType<ReferenceData[K][number]> } = {
  subdistricts: SubdistrictSchema,
  departments: DepartmentSchema,
  subcategories: SubcategorySchema,
  waterBodies: WaterBodySchema,
  venues: VenueSchema,
  protectedAreas: ProtectedAreaSchema,
};

const LIST_KEYS = Object.keys(LIST_SCHEMAS) as ListKey[];

/** `subdistricts[4] "南星街道"` — the entry label used in messages. */
function entryLabel(list: string, index: number, raw: unknown): string {
  const name =
    raw !== null && typeof raw === "object" && typeof (raw as { name?: unknown }).name === "string"
      ? (raw as { name: string }).name
      : raw !== null && typeof raw === "object" && typeof (raw as { key?: unknown }).key === "string"
        ? (raw as { key: string }).key
        : undefined;
  return name === undefined ? `${list}[${index}]` : `${list}[${index}] ${JSON.stringify(name)}`;
}

function pathText(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? String(p) : `.${String(p)}`;
  }
  return out;
}

function issueText(issue: z.core.$ZodIssue, path: readonly PropertyKey[]): string {
  const where = pathText(path);
  let what: string;
  if (issue.code === "unrecognized_keys") {
    what = `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`;
  } else if (issue.code === "invalid_type" && issue.input === undefined) {
    what = "is required";
  } else {
    what = issue.message;
  }
  return where === "" ? what : `${where}: ${what}`;
}

/**
 * Validates the seven reference files (already parsed from JSON) and returns them with lookup maps.
 * Throws ReferenceDataError listing every problem, each naming the file and the entry, e.g.
 * `subdistricts.json: subdistricts[4] "南星街道": shortCode "NX" is used twice (also subdistricts[3] "望江街道")`.
 * `sources` overrides the file names used in messages (a loader passes full paths).
 */
export function validateReference(
  files: ReferenceFiles,
  sources: Partial<Record<keyof ReferenceData, string>> = {},
): ReferenceIndex {
  const issues: ReferenceIssue[] = [];
  const fileOf = (k: keyof ReferenceData): string => sources[k] ?? REFERENCE_FILE_NAMES[k];
  const report = (k: keyof ReferenceData, entry: string | undefined, message: string): void => {
    issues.push(entry === undefined ? { file: fileOf(k), message } : { file: fileOf(k), entry, message });
  };

  // 1. Shape of each file.
  let district: District | undefined;
  const parsedDistrict = DistrictSchema.safeParse(files.district, { reportInput: true });
  if (parsedDistrict.success) district = parsedDistrict.data;
  else
    for (const issue of parsedDistrict.error.issues) {
      report("district", undefined, issueText(issue, issue.path));
    }

  // Each list keeps its entries at their original index; an entry that failed its schema is undefined,
  // so the cross-checks below still run on the rest and report with the right index.
  type Slots<K extends ListKey> = (ReferenceData[K][number] | undefined)[];
  const lists: Partial<{ [K in ListKey]: Slots<K> }> = {};
  const rawLists: Partial<Record<ListKey, unknown[]>> = {};
  for (const listKey of LIST_KEYS) {
    const raw = files[listKey];
    if (!Array.isArray(raw)) {
      report(listKey, undefined, `must be a JSON array of ${listKey}, got ${raw === null ? "null" : typeof raw}`);
      continue;
    }
    rawLists[listKey] = raw;
    const schema = LIST_SCHEMAS[listKey];
    (lists as Record<ListKey, unknown[]>)[listKey] = raw.map((item, i) => {
      const r = schema.safeParse(item, { reportInput: true });
      if (r.success) return r.data;
      for (const issue of r.error.issues) report(listKey, entryLabel(listKey, i, item), issueText(issue, issue.path));
      return undefined;
    });
  }
  const each = <T>(items: readonly (T | undefined)[] | undefined, fn: (item: T, i: number) => void): void => {
    items?.forEach((item, i) => {
      if (item !== undefined) fn(item, i);
    });
  };

  // 2. Uniqueness of keys and names within each list; shortCodes.
  const unique = <T>(
    listKey: ListKey,
    items: readonly (T | undefined)[] | undefined,
    field: string,
    values: (t: T) => readonly string[],
  ): void => {
    const seen = new Map<string, number>();
    each(items, (item, i) => {
      for (const v of values(item)) {
        const first = seen.get(v);
        if (first === undefined) seen.set(v, i);
        else if (first !== i) {
          const raw = rawLists[listKey];
          report(
            listKey,
            entryLabel(listKey, i, raw?.[i]),
            `${field} ${JSON.stringify(v)} is used twice (also ${entryLabel(listKey, first, raw?.[first])})`,
          );
        }
      }
    });
  };
  for (const listKey of LIST_KEYS) {
    const items = lists[listKey] as readonly ({ key: string; name: string } | undefined)[] | undefined;
    unique(listKey, items, "key", (x) => [x.key]);
    if (listKey === "waterBodies") {
      unique(listKey, lists.waterBodies, "name", (x) => [x.name, ...(x.aliases ?? [])]);
    } else {
      unique(listKey, items, "name", (x) => [x.name]);
    }
  }
  unique("subdistricts", lists.subdistricts, "shortCode", (x) => [x.shortCode]);
  each(lists.subdistricts, (s, i) => {
    const dup = s.communities.find((c, j) => s.communities.indexOf(c) !== j);
    if (dup !== undefined) {
      report("subdistricts", entryLabel("subdistricts", i, s), `community ${JSON.stringify(dup)} is listed twice`);
    }
  });

  // 3. References between lists.
  if (lists.subcategories) {
    const subcategories = lists.subcategories.filter((s): s is Subcategory => s !== undefined);
    // Keys of every entry, valid or not, so an entry already reported for another field does not
    // also make every reference to it look broken.
    const rawKeys = (listKey: ListKey): Set<string> =>
      new Set(
        (rawLists[listKey] ?? []).flatMap((x) =>
          x !== null && typeof x === "object" && typeof (x as { key?: unknown }).key === "string"
            ? [(x as { key: string }).key]
            : [],
        ),
      );
    const subKeys = rawKeys("subcategories");
    const departmentKeys = rawLists.departments ? rawKeys("departments") : undefined;
    each(lists.subcategories, (s, i) => {
      const entry = entryLabel("subcategories", i, s);
      if (departmentKeys && !departmentKeys.has(s.department)) {
        report(
          "subcategories",
          entry,
          `department ${JSON.stringify(s.department)} is not in ${fileOf("departments")} (known: ${[...departmentKeys].join(", ")})`,
        );
      }
      if (s.parent !== undefined) {
        if (s.parent === s.key) report("subcategories", entry, `parent must not be the subcategory itself`);
        else if (!subKeys.has(s.parent)) {
          report("subcategories", entry, `parent ${JSON.stringify(s.parent)} is not a subcategory key`);
        }
      }
    });
    // Parent chains must end (no cycles).
    const byKey = new Map(subcategories.map((s) => [s.key, s]));
    each(lists.subcategories, (s, i) => {
      const seen = new Set<string>([s.key]);
      let cur = s.parent === undefined ? undefined : byKey.get(s.parent);
      while (cur) {
        if (seen.has(cur.key)) {
          if (cur.key === s.key && s.parent !== s.key) {
            report("subcategories", entryLabel("subcategories", i, s), `parent chain loops back to ${JSON.stringify(s.key)}`);
          }
          break;
        }
        seen.add(cur.key);
        cur = cur.parent === undefined ? undefined : byKey.get(cur.parent);
      }
    });
  }

  // A reach names an existing water body other than itself.
  if (rawLists.waterBodies) {
    const waterKeys = new Set(lists.waterBodies?.flatMap((w) => (w ? [w.key] : [])));
    each(lists.waterBodies, (w, i) => {
      if (w.segmentOf === undefined) return;
      if (w.segmentOf === w.key) report("waterBodies", entryLabel("waterBodies", i, w), "segmentOf must not be the water body itself");
      else if (!waterKeys.has(w.segmentOf)) report("waterBodies", entryLabel("waterBodies", i, w), `segmentOf ${JSON.stringify(w.segmentOf)} is not a water body key`);
    });
  }

  // 4. Geography: centres and venues inside the district bounds.
  if (district) {
    const bounds = district.bounds.polygon;
    const boundsFile = fileOf("district");
    each(lists.subdistricts, (s, i) => {
      if (!isPointInPolygon(s.centre, bounds)) {
        report(
          "subdistricts",
          entryLabel("subdistricts", i, s),
          `centre (${s.centre.lng}, ${s.centre.lat}) is outside the district bounds in ${boundsFile}`,
        );
      }
    });
    each(lists.venues, (v, i) => {
      if (!isPointInPolygon(v, bounds)) {
        report("venues", entryLabel("venues", i, v), `(${v.lng}, ${v.lat}) is outside the district bounds in ${boundsFile}`);
      }
    });
  }

  if (issues.length > 0) {
    // One file's problems together, in file order; within a file, in the order found.
    const order = (Object.keys(REFERENCE_FILE_NAMES) as (keyof ReferenceData)[]).map(fileOf);
    throw new ReferenceDataError(issues.map((x, n) => ({ x, n })).sort((a, b) =>
      order.indexOf(a.x.file) - order.indexOf(b.x.file) || a.n - b.n).map(({ x }) => x));
  }

  // Everything parsed (otherwise an issue would have been reported), so no slot is undefined.
  const data = { district, ...lists } as ReferenceData;
  return buildIndex(data);
}

function buildIndex(data: ReferenceData): ReferenceIndex {
  const byKey = <T extends { key: string }>(items: readonly T[]): Map<string, T> =>
    new Map(items.map((x) => [x.key, x]));

  const subdistrictByName = new Map<string, Subdistrict>();
  for (const s of data.subdistricts) subdistrictByName.set(s.name, s);
  // Short forms (湖滨 for 湖滨街道) where they collide with no full name or other short form.
  const shortForms = new Map<string, Subdistrict[]>();
  for (const s of data.subdistricts) {
    const short = s.name.replace(/(街道|镇|乡)$/u, "");
    if (short !== s.name && short !== "") shortForms.set(short, [...(shortForms.get(short) ?? []), s]);
  }
  for (const [short, matches] of shortForms) {
    if (matches.length === 1 && !subdistrictByName.has(short)) subdistrictByName.set(short, matches[0]!);
  }

  const waterBodyByName = new Map<string, WaterBody>();
  for (const w of data.waterBodies) waterBodyByName.set(w.name, w);
  for (const w of data.waterBodies) for (const a of w.aliases ?? []) if (!waterBodyByName.has(a)) waterBodyByName.set(a, w);

  return {
    ...data,
    subdistrictByKey: byKey(data.subdistricts),
    departmentByKey: byKey(data.departments),
    subcategoryByKey: byKey(data.subcategories),
    waterBodyByKey: byKey(data.waterBodies),
    subdistrictByName,
    waterBodyByName,
    subcategoryByName: new Map(data.subcategories.map((s) => [s.name, s])),
  };
}
