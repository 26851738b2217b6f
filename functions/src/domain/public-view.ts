// What the public may see of an outfall (公开信息): which records are public at all, and the public fields
// of one. No individual's name or phone, no contact person, no internal notes, no uploader e-mails.
// Pure: the pages, the signboard and the open data all read this one projection.
import { ACTION, CATEGORY, OUTLET_TYPE, STATUS, type Status } from "./enums.js";
import type { Outfall } from "./outfall.js";
import type { ReferenceIndex } from "./reference.js";

/** Shown in full on the public page and in the open data: kept outfalls and those under remediation. */
export const PUBLIC_STATUSES: readonly Status[] = ["remediating", "awaiting-acceptance", "retained"];
/** A closed-out outfall is public only as a notice that it was closed, and when. */
export type Publicity = "public" | "closed" | "hidden";

export function publicity(record: Pick<Outfall, "status">): Publicity {
  if ((PUBLIC_STATUSES as readonly string[]).includes(record.status)) return "public";
  return record.status === "closed" ? "closed" : "hidden";
}

export interface PublicOutfall {
  /** The stable identifier of the open data: the temp id (never reused), and the national code once issued. */
  tempId: string;
  nationalCode?: string;
  name: string;
  status: Status;
  statusLabel: string;
  category: string;
  typeLabel: string;
  outletType?: string;
  subdistrict: string;
  community?: string;
  waterBody: string;
  longitude: number;
  latitude: number;
  /** Organisations answering for the outfall; a private individual is shown as 「个人（不公开）」. */
  responsibleParty: string;
  department: string;
  action?: string;
  lastInspection?: string;
  signboardInstalledAt?: string;
  closedAt?: string;
  updatedAt: string;
}

/** The latest date anyone looked at the outfall on site: survey, sensory observation or dry-weather check. */
export function lastInspection(record: Outfall): string | undefined {
  const dates = [record.surveyedAt, record.sensory?.observedAt, ...(record.dryWeatherChecks ?? []).map((c) => c.checkedAt)].filter(
    (d): d is string => typeof d === "string",
  );
  return dates.sort().at(-1);
}

export function responsiblePartyText(record: Pick<Outfall, "responsibleParties">): string {
  const parties = record.responsibleParties ?? [];
  if (!parties.length) return "待认定";
  return parties.map((p) => (p.kind === "individual" ? "个人（不公开）" : p.name)).join("、");
}

export function publicOutfall(record: Outfall, ref: ReferenceIndex): PublicOutfall {
  const sub = record.subcategory ? ref.subcategoryByKey.get(record.subcategory) : undefined;
  const departmentKey = record.department ?? sub?.department;
  const dept = departmentKey ? ref.departmentByKey.get(departmentKey) : undefined;
  const inspected = lastInspection(record);
  return {
    tempId: record.tempId,
    ...(record.nationalCode ? { nationalCode: record.nationalCode } : {}),
    name: record.name,
    status: record.status,
    statusLabel: STATUS.label(record.status),
    category: CATEGORY.label(record.category),
    typeLabel: sub?.name ?? CATEGORY.label(record.category),
    ...(record.outletType ? { outletType: OUTLET_TYPE.label(record.outletType) } : {}),
    subdistrict: ref.subdistrictByKey.get(record.subdistrict)?.name ?? record.subdistrict,
    ...(record.community ? { community: record.community } : {}),
    waterBody: ref.waterBodyByKey.get(record.waterBody)?.name ?? record.waterBody,
    longitude: record.longitude,
    latitude: record.latitude,
    responsibleParty: responsiblePartyText(record),
    department: dept?.name ?? "待确定",
    ...(record.action ? { action: ACTION.label(record.action) } : {}),
    ...(inspected ? { lastInspection: inspected } : {}),
    ...(record.signboard?.installedAt ? { signboardInstalledAt: record.signboard.installedAt } : {}),
    ...(record.closedAt ? { closedAt: record.closedAt } : {}),
    updatedAt: record.updatedAt,
  };
}

/** The open data's columns, in order, with their Chinese headers (CSV) and keys (GeoJSON properties). */
export const OPEN_DATA_COLUMNS: readonly (readonly [keyof PublicOutfall, string])[] = [
  ["tempId", "临时编号"],
  ["nationalCode", "国家编码"],
  ["name", "名称"],
  ["statusLabel", "状态"],
  ["category", "一级分类"],
  ["typeLabel", "排口类型"],
  ["subdistrict", "属地街道"],
  ["community", "社区"],
  ["waterBody", "受纳水体"],
  ["longitude", "经度"],
  ["latitude", "纬度"],
  ["responsibleParty", "责任主体"],
  ["department", "监管部门"],
  ["action", "整治方式"],
  ["lastInspection", "最近检查日期"],
  ["updatedAt", "最后更新"],
];

/** Public dates are China calendar dates. */
export const chinaDate = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
