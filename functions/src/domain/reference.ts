// District reference data (domain.md §1, §2): subdistricts, supervising departments, the HJ 1312-2023
// subcategory → category → department mapping, receiving water bodies, Asian Games venues and protected
// areas. The data itself lives in JSON files (functions/reference/*.json, or a folder named by
// REFERENCE_DIR for another district); this module declares its schemas and the types derived from them;
// reference-validation.ts validates the files and builds the lookup maps. Pure: no file system, no AWS.
import * as z from "zod/mini";
import { builtOnFirstUse } from "./meta.js";

// ---------------------------------------------------------------------------------------------------
// Categories
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

// ---------------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------------

/** The schemas of the reference files, built on first use: only validation needs them (a REFERENCE_DIR at
 *  start, the CDK app at synth), and a Lambda bundle's files were checked when the stack was synthesized, so
 *  its cold start does not build these ~100 schema objects. */
function buildSchemas() {
  /** Rough bounding box of China; catches swapped or zeroed coordinates. */
  const CHINA = { lngMin: 73, lngMax: 136, latMin: 3, latMax: 54 } as const;

  const lngSchema = z.number().check(z.gte(CHINA.lngMin, `longitude must be within China (${CHINA.lngMin}–${CHINA.lngMax} E)`), z.lte(CHINA.lngMax, `longitude must be within China (${CHINA.lngMin}–${CHINA.lngMax} E)`));
  const latSchema = z.number().check(z.gte(CHINA.latMin, `latitude must be within China (${CHINA.latMin}–${CHINA.latMax} N)`), z.lte(CHINA.latMax, `latitude must be within China (${CHINA.latMin}–${CHINA.latMax} N)`));

  const keySchema = z.string().check(z.regex(/^[a-z][a-zA-Z0-9-]*$/, "key must be ASCII: a lowercase letter, then letters, digits or '-'"));
  const nameSchema = z.string().check(z.trim(), z.minLength(1, "must not be empty"));
  const confirm = {
    needsConfirmation: z.optional(z.boolean()),
    note: z.optional(z.string().check(z.trim(), z.minLength(1, "must not be empty"))),
  };

  /** A polygon ring of [lng, lat]; closed automatically; at least 3 distinct vertices. */
  const polygonSchema = z.pipe(z.array(z.tuple([lngSchema, latSchema])).check(z.minLength(3, "a polygon needs at least 3 vertices")), z.transform((pts, ctx): [number, number][] => {
    const ring = pts.map(([x, y]) => [x, y] as [number, number]);
    const first = ring[0]!;
    const last = ring[ring.length - 1]!;
    if (first[0] !== last[0] || first[1] !== last[1]) ring.push([first[0], first[1]]);
    const distinct = new Set(ring.map(([x, y]) => `${x},${y}`));
    if (distinct.size < 3) ctx.issues.push({ code: "custom", message: "a polygon needs at least 3 distinct vertices", input: pts });
    return ring;
  }));

  /** A line of [lng, lat] vertices (a river's course): at least 2. */
  const lineSchema = z.array(z.tuple([lngSchema, latSchema])).check(z.minLength(2, "a line needs at least 2 vertices"));

  /** Optional drawing geometry of a water body (the digest map): one or more lines along its course. */
  const waterGeometrySchema = z.strictObject({
    lines: z.array(lineSchema).check(z.minLength(1, "needs at least one line")),
    /** Typical width in metres (the map draws wide rivers wider); default a narrow channel. */
    widthM: z.optional(z.number().check(z.positive("must be a positive number of metres"), z.lte(20_000, "must be at most 20000 m"))),
    ...confirm,
  });

  const DistrictSchema = z.strictObject({
    /** 6-digit administrative division code (330102). */
    code: z.string().check(z.regex(/^\d{6}$/, "must be the 6-digit administrative division code")),
    name: nameSchema,
    city: nameSchema,
    province: nameSchema,
    /** 1–4 uppercase letters, first part of temp ids. */
    tempIdPrefix: z.string().check(z.regex(/^[A-Z]{1,4}$/, "must be 1–4 uppercase letters A–Z")),
    /** Report phone printed on signboards and the public page. */
    reportPhone: z.optional(z.string().check(z.regex(/^[0-9][0-9 -]{1,18}[0-9]$/, "must be a phone number (digits, spaces, '-')"))),
    bounds: z.strictObject({ polygon: polygonSchema, ...confirm }),
    /** Radius of the Asian Games venue zone (pilot deadline), metres. */
    venueRadiusM: z.number().check(z.positive("must be a positive number of metres"), z.lte(50_000, "must be at most 50000 m")),
    ...confirm,
  });

  const SubdistrictSchema = z.strictObject({
    key: keySchema,
    name: nameSchema,
    /** 2–3 uppercase ASCII letters, used in temp ids (SC-KX-0042). */
    shortCode: z.string().check(z.regex(/^[A-Z]{2,3}$/, "must be 2–3 uppercase ASCII letters")),
    centre: z.strictObject({ lng: lngSchema, lat: latSchema }),
    communities: z.array(nameSchema),
    /** Optional outline of the subdistrict (the digest map); without it the map derives a cell from the
     *  centres (domain/district-map-geometry.ts). */
    area: z.optional(z.strictObject({ polygon: polygonSchema, ...confirm })),
    ...confirm,
  });

  const DepartmentSchema = z.strictObject({
    key: keySchema,
    name: nameSchema,
    supervises: nameSchema,
    /** Categories whose investigation, tracing and planning this department co-ordinates across
     *  subdistricts: its officers may register, edit, confirm, trace and plan such outfalls anywhere. */
    coordinatesAcross: z.optional(z.array(z.enum(["industrial", "wwtp", "agricultural", "other"]))),
    /** Enters outfall approval records (审批/备案, R-APPROVAL). */
    recordsApprovals: z.optional(z.boolean()),
    ...confirm,
  });

  const SubcategorySchema = z.strictObject({
    key: keySchema,
    name: nameSchema,
    category: z.enum(["industrial", "wwtp", "agricultural", "other"]),
    /** Key of the supervising department. */
    department: keySchema,
    /** True only for 城镇雨洪排口: the outlets R-STORM forbids sealing or merging. */
    stormwater: z.boolean(),
    /** Key of a broader subcategory (HJ 1312 second level), if the list is kept hierarchical. */
    parent: z.optional(keySchema),
    ...confirm,
  });

  const WaterBodySchema = z.strictObject({
    key: keySchema,
    name: nameSchema,
    /** Other names clerks use (e.g. 运河 for 京杭运河); found by `waterBodyByName` too. */
    aliases: z.optional(z.array(nameSchema)),
    /** Key of the water body this is a reach of (e.g. the Asian Games core reach of the 钱塘江). A reach
     *  carries its own flags: a whole river is never flagged for what only one of its reaches is. */
    segmentOf: z.optional(keySchema),
    code: z.optional(z.string().check(z.regex(/^[0-9A-Za-z_-]{1,40}$/, "must be 1–40 ASCII letters, digits, '_' or '-'"))),
    kind: z.enum(["river", "canal", "lake", "sea"]),
    /** 钱塘江/运河 main stem or important tributary (干流及重要支流). */
    mainStemOrTributary: z.boolean(),
    /** 亚运水环境质量保障核心水域. */
    asianGamesCore: z.boolean(),
    drinkingWaterSource: z.boolean(),
    /** Optional course for the digest map; a water body without it is simply not drawn. */
    geometry: z.optional(waterGeometrySchema),
    ...confirm,
  });

  const VenueSchema = z.strictObject({
    key: keySchema,
    name: nameSchema,
    kind: z.enum(["venue", "hotel"]),
    lng: lngSchema,
    lat: latSchema,
    ...confirm,
  });

  const ProtectedAreaSchema = z.strictObject({
    key: keySchema,
    name: nameSchema,
    kind: z.enum(["drinking-water", "nature-reserve", "special"]),
    /** [lng, lat] vertices, WGS84; closed (first vertex repeated last) after validation. */
    polygon: polygonSchema,
    ...confirm,
  });
  return { DistrictSchema, SubdistrictSchema, DepartmentSchema, SubcategorySchema, WaterBodySchema, VenueSchema, ProtectedAreaSchema };
}

export const referenceSchemas = builtOnFirstUse(buildSchemas);

// ---------------------------------------------------------------------------------------------------
// Types (the public shape other modules code against), derived from the schemas
// ---------------------------------------------------------------------------------------------------

export type District = z.output<ReturnType<typeof referenceSchemas>["DistrictSchema"]>;
export type Subdistrict = z.output<ReturnType<typeof referenceSchemas>["SubdistrictSchema"]>;
export type Department = z.output<ReturnType<typeof referenceSchemas>["DepartmentSchema"]>;
export type Subcategory = z.output<ReturnType<typeof referenceSchemas>["SubcategorySchema"]>;
export type WaterBody = z.output<ReturnType<typeof referenceSchemas>["WaterBodySchema"]>;
export type Venue = z.output<ReturnType<typeof referenceSchemas>["VenueSchema"]>;
export type ProtectedArea = z.output<ReturnType<typeof referenceSchemas>["ProtectedAreaSchema"]>;

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
