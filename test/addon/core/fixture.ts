// The real reference document (what GET /v1/reference answers), trimmed as the add-on keeps it, and a record
// with every editable field filled — for the core's unit tests (no network).
import { loadReference } from "../../../functions/reference/index.js";
import { referenceDocument } from "../../../functions/src/app/reference.js";
import { HASH_KEY, buildLayout } from "../../../sheets-addon/src/core/columns.js";
import { type CellContext, readFields, recordToCells } from "../../../sheets-addon/src/core/convert.js";
import { trimReference } from "../../../sheets-addon/src/core/reference.js";
import { type Grid, encodeState } from "../../../sheets-addon/src/core/rows.js";

export const ref = trimReference(JSON.parse(JSON.stringify(referenceDocument(loadReference()))));
export const layout = buildLayout(ref, { subdistrict: "kaixuan" });
/** Sheets hands date cells over as Date objects at midnight in the spreadsheet's zone (Asia/Shanghai here). */
export const ctx: CellContext = {
  layout,
  formatDate: (d) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10),
};
export const positions = new Map(layout.columns.map((c, i) => [c.key, i]));

export function fullRecord(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    id: "01HXAAAAAAAAAAAAAAAAAAAAAA",
    tempId: "SC-KX-0001",
    version: 3,
    status: "traced",
    department: "enforcement",
    createdAt: "2024-03-01T02:00:00.000Z",
    createdBy: "clerk.kaixuan@test",
    updatedAt: "2024-03-12T06:05:00.000Z",
    updatedBy: "clerk.kaixuan@test",
    historyHash: "h",
    name: "凯旋街道新塘路桥东南120米2#城镇雨洪排口",
    nationalCode: "330102-0001",
    provincialCode: "ZJ-0001",
    category: "other",
    subcategory: "urban-stormwater",
    receiving: "river",
    subdistrict: "kaixuan",
    community: "新塘社区",
    address: "新塘路1号",
    longitude: 120.196123,
    latitude: 30.276456,
    waterBody: "xintang-river",
    zones: { nearVenue: true, drinkingWaterProtection: false },
    outletType: "pipe",
    shape: "round",
    sizeMm: "1200x800",
    material: "concrete",
    submerged: "partial",
    dischargePattern: "dry-weather",
    dryWeatherFlow: true,
    sensory: { observedAt: "2024-03-12", colour: "light", turbidity: "slight", odour: "none", oilFilm: false, floatables: true, deposits: false, note: "水体微黄" },
    surveyLevel: 2,
    surveyMethod: "on-foot",
    surveyedAt: "2024-03-12",
    surveyedBy: "张三",
    responsibleParties: [
      { name: "杭州某某物业管理有限公司", kind: "residential", contact: "李四", phone: "0571-87000000" },
      { name: "杭州某某印染有限公司", kind: "enterprise", creditCode: "91330102MA27XXXX1X", permitNo: "91330102MA27XX001P", contact: "王五", phone: "13800000000" },
      { name: "某某学校", kind: "institution" },
    ],
    responsibilityBasis: "traced",
    designationNote: "无",
    sharedPermitRef: "许可证载明共用",
    illicitConnection: true,
    illicitFindings: "发现私设暗管一处",
    approval: { status: "filed", documentNo: "上环备〔2024〕1号", authority: "市生态环境局上城分局", date: "2024-01-05" },
    problems: ["dry-weather", "aging"],
    problemNote: "晴天有水",
    action: "standardize",
    plan: "雨污分流改造",
    transitionUntil: { until: "2024-12-31", reason: "管网改造期间" },
    mergeInto: "01HXBBBBBBBBBBBBBBBBBBBBBB",
    filingRef: "备案1号",
    legalBasis: "历史遗留，区治水办同意保留",
    signboard: { installed: true, installedAt: "2024-04-01", photoId: "photo-1" },
    overdue: true,
    effectiveDeadline: "2024-12-31",
    ...overrides,
  };
}

/** A grid of rows given as cells by column key (hash column filled as after a sync when `synced`). */
export function gridOf(rows: Record<string, unknown>[], options: { firstRow?: number } = {}): Grid {
  const width = layout.columns.length;
  const values = rows.map((cells) => {
    const row = Array.from({ length: width }, () => "" as unknown);
    for (const [key, value] of Object.entries(cells)) row[positions.get(key)!] = value;
    return row;
  });
  return {
    firstRow: options.firstRow ?? 2,
    width,
    values,
    notes: values.map(() => Array.from({ length: width }, () => "")),
    backgrounds: values.map(() => Array.from({ length: width }, () => "#ffffff")),
  };
}

/** The cells of a record as the add-on writes them after a sync (with the hash column). */
export function syncedCells(record: Record<string, unknown>): Record<string, unknown> {
  const cells = recordToCells(record, ctx);
  cells[HASH_KEY] = encodeState(readFields((k) => ({ value: cells[k] ?? "" }), ctx));
  return cells;
}
