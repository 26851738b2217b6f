// The outfall record (一口一档, domain.md §2) as zod schemas. One schema describes the stored record;
// the create and patch inputs are derived from it so that a field is declared exactly once.
import * as z from "zod/mini";
import { meta } from "./meta.js";
import {
  ACCEPTANCE_RESULT,
  ACTION,
  APPROVAL_STATUS,
  CATEGORY,
  CHANNEL,
  COLOUR,
  DATUM,
  DISCHARGE_PATTERN,
  MATERIAL,
  ODOUR,
  OUTLET_TYPE,
  PARTY_KIND,
  PROBLEM,
  RECEIVING,
  RESPONSIBILITY_BASIS,
  ROLE,
  SHAPE,
  STATUS,
  SUBMERGED,
  SURVEY_METHOD,
  TURBIDITY,
} from "./enums.js";
import { PhotoEntry } from "./photo.js";

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
/** Business dates are calendar dates in China Standard Time, written YYYY-MM-DD. */
const date = z.iso.date();
const timestamp = z.iso.datetime({ offset: true });
/** Codes assigned by outside platforms (HJ 1235-2021 national code, 浙里碧水 provincial code). Until the
 *  coding rule is in hand only the charset and length are checked; see codeSchemes in the reference data. */
const externalCode = z.string().check(z.regex(/^[0-9A-Za-z-]{4,40}$/));
export const SIZE_PATTERN = /^\d{1,5}(x\d{1,5})?$/;

export const SURVEY_LEVEL_LABELS = {
  1: "一级（遥感、航测）",
  2: "二级（徒步现场排查）",
  3: "三级（重点排查）",
} as const;
export const SurveyLevel = z.literal([1, 2, 3]);

export const ResponsibleParty = z.strictObject({
  name: text(100),
  kind: PARTY_KIND.schema,
  creditCode: z.optional(z.string().check(z.maxLength(40))),
  permitNo: z.optional(z.string().check(z.regex(/^[0-9A-Za-z-]{6,40}$/))),
  contact: z.optional(text(40)),
  phone: z.optional(z.string().check(z.regex(/^[0-9+\-() ]{5,30}$/))),
});
export type ResponsibleParty = z.infer<typeof ResponsibleParty>;

export const Approval = z.strictObject({
  status: APPROVAL_STATUS.schema,
  documentNo: z.optional(text(80)),
  authority: z.optional(text(80)),
  date: z.optional(date),
});

/** Sensory indicators at the latest visit (cf. the Outfall Reconnaissance Inventory and 现场工作记录单). */
export const Sensory = z.strictObject({
  observedAt: z.optional(date),
  colour: z.optional(COLOUR.schema),
  turbidity: z.optional(TURBIDITY.schema),
  odour: z.optional(ODOUR.schema),
  oilFilm: z.optional(z.boolean()),
  floatables: z.optional(z.boolean()),
  deposits: z.optional(z.boolean()),
  note: z.optional(text(500)),
});

/** Zone flags. Derived from reference geometry where it exists, else entered by the clerk. */
export const Zones = z.strictObject({
  nearVenue: z.optional(z.boolean()),
  drinkingWaterProtection: z.optional(z.boolean()),
  natureReserve: z.optional(z.boolean()),
  specialProtection: z.optional(z.boolean()),
});

export const Signboard = z.strictObject({
  installed: z.boolean(),
  installedAt: z.optional(date),
  photoId: z.optional(z.string().check(z.maxLength(64))),
});

export const TransitionPeriod = z.strictObject({ until: date, reason: text(500) });

/** 截污纳管: where a merged outlet's water now goes (R-MERGE-TARGET), when it is not another outfall. */
export const SewerConnection = z.strictObject({
  /** The receiving sewer network or treatment plant. */
  network: text(100),
  connectionPoint: text(200),
});

/** Whether a ban or merge affects flood drainage or embankment safety, and the measures if so (R-FLOOD-SAFETY). */
export const FloodSafety = z.strictObject({ affects: z.boolean(), measures: z.optional(text(500)) });

/** One dry-weather check of a stormwater outlet (晴天核查): the short path's confirmation and the re-check
 *  after 雨污分流. The photo's capture date (EXIF, else upload time, China time) is the check date. */
export const DryWeatherCheck = z.strictObject({
  checkedAt: date,
  flowObserved: z.boolean(),
  photoId: z.string().check(z.maxLength(64)),
  by: z.string(),
  at: timestamp,
  note: z.optional(text(500)),
});
export type DryWeatherCheck = z.infer<typeof DryWeatherCheck>;
export const DeadlineOverride = z.strictObject({
  date,
  reason: text(500),
  approvedBy: z.optional(z.string().check(z.maxLength(254))),
});
export const Acceptance = z.strictObject({
  by: z.string(),
  at: timestamp,
  result: ACCEPTANCE_RESULT.schema,
  note: z.optional(text(500)),
});

/** Where an imported record came from (`npm run import`): the old ledger's own code and the source row, or the
 *  level-1 survey file and feature. Written by the import; kept so the old ledger can be traced row by row. */
export const LegacyRef = z.strictObject({
  code: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(60))),
  file: text(200),
  sheet: z.optional(z.string().check(z.trim(), z.maxLength(100))),
  row: z.int().check(z.positive()),
});

/** Fields a clerk edits (sheet columns, API bodies). Lifecycle and system fields are not among them. */
export const editableShape = {
  name: text(120),
  nationalCode: externalCode,
  provincialCode: externalCode,
  category: CATEGORY.schema,
  subcategory: z.string().check(z.maxLength(60)),
  receiving: RECEIVING.schema,
  subdistrict: z.string().check(z.maxLength(40)),
  community: text(60),
  address: text(200),
  longitude: z.number(),
  latitude: z.number(),
  waterBody: z.string().check(z.maxLength(60)),
  zones: Zones,
  outletType: OUTLET_TYPE.schema,
  shape: SHAPE.schema,
  sizeMm: z.string().check(z.regex(SIZE_PATTERN)),
  material: MATERIAL.schema,
  submerged: SUBMERGED.schema,
  dischargePattern: DISCHARGE_PATTERN.schema,
  dryWeatherFlow: z.boolean(),
  sensory: Sensory,
  surveyLevel: SurveyLevel,
  surveyMethod: SURVEY_METHOD.schema,
  surveyedAt: date,
  surveyedBy: text(60),
  responsibleParties: z.array(ResponsibleParty).check(z.maxLength(20)),
  responsibilityBasis: RESPONSIBILITY_BASIS.schema,
  designationNote: text(500),
  sharedPermitRef: text(80),
  illicitConnection: z.boolean(),
  illicitFindings: text(1000),
  approval: Approval,
  problems: z.array(PROBLEM.schema).check(z.maxLength(12)),
  problemNote: text(500),
  action: ACTION.schema,
  plan: text(2000),
  transitionUntil: TransitionPeriod,
  mergeInto: z.string().check(z.maxLength(40)),
  sewerConnection: SewerConnection,
  floodSafety: FloodSafety,
  filingRef: text(80),
  legalBasis: text(500),
  signboard: Signboard,
  legacyRef: LegacyRef,
} as const;
export type EditableField = keyof typeof editableShape;
export const EDITABLE_FIELDS = Object.keys(editableShape) as EditableField[];
/** Editable through the API, but written by `npm run import` only: spreadsheets show them read-only. */
export const IMPORT_FIELDS: readonly EditableField[] = ["legacyRef"];

/** Fields every record has, filled with defaults at creation when the input omits them. */
export const REQUIRED_ON_CREATE = ["subdistrict", "longitude", "latitude", "waterBody", "surveyLevel"] as const;
const DEFAULTED = ["receiving", "category", "dryWeatherFlow", "illicitConnection", "responsibleParties", "problems", "signboard", "name"] as const;

/** Set by the system or by lifecycle transitions only; sending them in an edit is reported, not ignored. */
export const systemShape = {
  id: z.string(),
  tempId: z.string(),
  department: z.optional(z.string()),
  status: STATUS.schema,
  completedAt: z.optional(date),
  deadlineOverride: z.optional(DeadlineOverride),
  acceptance: z.optional(Acceptance),
  /** A coordinator's approval of a non-ban action in a protected zone (R-PROTECTED), for that action only. */
  protectedApproval: z.optional(z.object({ by: z.string(), at: timestamp, action: ACTION.schema })),
  closedAt: z.optional(timestamp),
  closedBy: z.optional(z.string()),
  /** When the outfall was last reopened (a done or dismissed record found discharging again). */
  reopenedAt: z.optional(timestamp),
  /** The latest patrol's time (巡查, domain.md §6); set only by POST /v1/outfalls/{id}/patrols. */
  lastPatrolAt: z.optional(timestamp),
  /** The latest monitoring sample's time (监测); set only by POST /v1/outfalls/{id}/monitoring. */
  lastMonitoringAt: z.optional(timestamp),
  demo: z.optional(z.boolean()),
  /** Who dismissed the point as 非排污口, when, on what finding and which photos (R-DISMISS). */
  dismissal: z.optional(z.object({ by: z.string(), at: timestamp, note: z.string(), photoIds: z.array(z.string()) })),
  /** Dry-weather checks of a stormwater outlet, oldest first; added only by the `dry-weather-check` step. */
  dryWeatherChecks: z.optional(z.array(DryWeatherCheck)),
  /** Evidence confirmed for this outfall; added only through the photo endpoints, never removed. */
  photos: z.optional(z.array(PhotoEntry)),
  version: z.int().check(z.positive()),
  createdAt: timestamp,
  createdBy: z.string(),
  updatedAt: timestamp,
  updatedBy: z.string(),
  /** The name of whoever wrote this version, so spreadsheets and cards can say who changed it without
   *  reading the user directory (absent on versions written before it was kept). */
  updatedByName: z.optional(z.string()),
  /** Head of the history hash chain; lets anyone verify the history was not edited. */
  historyHash: z.string(),
} as const;
export type SystemField = keyof typeof systemShape;
export const SYSTEM_FIELDS = Object.keys(systemShape) as SystemField[];

const storedEditable = Object.fromEntries(
  EDITABLE_FIELDS.map((k) => {
    const required = (REQUIRED_ON_CREATE as readonly string[]).includes(k) || (DEFAULTED as readonly string[]).includes(k);
    return [k, required ? editableShape[k] : z.optional(editableShape[k])];
  }),
) as { [K in EditableField]: (typeof editableShape)[K] | z.ZodMiniOptional<(typeof editableShape)[K]> };

export const Outfall = meta(z.strictObject({ ...storedEditable, ...systemShape }), { id: "Outfall", title: "排污口档案" });
export type Outfall = {
  [K in EditableField]: K extends (typeof REQUIRED_ON_CREATE)[number] | (typeof DEFAULTED)[number]
    ? z.infer<(typeof editableShape)[K]>
    : z.infer<(typeof editableShape)[K]> | undefined;
} & {
  [K in SystemField]: z.infer<z.ZodMiniObject<typeof systemShape>>[K];
};

/** POST /v1/outfalls body. `datum` declares the coordinate system of longitude/latitude (default WGS84);
 *  the status may start as 疑似 (a level-1 point) or 已核实 (found on foot). */
export const OutfallCreateInput = meta(z.strictObject({...Object.fromEntries(
      EDITABLE_FIELDS.map((k) => [
        k,
        (REQUIRED_ON_CREATE as readonly string[]).includes(k) ? editableShape[k] : z.optional(editableShape[k]),
      ]),
    ),
    datum: z.optional(DATUM.schema),
    status: z.optional(z.enum(["suspected", "confirmed"])),
  } as Record<string, z.ZodMiniType>), { id: "OutfallCreateInput", title: "新建排污口" });
export type OutfallCreateInput = Partial<Pick<Outfall, EditableField>> & {
  datum?: (typeof DATUM.keys)[number];
  status?: "suspected" | "confirmed";
};

/** PATCH body (JSON merge patch): absent = unchanged, null = cleared (for optional fields). */
export const OutfallPatch = meta(z.strictObject({...Object.fromEntries(
      EDITABLE_FIELDS.map((k) => [
        k,
        (REQUIRED_ON_CREATE as readonly string[]).includes(k) || (DEFAULTED as readonly string[]).includes(k)
          ? z.optional(editableShape[k])
          : z.optional(z.nullable(editableShape[k])),
      ]),
    ),
    datum: z.optional(DATUM.schema),
  } as Record<string, z.ZodMiniType>), { id: "OutfallPatch", title: "修改排污口（仅列出要改的字段，null 表示清空）" });
export type OutfallPatch = { [K in EditableField]?: Outfall[K] | null } & { datum?: (typeof DATUM.keys)[number] };

export const FieldChange = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
export type FieldChange = z.infer<typeof FieldChange>;

/** One append-only history entry. `hash` chains to the previous entry's hash (tamper evidence). */
export const HistoryEntry = meta(z.object({
  outfallId: z.string(),
  version: z.int().check(z.positive()),
  at: timestamp,
  actor: z.string(),
  actorRole: ROLE.schema,
  channel: CHANNEL.schema,
  action: z.string(),
  note: z.optional(z.string()),
  /** The photos a lifecycle step relied on (ids of confirmed, not superseded photos). */
  evidence: z.optional(z.array(z.string())),
  changes: z.array(FieldChange),
  prevHash: z.string(),
  /** The canonical form the hash was computed over: "jcs" (RFC 8785); absent on entries written before it. */
  canon: z.optional(z.literal("jcs")),
  hash: z.string(),
}), { id: "HistoryEntry", title: "变更记录" });
export type HistoryEntry = z.infer<typeof HistoryEntry>;
