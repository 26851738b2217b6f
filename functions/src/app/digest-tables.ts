// The digest as tables with Chinese headers — one source for the e-mail, the web page, the plain text
// and the coordinators' spreadsheet, so they never disagree.
import { STATUS } from "../domain/enums.js";
import { type Group, INVENTORY_STATES, type Progress } from "../domain/progress.js";

export type Row = (string | number)[];

/** Text made safe inside HTML and SVG. */
export { escapeXml as esc } from "../domain/district-map.js";

export const GROUP_HEADER = [
  "总数",
  ...INVENTORY_STATES.map((s) => STATUS.label(s)),
  "溯源率(%)",
  "完成率(%)",
  "逾期",
  "其中排查逾期",
  "30天内到期",
  "30天未更新",
  "晴天排水雨洪排口未完成",
  "过渡期",
  "非排污口",
  "雨洪排口(总数/完成)",
  "档案完整率(%)",
];

export const groupCells = (g: Group): Row => [
  g.total,
  ...INVENTORY_STATES.map((s) => g.byStatus[s]),
  g.tracedPct,
  g.donePct,
  g.overdue,
  g.investigationOverdue,
  g.dueSoon,
  g.stalled,
  g.dryWeatherOpen,
  // Digests kept from before the inventory split lack these figures: show them empty, never "undefined".
  g.transitions ?? "",
  g.dismissed,
  g.inventory ? `${g.inventory.stormwater.total}/${g.inventory.stormwater.done}` : "",
  g.completePct,
];

/** 2026-11-30T00:00:00Z → 2026-11-30 08:00 (China Standard Time). */
export function chinaTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ");
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** Subdistricts in ranking order with their rank and the change in done since the last digest. */
export function subdistrictTable(p: Progress): { header: Row; rows: Row[]; total: Row } {
  const byKey = new Map(p.bySubdistrict.map((g) => [g.key, g]));
  const order = p.ranking.length ? p.ranking : p.bySubdistrict.map((g, i) => ({ key: g.key, rank: i + 1 }));
  const changes = p.changes?.bySubdistrict;
  return {
    header: ["排名", "街道", ...GROUP_HEADER, "较上期完成"],
    rows: order.flatMap((r) => {
      const g = byKey.get(r.key);
      return g ? [[p.ranking.length ? r.rank : "", g.label, ...groupCells(g), changes?.[g.key] ? signed(changes[g.key]!.done) : ""]] : [];
    }),
    total: ["", `${p.district.label}合计`, ...groupCells(p.district), p.changes ? signed(p.changes.district.done) : ""],
  };
}

export function groupTable(title: string, groups: Group[]): { header: Row; rows: Row[] } {
  return { header: [title, ...GROUP_HEADER], rows: groups.map((g) => [g.label, ...groupCells(g)]) };
}

export const OVERDUE_HEADER = ["临时编号", "排污口名称", "街道", "状态", "截止日期", "逾期天数", "逾期类型"];

/** 排查逾期 when only the investigation date passed; both when both did. */
const overdueKind = (o: Progress["overdueList"][number]) =>
  o.deadlineRule === "investigation" ? "排查逾期" : o.investigationOverdue ? "排查逾期、整治逾期" : "整治逾期";

export function overdueRows(p: Progress, subdistrictName: (key: string) => string, limit = 50): Row[] {
  return p.overdueList.slice(0, limit).map((o) => [o.tempId, o.name, subdistrictName(o.subdistrict), STATUS.label(o.status), o.effectiveDeadline, o.daysOverdue, overdueKind(o)]);
}

export const TRANSITION_HEADER = ["临时编号", "排污口名称", "街道", "过渡期至", "理由", "方案规定截止日期"];

export function transitionRows(p: Progress, subdistrictName: (key: string) => string): Row[] {
  return (p.transitionList ?? []).map((t) => [t.tempId, t.name, subdistrictName(t.subdistrict), t.until, t.reason, t.campaignDeadline]);
}

/** In supervision (动态监管) every campaign deadline has passed: the 30-day column cannot move, so it goes. */
export function forMode<T extends { header: Row; rows: Row[]; total?: Row }>(p: Progress, t: T): T {
  if (p.bulletin?.mode !== "supervision") return t;
  const i = t.header.indexOf("30天内到期");
  if (i < 0) return t;
  const cut = (r: Row) => r.filter((_, j) => j !== i);
  return { ...t, header: cut(t.header), rows: t.rows.map(cut), ...(t.total ? { total: cut(t.total) } : {}) };
}
