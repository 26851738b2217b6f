// The sheet's columns: one per leaf of the outfall record (nested parts flattened, the first responsible party
// spread over six columns, further parties in one column), a few read-only columns the system keeps, and the
// hidden sync columns of architecture.md §5 (id, version, hash of the row as last synced).
// Which columns exist and how each converts is fixed here; the Chinese headers, dropdown choices and help come
// from GET /v1/reference at run time.
import { type Lookup, lookups } from "./reference.js";
import type { Reference } from "./types.js";

export type Role = "sync" | "edit" | "input" | "info" | "system";
export type Kind = "text" | "code" | "number" | "bool" | "date" | "choice" | "multi" | "parties" | "time" | "blockers" | "legacy";

export interface ColumnDef {
  /** The column's identity: a field path (`zones.nearVenue`, `responsibleParties[0].name`) or `_…` for ours. */
  key: string;
  role: Role;
  kind: Kind;
  /** The record's top-level field the column belongs to (edit columns). */
  field?: string;
  /** Vocabulary or reference list the choices come from. */
  source?: string;
  /** A header of our own, used instead of the API's label (too terse here, or the API has none). */
  label?: string;
  /** A header used only when the API has no label for the column. */
  fallbackLabel?: string;
  /** Help for the header note, where the kind's generic help is not enough. */
  help?: string;
  width?: number;
}

const edit = (key: string, kind: Kind, extra: Partial<ColumnDef> = {}): ColumnDef => ({
  key,
  role: "edit",
  kind,
  field: key.split(/[.[]/)[0],
  ...extra,
});
const choice = (key: string, source: string, extra: Partial<ColumnDef> = {}) => edit(key, "choice", { source, ...extra });
const party = "responsibleParties[0]";

export const SYNC_KEY = "_sync";
export const ID_KEY = "_id";
export const VERSION_KEY = "_version";
export const HASH_KEY = "_hash";
export const EXTRA_PARTIES_KEY = "responsibleParties[1+]";

export const COLUMN_DEFS: readonly ColumnDef[] = [
  { key: SYNC_KEY, role: "sync", kind: "text", label: "同步状态", width: 220 },
  { key: "tempId", role: "info", kind: "text", width: 100 },
  edit("name", "text", { width: 280 }),
  { key: "status", role: "info", kind: "choice", source: "status", width: 80 },
  edit("nationalCode", "code"),
  edit("provincialCode", "code"),
  choice("category", "category", { width: 150 }),
  choice("subcategory", "subcategories", { width: 160 }),
  choice("receiving", "receiving", { width: 80 }),
  choice("subdistrict", "subdistricts"),
  edit("community", "text"),
  edit("address", "text", { width: 200 }),
  edit("longitude", "number"),
  edit("latitude", "number"),
  { key: "datum", role: "input", kind: "choice", source: "datum", width: 130 },
  choice("waterBody", "waterBodies"),
  edit("zones.nearVenue", "bool"),
  edit("zones.drinkingWaterProtection", "bool"),
  edit("zones.natureReserve", "bool"),
  edit("zones.specialProtection", "bool"),
  choice("outletType", "outletType"),
  choice("shape", "shape"),
  edit("sizeMm", "code", { help: "单位毫米：圆管填管径，如 800；矩形填 宽x高，如 1200x800。" }),
  choice("material", "material"),
  choice("submerged", "submerged"),
  choice("dischargePattern", "dischargePattern"),
  edit("dryWeatherFlow", "bool"),
  edit("sensory.observedAt", "date"),
  choice("sensory.colour", "colour"),
  choice("sensory.turbidity", "turbidity"),
  choice("sensory.odour", "odour"),
  edit("sensory.oilFilm", "bool"),
  edit("sensory.floatables", "bool"),
  edit("sensory.deposits", "bool"),
  edit("sensory.note", "text", { width: 160 }),
  choice("surveyLevel", "surveyLevel", { width: 150 }),
  choice("surveyMethod", "surveyMethod"),
  edit("surveyedAt", "date"),
  edit("surveyedBy", "text"),
  edit(`${party}.name`, "text", { width: 200 }),
  choice(`${party}.kind`, "partyKind"),
  edit(`${party}.creditCode`, "code", { width: 170 }),
  edit(`${party}.permitNo`, "code", { width: 150 }),
  edit(`${party}.contact`, "text", { label: "责任主体联系人" }),
  edit(`${party}.phone`, "code", { label: "责任主体联系电话", width: 130 }),
  edit(EXTRA_PARTIES_KEY, "parties", { field: "responsibleParties", label: "其他责任主体", width: 240 }),
  choice("responsibilityBasis", "responsibilityBasis"),
  edit("designationNote", "text", { width: 160 }),
  edit("sharedPermitRef", "text"),
  edit("illicitConnection", "bool"),
  edit("illicitFindings", "text", { width: 160 }),
  choice("approval.status", "approvalStatus"),
  edit("approval.documentNo", "text"),
  edit("approval.authority", "text"),
  edit("approval.date", "date"),
  edit("problems", "multi", { source: "problem", width: 220 }),
  edit("problemNote", "text", { width: 160 }),
  choice("action", "action", { width: 130 }),
  edit("plan", "text", { width: 240 }),
  edit("transitionUntil.until", "date"),
  edit("transitionUntil.reason", "text", { width: 160 }),
  edit("mergeInto", "code", { help: "清理合并时，填写合并到的排污口的临时编号，如 SC-KX-0042；截污纳管的改填右边两列。" }),
  edit("sewerConnection.network", "text", { width: 160 }),
  edit("sewerConnection.connectionPoint", "text", { width: 160 }),
  edit("floodSafety.affects", "bool"),
  edit("floodSafety.measures", "text", { width: 160 }),
  edit("filingRef", "text"),
  edit("legalBasis", "text", { width: 160 }),
  edit("signboard.installed", "bool"),
  edit("signboard.installedAt", "date"),
  edit("signboard.photoId", "code"),
  // Where an imported record came from (old ledger code and row, or survey file): kept by `npm run import`.
  { key: "legacyRef", role: "info", kind: "legacy", width: 200 },
  { key: "department", role: "info", kind: "choice", source: "departments", width: 160 },
  { key: "effectiveDeadline", role: "info", kind: "text", fallbackLabel: "整治截止日期", width: 110 },
  { key: "overdue", role: "info", kind: "bool", fallbackLabel: "已逾期", width: 70 },
  { key: "updatedAt", role: "info", kind: "time", width: 130 },
  { key: "updatedBy", role: "info", kind: "text", width: 160 },
  // What the user may do next and what the next steps lack (the API's allowedActions / blockers; blank when the
  // answer did not carry them, e.g. right after a push — the next pull fills them).
  { key: "allowedActions", role: "info", kind: "multi", source: "transition", fallbackLabel: "可办理", width: 200 },
  { key: "blockers", role: "info", kind: "blockers", source: "transition", fallbackLabel: "待补", width: 280 },
  { key: ID_KEY, role: "system", kind: "code", label: "系统编号" },
  { key: VERSION_KEY, role: "system", kind: "number", label: "版本号" },
  { key: HASH_KEY, role: "system", kind: "code", label: "同步校验" },
];

/** The record's top-level editable fields the sheet covers, in column order. */
export const FIELDS: readonly string[] = COLUMN_DEFS.filter((c) => c.role === "edit").reduce<string[]>(
  (out, c) => (out.includes(c.field!) ? out : [...out, c.field!]),
  [],
);
/** Fields that are lists: a blank cell clears them to [] rather than null. */
export const LIST_FIELDS: readonly string[] = ["responsibleParties", "problems"];
/** Fields made of several columns (nested parts): sent whole when any of their columns changed. */
export const NESTED_FIELDS: readonly string[] = ["zones", "sensory", "approval", "transitionUntil", "signboard", "sewerConnection", "floodSafety"];

export interface Validation {
  kind: "list" | "date" | "number";
  values?: string[];
  /** Reject other input outright (false: accept with a warning mark; the API has the last word). */
  strict: boolean;
  min?: number;
  max?: number;
  help: string;
}

export interface Column extends ColumnDef {
  label: string;
  /** Header note: `字段：<key>` on the first line (how the add-on finds a moved column) and help for clerks. */
  note: string;
  lookup?: Lookup;
  numberFormat: string;
  validation?: Validation;
}

export interface Layout {
  columns: Column[];
  byKey: Map<string, Column>;
  ref: Reference;
  lookups: Map<string, Lookup>;
}

const BOOL_LABELS = ["是", "否"];

const labelFor = (def: ColumnDef, ref: Reference): string => {
  if (def.label) return def.label;
  const generic = def.key.replace(/\[\d+\]/g, "");
  return ref.labels[generic] ?? ref.labels[def.key] ?? def.fallbackLabel ?? def.key;
};

function helpFor(def: ColumnDef, lookup: Lookup | undefined): string {
  if (def.help) return def.help;
  switch (def.role) {
    case "sync":
      return "插件填写：最近一次推送、拉取的结果。修改过的行显示「待推送」。";
    case "info":
      return "系统维护，在这里修改不会被推送；下次拉取时恢复。";
    case "system":
      return "插件同步用（已隐藏并保护），请勿修改。";
    case "input":
      return "经纬度不是 WGS84/CGCS2000 时选择坐标系（如高德、腾讯为 GCJ-02，百度为 BD-09）；推送后自动换算为 WGS84 并清空本列。";
    default:
      break;
  }
  switch (def.kind) {
    case "choice":
      return `请从下拉列表选择：${lookup?.labels.join("、") ?? ""}`;
    case "multi":
      return `可填多项，用「、」分隔：${lookup?.labels.join("、") ?? ""}`;
    case "bool":
      return "填「是」或「否」。";
    case "date":
      return "日期，如 2024-05-31。";
    case "number":
      if (def.key === "longitude") return "十进制度（保留 6 位小数），如 120.196123；高德、百度坐标请同时选择「坐标系」。";
      if (def.key === "latitude") return "十进制度（保留 6 位小数），如 30.274568；高德、百度坐标请同时选择「坐标系」。";
      return "数字。";
    case "parties":
      return "第 2 个及以后的责任主体：每个主体之间用「；」分隔，主体内各项用「|」分隔，依次为 名称|类型|统一社会信用代码|排污许可证编号|联系人|联系电话（末尾的空项可省略）。例：杭州某某有限公司|企业|91330102MA2XXXXXXX|91330102MA2XXXXXXX001P|张三|0571-87000000";
    case "code":
      return "半角字母、数字或连字符。";
    default:
      return "";
  }
}

function numberFormatFor(def: ColumnDef): string {
  if (def.kind === "number") return def.key === VERSION_KEY ? "0" : "0.000000";
  if (def.kind === "date") return "yyyy-mm-dd";
  return "@";
}

function validationFor(def: ColumnDef, lookup: Lookup | undefined, communities: string[] | undefined): Validation | undefined {
  if (def.role !== "edit" && def.role !== "input") return undefined;
  switch (def.kind) {
    case "choice":
      return lookup ? { kind: "list", values: lookup.labels, strict: false, help: "请从下拉列表选择" } : undefined;
    case "bool":
      return { kind: "list", values: BOOL_LABELS, strict: false, help: "请选择「是」或「否」" };
    case "date":
      return { kind: "date", strict: false, help: "请填写日期，如 2024-05-31" };
    case "number":
      return def.key === "longitude"
        ? { kind: "number", min: 73, max: 136, strict: false, help: "经度应在 73 到 136 之间（十进制度）" }
        : { kind: "number", min: 3, max: 54, strict: false, help: "纬度应在 3 到 54 之间（十进制度）" };
    case "text":
      return def.key === "community" && communities?.length
        ? { kind: "list", values: communities, strict: false, help: "可从下拉列表选择，也可直接填写" }
        : undefined;
    default:
      return undefined;
  }
}

/** The sheet's columns with their Chinese headers, choices and help, for one reference document.
 *  `subdistrict` (the clerk's own) offers its communities as a hint list. */
export function buildLayout(ref: Reference, options: { subdistrict?: string } = {}): Layout {
  const all = lookups(ref);
  const communities = options.subdistrict ? ref.communities[options.subdistrict] : undefined;
  const columns = COLUMN_DEFS.map((def): Column => {
    const lookup = def.source ? all.get(def.source) : undefined;
    const help = helpFor(def, lookup);
    const validation = validationFor(def, lookup, communities);
    return {
      ...def,
      label: labelFor(def, ref),
      note: `字段：${def.key}${help ? `\n${help}` : ""}`,
      ...(lookup ? { lookup } : {}),
      numberFormat: numberFormatFor(def),
      ...(validation ? { validation } : {}),
    };
  });
  return { columns, byKey: new Map(columns.map((c) => [c.key, c])), ref, lookups: all };
}

/** Where each column is in a sheet: by the `字段：` line of the header note, else by the header text. */
export function locateColumns(layout: Layout, labels: readonly unknown[], notes: readonly string[]): { positions: Map<string, number>; missing: Column[] } {
  const positions = new Map<string, number>();
  const byLabel = new Map(layout.columns.map((c) => [c.label, c.key]));
  for (let i = 0; i < labels.length; i++) {
    const fromNote = /^字段：(\S+)/.exec(notes[i] ?? "")?.[1];
    const key = fromNote && layout.byKey.has(fromNote) ? fromNote : byLabel.get(String(labels[i] ?? "").trim());
    if (key && !positions.has(key)) positions.set(key, i);
  }
  return { positions, missing: layout.columns.filter((c) => !positions.has(c.key)) };
}
