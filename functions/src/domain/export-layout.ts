// Export layouts driven by a column map (functions/reference/exports/*.json): which records, which columns,
// each column's header, source value and cell format. The province's template (浙里碧水 / 浙里蓝海) must be
// confirmed with the province, so the layout is data a district edits without code; the sources a column
// may name are the catalogue below (EXPORT_SOURCES), each a pure function of the presented record.
import * as z from "zod/mini";
import { ACTION, APPROVAL_STATUS, CATEGORY, DISCHARGE_PATTERN, INVENTORY, type Inventory, OUTLET_TYPE, PARTY_KIND, PROBLEM, RECEIVING, RESPONSIBILITY_BASIS, STATUS, SURVEY_LEVEL, SURVEY_METHOD } from "./enums.js";
import { chinaDate } from "./campaign.js";
import type { Outfall } from "./outfall.js";
import type { ReferenceIndex } from "./reference.js";

/** How a cell is written: text (codes never become numbers), a real date, or a number. */
export const CELL_FORMAT = ["text", "date", "number"] as const;
export type CellFormat = (typeof CELL_FORMAT)[number];

/** A record as the export reads it: the stored fields plus what is derived at read time. */
export type ExportRecord = Outfall & { inventory: Inventory; effectiveDeadline: string; overdue: boolean };

type Value = string | number | null;
type Source = (r: ExportRecord, ref: ReferenceIndex) => Value;

const yesNo = (b: boolean | undefined) => (b === undefined ? null : b ? "是" : "否");
const parties = (pick: (p: Outfall["responsibleParties"][number]) => string | undefined) => (r: ExportRecord) =>
  (r.responsibleParties ?? []).map(pick).filter((v): v is string => !!v).join("；") || null;
/** The China date of a timestamp (the province reads dates in Beijing time: an acceptance at 07:00 on the
 *  2nd is the 2nd, not UTC's 1st); a plain YYYY-MM-DD date as it is. */
const day = (iso: string | undefined) => (!iso ? null : iso.length > 10 ? chinaDate(new Date(iso)) : iso);

/** 整治状态 as the province reports it: not started, under way, finished or nothing to do. */
function remediationState(r: ExportRecord): string {
  if (r.status === "closed" || r.status === "retained") return r.action === "keep" ? "无需整治" : "已完成整治";
  if (r.status === "dismissed") return "非排污口";
  if (r.status === "awaiting-acceptance") return r.action === "keep" ? "无需整治（待验收）" : "已完成整治（待验收）";
  if (r.status === "remediating") return r.completedAt ? "已完成整治（待验收）" : "整治中";
  return "未整治";
}

/** Every value a column map may name as `source`, with its natural format. */
export const EXPORT_SOURCES: Record<string, { format: CellFormat; value: Source }> = {
  tempId: { format: "text", value: (r) => r.tempId },
  nationalCode: { format: "text", value: (r) => r.nationalCode ?? null },
  provincialCode: { format: "text", value: (r) => r.provincialCode ?? null },
  /** The code an outside platform knows the outfall by: provincial, else national, else the temp id. */
  code: { format: "text", value: (r) => r.provincialCode ?? r.nationalCode ?? r.tempId },
  name: { format: "text", value: (r) => r.name },
  province: { format: "text", value: (_r, ref) => ref.district.province ?? null },
  city: { format: "text", value: (_r, ref) => ref.district.city ?? null },
  district: { format: "text", value: (_r, ref) => ref.district.name },
  districtCode: { format: "text", value: (_r, ref) => ref.district.code },
  subdistrict: { format: "text", value: (r, ref) => ref.subdistrictByKey.get(r.subdistrict)?.name ?? r.subdistrict },
  community: { format: "text", value: (r) => r.community ?? null },
  address: { format: "text", value: (r) => r.address ?? null },
  longitude: { format: "number", value: (r) => r.longitude },
  latitude: { format: "number", value: (r) => r.latitude },
  inventory: { format: "text", value: (r) => INVENTORY.label(r.inventory) },
  category: { format: "text", value: (r) => CATEGORY.label(r.category) },
  subcategory: { format: "text", value: (r, ref) => (r.subcategory ? (ref.subcategoryByKey.get(r.subcategory)?.name ?? r.subcategory) : null) },
  /** 排污口类型: the subcategory's name, else the category's. */
  type: { format: "text", value: (r, ref) => ref.subcategoryByKey.get(r.subcategory ?? "")?.name ?? CATEGORY.label(r.category) },
  receiving: { format: "text", value: (r) => (r.receiving ? RECEIVING.label(r.receiving) : null) },
  waterBody: { format: "text", value: (r, ref) => ref.waterBodyByKey.get(r.waterBody)?.name ?? r.waterBody },
  waterBodyCode: { format: "text", value: (r, ref) => ref.waterBodyByKey.get(r.waterBody)?.code ?? null },
  outletType: { format: "text", value: (r) => (r.outletType ? OUTLET_TYPE.label(r.outletType) : null) },
  sizeMm: { format: "text", value: (r) => r.sizeMm ?? null },
  dischargePattern: { format: "text", value: (r) => (r.dischargePattern ? DISCHARGE_PATTERN.label(r.dischargePattern) : null) },
  dryWeatherFlow: { format: "text", value: (r) => yesNo(r.dryWeatherFlow) },
  surveyLevel: { format: "text", value: (r) => (r.surveyLevel ? (SURVEY_LEVEL.labels as Record<string, string>)[String(r.surveyLevel)] ?? String(r.surveyLevel) : null) },
  surveyMethod: { format: "text", value: (r) => (r.surveyMethod ? SURVEY_METHOD.label(r.surveyMethod) : null) },
  surveyedAt: { format: "date", value: (r) => r.surveyedAt ?? null },
  partyName: { format: "text", value: parties((p) => p.name) },
  partyKind: { format: "text", value: parties((p) => PARTY_KIND.label(p.kind)) },
  creditCode: { format: "text", value: parties((p) => p.creditCode) },
  permitNo: { format: "text", value: parties((p) => p.permitNo) },
  partyContact: { format: "text", value: parties((p) => p.contact) },
  partyPhone: { format: "text", value: parties((p) => p.phone) },
  responsibilityBasis: { format: "text", value: (r) => (r.responsibilityBasis ? RESPONSIBILITY_BASIS.label(r.responsibilityBasis) : null) },
  /** 管理主体: the subdistrict (实施方案 二(三)). */
  managementEntity: { format: "text", value: (r, ref) => ref.subdistrictByKey.get(r.subdistrict)?.name ?? r.subdistrict },
  department: { format: "text", value: (r, ref) => (r.department ? (ref.departmentByKey.get(r.department)?.name ?? r.department) : null) },
  problems: { format: "text", value: (r) => (r.problems ?? []).map((p) => PROBLEM.label(p)).join("、") || null },
  action: { format: "text", value: (r) => (r.action ? ACTION.label(r.action) : null) },
  plan: { format: "text", value: (r) => r.plan ?? null },
  status: { format: "text", value: (r) => STATUS.label(r.status) },
  remediationState: { format: "text", value: remediationState },
  /** 保留/规范化: whether the outfall stays, and how. */
  retention: {
    format: "text",
    value: (r) => (r.status !== "retained" ? "否" : r.action === "standardize" ? "规范整治后保留" : r.action === "keep" ? "保留（无需整治）" : "保留"),
  },
  effectiveDeadline: { format: "date", value: (r) => r.effectiveDeadline },
  overdue: { format: "text", value: (r) => yesNo(r.overdue) },
  completedAt: { format: "date", value: (r) => r.completedAt ?? null },
  acceptedAt: { format: "date", value: (r) => day(r.acceptance?.at) },
  closedAt: { format: "date", value: (r) => day(r.closedAt) },
  approvalStatus: { format: "text", value: (r) => (r.approval ? APPROVAL_STATUS.label(r.approval.status) : null) },
  approvalDocumentNo: { format: "text", value: (r) => r.approval?.documentNo ?? null },
  signboard: { format: "text", value: (r) => yesNo(r.signboard?.installed ?? false) },
  signboardAt: { format: "date", value: (r) => r.signboard?.installedAt ?? null },
  updatedAt: { format: "date", value: (r) => day(r.updatedAt) },
};

const Column = z.strictObject({
  /** The header as the province's template spells it. */
  header: z.string().check(z.minLength(1), z.maxLength(60)),
  /** A name of EXPORT_SOURCES, or absent with `value` for a fixed text. */
  source: z.optional(z.string()),
  /** A fixed text for every row (e.g. a column the template has and the ledger does not hold). */
  value: z.optional(z.string()),
  format: z.optional(z.enum(CELL_FORMAT)),
  /** Decimals for a number (coordinates: 6). */
  decimals: z.optional(z.int().check(z.gte(0), z.lte(10))),
  /** Column width in characters (xlsx). */
  width: z.optional(z.number().check(z.gte(4), z.lte(120))),
  note: z.optional(z.string()),
});
export type ExportColumn = z.output<typeof Column>;

/** Which records a layout lists: every outfall but dismissed points (the ledger), or the retained ones. */
export const LAYOUT_RECORDS = ["ledger", "retained"] as const;

export const ColumnMap = z.strictObject({
  /** Title over the table; `{district}` and `{scope}` are filled in (上城区, 凯旋街道 or 全区). */
  title: z.string().check(z.minLength(1), z.maxLength(80)),
  sheet: z.string().check(z.minLength(1), z.maxLength(31)),
  records: z.enum(LAYOUT_RECORDS),
  needsConfirmation: z.optional(z.boolean()),
  note: z.optional(z.string()),
  columns: z.array(Column).check(z.minLength(1), z.maxLength(120)),
});
export type ColumnMap = z.output<typeof ColumnMap>;

/** Validates a column map; the problems name the column by its position and header. */
export function checkColumnMap(raw: unknown): { map?: ColumnMap; problems: string[] } {
  const parsed = ColumnMap.safeParse(raw);
  if (!parsed.success) return { problems: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
  const problems: string[] = [];
  parsed.data.columns.forEach((c, i) => {
    const at = `columns[${i}] "${c.header}"`;
    if ((c.source === undefined) === (c.value === undefined)) problems.push(`${at}: give exactly one of source or value`);
    if (c.source !== undefined && !EXPORT_SOURCES[c.source]) problems.push(`${at}: unknown source "${c.source}"; known: ${Object.keys(EXPORT_SOURCES).join(", ")}`);
  });
  const headers = parsed.data.columns.map((c) => c.header);
  const twice = headers.filter((h, i) => headers.indexOf(h) !== i);
  if (twice.length) problems.push(`header used twice: ${[...new Set(twice)].join(", ")}`);
  return problems.length ? { problems } : { map: parsed.data, problems };
}

export interface ExportCell {
  value: Value;
  format: CellFormat;
  decimals?: number;
}

/** The cells of one record under a column map. */
export function exportRow(map: ColumnMap, r: ExportRecord, ref: ReferenceIndex): ExportCell[] {
  return map.columns.map((c) => {
    const source = c.source !== undefined ? EXPORT_SOURCES[c.source]! : undefined;
    const value = source ? source.value(r, ref) : (c.value ?? null);
    return { value, format: c.format ?? source?.format ?? "text", ...(c.decimals !== undefined ? { decimals: c.decimals } : {}) };
  });
}

/** Whether a record belongs in the layout. */
export function inLayout(map: ColumnMap, r: ExportRecord): boolean {
  return map.records === "retained" ? r.status === "retained" : r.status !== "dismissed";
}
