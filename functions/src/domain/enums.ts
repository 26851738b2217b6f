// Closed vocabularies of the outfall record. Keys are stable English identifiers used by code and the
// API; labels are the Simplified Chinese terms a clerk sees (sheet dropdowns, messages, digests).
// District-specific lists (subdistricts, water bodies, subcategories, departments) are reference data
// in functions/reference/, not here.
import * as z from "zod/mini";
import { DATUM_LABELS } from "./geo.js";

/** A vocabulary: ordered keys with their Chinese labels, plus the zod enum that accepts the keys. */
export interface Vocabulary<K extends string> {
  readonly keys: readonly K[];
  readonly labels: Readonly<Record<K, string>>;
  readonly schema: z.ZodMiniEnum<{ [P in K]: P }>;
  label(key: K): string;
  /** The key whose label is `label`, for spreadsheets that show labels. */
  keyOf(label: string): K | undefined;
}

const REGISTERED: Vocabulary<string>[] = [];

/** Every vocabulary made so far, wherever it is declared: input normalization (labels.ts) and messages
 *  find a field's vocabulary among these by its keys, so a new vocabulary needs no list to be added to. */
export const registeredVocabularies = (): readonly Vocabulary<string>[] => REGISTERED;

/** The vocabulary an enum of these keys draws from: the one with exactly these keys, else the smallest
 *  that holds them all (a payload may allow only some states or actions). */
export function vocabularyOf(keys: readonly unknown[]): Vocabulary<string> | undefined {
  const wanted = keys.map(String);
  let best: Vocabulary<string> | undefined;
  for (const v of REGISTERED) {
    if (!wanted.every((k) => (v.labels as Record<string, string>)[k] !== undefined)) continue;
    if (!best || v.keys.length < best.keys.length) best = v;
  }
  return best;
}

export function vocabulary<const K extends string>(labels: Record<K, string>): Vocabulary<K> {
  const keys = Object.keys(labels) as K[];
  const byLabel = new Map(keys.map((k) => [labels[k], k] as const));
  const made: Vocabulary<K> = {
    keys,
    labels,
    schema: z.enum(keys as [K, ...K[]]) as unknown as z.ZodMiniEnum<{ [P in K]: P }>,
    label: (key) => labels[key],
    keyOf: (label) => byLabel.get(label),
  };
  REGISTERED.push(made as unknown as Vocabulary<string>);
  return made;
}

/** Lifecycle states (domain.md §3). */
export const STATUS = vocabulary({
  suspected: "疑似",
  confirmed: "已核实",
  dismissed: "非排污口",
  traced: "已溯源",
  remediating: "整治中",
  "awaiting-acceptance": "待验收",
  closed: "已销号",
  retained: "保留",
});
export type Status = (typeof STATUS.keys)[number];
/** 已销号 and 保留 are the only done states; 非排污口 leaves the inventory. */
export const DONE_STATUSES: readonly Status[] = ["closed", "retained"];

/** The plan's two inventories (domain.md §3): 城镇雨洪排口 apart from every other outfall. Derived from the
 *  subcategory's `stormwater` flag in the reference data, never entered. */
export const INVENTORY = vocabulary({ outfall: "排污口清单", stormwater: "城镇雨洪排口清单" });
export type Inventory = (typeof INVENTORY.keys)[number];

export const CATEGORY = vocabulary({
  industrial: "工业排污口",
  wwtp: "城镇污水处理厂排污口",
  agricultural: "农业排口",
  other: "其他排口",
  undetermined: "暂无法确定",
});
export type Category = (typeof CATEGORY.keys)[number];

export const RECEIVING = vocabulary({ river: "入河", sea: "入海" });

export const OUTLET_TYPE = vocabulary({
  pipe: "管道",
  "open-channel": "明渠",
  "pump-station": "泵站",
  sluice: "涵闸",
  "box-culvert": "箱涵",
  other: "其他",
});

export const SHAPE = vocabulary({ round: "圆形", rectangular: "矩形", arched: "拱形", irregular: "不规则" });

export const MATERIAL = vocabulary({
  concrete: "混凝土",
  steel: "钢管",
  "cast-iron": "铸铁",
  pvc: "PVC",
  hdpe: "HDPE",
  masonry: "砖石",
  other: "其他",
});

export const SUBMERGED = vocabulary({ none: "非淹没", partial: "半淹没", full: "全淹没" });

export const DISCHARGE_PATTERN = vocabulary({
  continuous: "连续",
  intermittent: "间歇",
  "wet-weather": "雨天排水",
  "dry-weather": "晴天排水",
  none: "无水",
});

/** Three-level survey of HJ 1232-2021. */
export const SURVEY_LEVEL = vocabulary({
  "1": "一级（遥感、航测）",
  "2": "二级（徒步现场排查）",
  "3": "三级（重点排查）",
});

export const SURVEY_METHOD = vocabulary({
  "remote-sensing": "遥感监测",
  aerial: "无人机航测",
  "on-foot": "徒步排查",
  underwater: "水下探测",
  "pipe-robot": "管线机器人",
  cctv: "CCTV检测",
  "dye-test": "示踪试验",
  other: "其他",
});

export const COLOUR = vocabulary({ colourless: "无色", light: "浅色", dark: "深色", abnormal: "异色" });
export const TURBIDITY = vocabulary({ clear: "清澈", slight: "微浑", turbid: "浑浊", opaque: "不透明" });
export const ODOUR = vocabulary({ none: "无异味", slight: "轻微异味", obvious: "明显异味", strong: "强烈异味" });

export const PARTY_KIND = vocabulary({
  enterprise: "企业",
  institution: "公共机构/事业单位",
  residential: "住宅小区",
  government: "政府部门",
  individual: "个人",
});

export const RESPONSIBILITY_BASIS = vocabulary({
  "self-declared": "主动申报",
  traced: "溯源确定",
  designated: "指定",
});

export const APPROVAL_STATUS = vocabulary({
  approved: "已审批",
  filed: "已备案",
  unapproved: "未审批",
  "not-required": "不需审批",
});

/** 问题排污口清单: the fixed list of problems. */
export const PROBLEM = vocabulary({
  "illegal-location": "违法设置（水源保护区/自然保护地）",
  uncollected: "污水应纳未纳",
  "illicit-pipe": "私设暗管/借道排污",
  exceedance: "超标排放",
  "no-separation": "未雨污分流",
  "dry-weather": "晴天排水",
  aging: "设施老化破损",
  "poor-drainage": "排水不畅",
  "hard-maintenance": "检修维护困难",
  "poor-layout": "布局不合理",
  "no-signboard": "未树标立牌",
  other: "其他",
});

export const ACTION = vocabulary({
  ban: "依法取缔",
  merge: "清理合并",
  standardize: "规范整治",
  keep: "保留（无需整治）",
});

export const ACCEPTANCE_RESULT = vocabulary({ passed: "通过", rejected: "退回" });

export const DATUM = vocabulary(DATUM_LABELS);

/** How a change reached the ledger; kept on every history entry. */
export const CHANNEL = vocabulary({
  api: "接口",
  sheet: "在线表格",
  workbook: "Excel/WPS工作簿",
  import: "批量导入",
  app: "外业App",
  system: "系统",
});
export type Channel = (typeof CHANNEL.keys)[number];

export const ROLE = vocabulary({
  clerk: "街道经办人",
  department: "监管部门",
  coordinator: "区治水办",
  admin: "系统管理员",
});
export type Role = (typeof ROLE.keys)[number];

/** Typed photo slots (domain.md §2): the evidence the close-out rules look for. */
export const PHOTO_SLOT = vocabulary({
  near: "近景",
  far: "远景",
  signboard: "标识牌",
  "sampling-point": "采样点",
  "water-sample": "水样",
  "quick-test": "快检结果",
  before: "整治前",
  after: "整治后",
  sealing: "封堵/拆除",
  acceptance: "验收",
  other: "其他",
});
export type PhotoSlot = (typeof PHOTO_SLOT.keys)[number];

export const PHOTO_TYPE = vocabulary({
  "image/jpeg": "JPEG",
  "image/png": "PNG",
  "image/webp": "WebP",
  "image/heic": "HEIC",
  "image/heif": "HEIF",
});
export type PhotoType = (typeof PHOTO_TYPE.keys)[number];
