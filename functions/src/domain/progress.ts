// Progress of the campaign (domain.md §7, the plan's 调度、通报): counts per state, shares traced and
// done, overdue, due soon, stalled, dry-weather stormwater outlets still open, data quality, change since
// the previous digest and the ranking of subdistricts — per subdistrict, department and category.
// Pure: records, reference data, campaign and the time come in; one pass over the records.
import { type BulletinFigures, computeBulletin } from "./bulletin.js";
import { type Campaign, type DeadlineInput, daysPast, deriveStatus } from "./campaign.js";
import { CATEGORY, INVENTORY, type Inventory, type Status } from "./enums.js";
import { fieldLabel } from "./fields.js";
import type { Outfall } from "./outfall.js";
import { type MapPoint, mapPoints } from "./map-geometry.js";
import type { ReferenceIndex } from "./reference.js";
import { inventoryOf } from "./stormwater.js";
import { missingFields } from "./record-gaps.js";

export { missingFields };

/** States counted in the inventory (非排污口 is counted apart: it left the inventory). */
export const INVENTORY_STATES = ["suspected", "confirmed", "traced", "remediating", "awaiting-acceptance", "closed", "retained"] as const satisfies readonly Status[];
const TRACED: readonly Status[] = ["traced", "remediating", "awaiting-acceptance", "closed", "retained"];
const DONE: readonly Status[] = ["closed", "retained"];

/** One inventory's share of a group (domain.md §3: the two inventories are counted apart). */
export interface InventorySplit {
  total: number;
  dismissed: number;
  done: number;
  donePct: number;
  overdue: number;
}

export interface Counts {
  total: number;
  dismissed: number;
  byStatus: Record<(typeof INVENTORY_STATES)[number], number>;
  traced: number;
  done: number;
  /** Shares of the inventory, in percent with one decimal. */
  tracedPct: number;
  donePct: number;
  /** Late in any sense: past the effective deadline, or still suspected after the investigation date. */
  overdue: number;
  /** 排查逾期: still suspected (neither confirmed nor dismissed) after the campaign's investigation date. */
  investigationOverdue: number;
  dueSoon: number;
  stalled: number;
  dryWeatherOpen: number;
  /** Open records whose deadline a transition period (过渡期) moved (R-TRANSITION). */
  transitions: number;
  /** The same group split by inventory: 排污口清单 and 城镇雨洪排口清单. */
  inventory: Record<Inventory, InventorySplit>;
  /** Records holding every field the plan requires at their stage. */
  complete: number;
  completePct: number;
  gaps: { field: string; label: string; count: number }[];
}

export interface Group extends Counts {
  key: string;
  label: string;
}

export interface OverdueItem {
  id: string;
  tempId: string;
  name: string;
  subdistrict: string;
  department?: string;
  status: Status;
  effectiveDeadline: string;
  /** A campaign rule key, `transition`, `override`, or `investigation` when only the investigation date passed. */
  deadlineRule: string;
  daysOverdue: number;
  investigationOverdue: boolean;
}

export interface TransitionItem {
  id: string;
  tempId: string;
  name: string;
  subdistrict: string;
  until: string;
  reason: string;
  campaignDeadline: string;
}

export interface RankEntry {
  rank: number;
  key: string;
  label: string;
  donePct: number;
  done: number;
  total: number;
  overdue: number;
}

export interface Delta {
  since: string;
  total: number;
  traced: number;
  done: number;
  overdue: number;
}

export interface Progress {
  asOf: string;
  campaign: { key: string; name: string };
  district: Group;
  bySubdistrict: Group[];
  byDepartment: Group[];
  byCategory: Group[];
  ranking: RankEntry[];
  overdueList: OverdueItem[];
  /** The district's figures per inventory. */
  byInventory: Group[];
  /** Open records under a transition period, latest end first (R-TRANSITION: counted and listed). */
  transitionList: TransitionItem[];
  /** Change against the previous digest, per district and subdistrict (absent for the first digest). */
  changes?: { district: Delta; bySubdistrict: Record<string, Delta> };
  /** The bulletin's figures (milestones, remediation, waiting on, RAG, mode); absent on older digests. */
  bulletin?: BulletinFigures;
  /** Done % and overdue per subdistrict over the kept digests, one point a week (set when a digest is built). */
  trend?: TrendPoint[];
  /** One point per outfall with coordinates, for the map (map-geometry.ts); absent on older digests. */
  map?: MapPoint[];
  /** Public reports (举报/数据纠错) not yet triaged, per subdistrict (app/public-reports.ts); digests only. */
  openReports?: { total: number; bySubdistrict: { key: string; name: string; count: number }[] };
}

export interface TrendPoint {
  asOf: string;
  district: { donePct: number; overdue: number };
  bySubdistrict: Record<string, { donePct: number; overdue: number }>;
}

/** What the next digest compares with: the counts of the previous one. */
export interface Snapshot {
  asOf: string;
  district: Pick<Counts, "total" | "traced" | "done" | "overdue">;
  bySubdistrict: Record<string, Pick<Counts, "total" | "traced" | "done" | "overdue">>;
}

/** The compact part of a record the digest reads (kept beside each record and projected into its own
 *  index, so that a province-sized digest reads a few hundred bytes per outfall instead of the file). */
export type ProgressInput = DeadlineInput &
  Pick<Outfall, "id" | "tempId" | "name" | "subdistrict" | "department" | "updatedAt"> &
  Partial<Pick<Outfall, "action" | "createdAt" | "reopenedAt" | "longitude" | "latitude" | "lastPatrolAt" | "lastMonitoringAt">> & {
    /** A merge connected to the municipal sewer (截污纳管). */
    sewerConnected?: boolean;
    /** Fields the plan requires at the record's stage that are still empty. */
    gaps: string[];
  };

export function progressInput(r: Outfall): ProgressInput {
  return {
    id: r.id,
    tempId: r.tempId,
    name: r.name,
    subdistrict: r.subdistrict,
    department: r.department,
    updatedAt: r.updatedAt,
    status: r.status,
    category: r.category,
    subcategory: r.subcategory,
    receiving: r.receiving,
    waterBody: r.waterBody,
    zones: r.zones,
    dryWeatherFlow: r.dryWeatherFlow,
    transitionUntil: r.transitionUntil,
    deadlineOverride: r.deadlineOverride,
    problems: r.problems,
    gaps: missingFields(r),
    ...(r.action ? { action: r.action } : {}),
    ...(r.sewerConnection ? { sewerConnected: true } : {}),
    createdAt: r.createdAt,
    ...(r.reopenedAt ? { reopenedAt: r.reopenedAt } : {}),
    // Where it is, for the digest map (summaries written before this lack it: those outfalls are not drawn).
    longitude: r.longitude,
    latitude: r.latitude,
    ...(r.lastPatrolAt ? { lastPatrolAt: r.lastPatrolAt } : {}),
    ...(r.lastMonitoringAt ? { lastMonitoringAt: r.lastMonitoringAt } : {}),
  };
}

const pct = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : 0);

function emptyCounts(): Counts & { gapCounts: Map<string, number> } {
  return {
    total: 0,
    dismissed: 0,
    byStatus: Object.fromEntries(INVENTORY_STATES.map((s) => [s, 0])) as Counts["byStatus"],
    traced: 0,
    done: 0,
    tracedPct: 0,
    donePct: 0,
    overdue: 0,
    investigationOverdue: 0,
    dueSoon: 0,
    stalled: 0,
    dryWeatherOpen: 0,
    transitions: 0,
    inventory: Object.fromEntries(INVENTORY.keys.map((k) => [k, { total: 0, dismissed: 0, done: 0, donePct: 0, overdue: 0 }])) as Counts["inventory"],
    complete: 0,
    completePct: 0,
    gaps: [],
    gapCounts: new Map(),
  };
}

type Acc = ReturnType<typeof emptyCounts>;

function finish(acc: Acc, key: string, label: string): Group {
  const { gapCounts, ...counts } = acc;
  return {
    key,
    label,
    ...counts,
    tracedPct: pct(acc.traced, acc.total),
    donePct: pct(acc.done, acc.total),
    completePct: pct(acc.complete, acc.total),
    inventory: Object.fromEntries(INVENTORY.keys.map((k) => [k, { ...acc.inventory[k], donePct: pct(acc.inventory[k].done, acc.inventory[k].total) }])) as Counts["inventory"],
    // The most common gaps first: what a subdistrict should fill in next.
    gaps: [...gapCounts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 5)
      .map(([field, count]) => ({ field, label: fieldLabel(field), count })),
  };
}

/** Standard competition ranking (1, 2, 2, 4) by share done, then by fewer overdue; ties share a rank. */
export function rank(groups: Group[]): RankEntry[] {
  const sorted = [...groups].sort((a, b) => b.donePct - a.donePct || a.overdue - b.overdue || a.label.localeCompare(b.label, "zh-Hans-CN"));
  let previous: Group | undefined;
  let rankNo = 0;
  return sorted.map((g, i) => {
    if (!previous || previous.donePct !== g.donePct || previous.overdue !== g.overdue) rankNo = i + 1;
    previous = g;
    return { rank: rankNo, key: g.key, label: g.label, donePct: g.donePct, done: g.done, total: g.total, overdue: g.overdue };
  });
}

export function computeProgress(input: Iterable<ProgressInput>, ref: ReferenceIndex, campaign: Campaign, now: Date, previous?: Snapshot): Progress {
  const records = [...input];
  const district = emptyCounts();
  const bySub = new Map(ref.subdistricts.map((s) => [s.key, emptyCounts()]));
  const byDept = new Map(ref.departments.map((d) => [d.key, emptyCounts()]));
  const byCat = new Map(CATEGORY.keys.map((c) => [c as string, emptyCounts()]));
  const byInv = new Map(INVENTORY.keys.map((k) => [k as string, emptyCounts()]));
  const overdueList: OverdueItem[] = [];
  const transitionList: TransitionItem[] = [];
  const stalledBefore = now.getTime() - campaign.stalledDays * 86_400_000;

  for (const r of records) {
    const inventory = inventoryOf(r, ref);
    const groups = [district, bySub.get(r.subdistrict), r.department ? byDept.get(r.department) : undefined, byCat.get(r.category), byInv.get(inventory)].filter(
      (g): g is Acc => g !== undefined,
    );
    if (r.status === "dismissed") {
      for (const g of groups) {
        g.dismissed++;
        g.inventory[inventory].dismissed++;
      }
      continue;
    }
    const d = deriveStatus(r, campaign, ref, now);
    const gaps = r.gaps;
    const stalled = !d.done && Date.parse(r.updatedAt) < stalledBefore;
    const dryWeatherOpen = !d.done && r.dryWeatherFlow && ref.subcategoryByKey.get(r.subcategory ?? "")?.stormwater === true;
    const dueSoon = !d.done && d.daysToDeadline >= 0 && d.daysToDeadline <= campaign.dueSoonDays;
    const late = d.overdue || d.investigationOverdue;
    const transition = !d.done && !!r.transitionUntil;
    for (const g of groups) {
      g.total++;
      const split = g.inventory[inventory];
      split.total++;
      if (DONE.includes(r.status)) split.done++;
      if (late) split.overdue++;
      if (transition) g.transitions++;
      g.byStatus[r.status as keyof Counts["byStatus"]]++;
      if (TRACED.includes(r.status)) g.traced++;
      if (DONE.includes(r.status)) g.done++;
      if (late) g.overdue++;
      if (d.investigationOverdue) g.investigationOverdue++;
      if (dueSoon) g.dueSoon++;
      if (stalled) g.stalled++;
      if (dryWeatherOpen) g.dryWeatherOpen++;
      if (gaps.length === 0) g.complete++;
      for (const f of gaps) {
        const generic = f.replace(/\[\d+\]/g, "");
        g.gapCounts.set(generic, (g.gapCounts.get(generic) ?? 0) + 1);
      }
    }
    if (transition) {
      transitionList.push({
        id: r.id,
        tempId: r.tempId,
        name: r.name,
        subdistrict: r.subdistrict,
        until: r.transitionUntil!.until,
        reason: r.transitionUntil!.reason,
        campaignDeadline: d.campaignDeadline,
      });
    }
    if (late) {
      // Only the investigation date passed: the item is listed against that date.
      const investigationOnly = !d.overdue;
      overdueList.push({
        id: r.id,
        tempId: r.tempId,
        name: r.name,
        subdistrict: r.subdistrict,
        ...(r.department ? { department: r.department } : {}),
        status: r.status,
        effectiveDeadline: investigationOnly ? campaign.investigationDeadline : d.effectiveDeadline,
        deadlineRule: investigationOnly ? "investigation" : d.deadlineRule,
        daysOverdue: investigationOnly ? daysPast(campaign.investigationDeadline, now) : -d.daysToDeadline,
        investigationOverdue: d.investigationOverdue,
      });
    }
  }

  const bySubdistrict = ref.subdistricts.map((s) => finish(bySub.get(s.key)!, s.key, s.name));
  const progress: Progress = {
    asOf: now.toISOString(),
    campaign: { key: campaign.key, name: campaign.name },
    district: finish(district, ref.district.code, ref.district.name),
    bySubdistrict,
    byDepartment: ref.departments.map((d) => finish(byDept.get(d.key)!, d.key, d.name)),
    byCategory: CATEGORY.keys.map((c) => finish(byCat.get(c)!, c, CATEGORY.label(c))).filter((g) => g.total + g.dismissed > 0),
    // A subdistrict without outfalls has nothing to rank (it would tie at 0% with those that are behind).
    ranking: rank(bySubdistrict.filter((g) => g.total > 0)),
    overdueList: overdueList.sort((a, b) => b.daysOverdue - a.daysOverdue || a.tempId.localeCompare(b.tempId)),
    byInventory: INVENTORY.keys.map((k) => finish(byInv.get(k)!, k, INVENTORY.label(k))),
    transitionList: transitionList.sort((a, b) => b.until.localeCompare(a.until) || a.tempId.localeCompare(b.tempId)),
  };
  progress.bulletin = computeBulletin(records, ref, campaign, now, progress);
  progress.map = mapPoints(records, ref, campaign, now);
  if (previous) {
    const delta = (now: Pick<Counts, "total" | "traced" | "done" | "overdue">, before?: Pick<Counts, "total" | "traced" | "done" | "overdue">): Delta => ({
      since: previous.asOf,
      total: now.total - (before?.total ?? 0),
      traced: now.traced - (before?.traced ?? 0),
      done: now.done - (before?.done ?? 0),
      overdue: now.overdue - (before?.overdue ?? 0),
    });
    progress.changes = {
      district: delta(progress.district, previous.district),
      bySubdistrict: Object.fromEntries(bySubdistrict.map((g) => [g.key, delta(g, previous.bySubdistrict[g.key])])),
    };
  }
  return progress;
}

export function snapshotOf(p: Progress): Snapshot {
  const pick = (g: Group) => ({ total: g.total, traced: g.traced, done: g.done, overdue: g.overdue });
  return { asOf: p.asOf, district: pick(p.district), bySubdistrict: Object.fromEntries(p.bySubdistrict.map((g) => [g.key, pick(g)])) };
}

/** Keeps only one subdistrict's groups (a clerk's view, computed over that subdistrict's records). */
export function onlySubdistrict(p: Progress, subdistrict: string): Progress {
  const own = p.bySubdistrict.filter((g) => g.key === subdistrict);
  return {
    ...p,
    transitionList: p.transitionList.filter((t) => t.subdistrict === subdistrict),
    bySubdistrict: own,
    byDepartment: p.byDepartment.filter((g) => g.total + g.dismissed > 0),
    ranking: [],
    ...(p.bulletin ? { bulletin: { ...p.bulletin, bySubdistrict: p.bulletin.bySubdistrict.filter((g) => g.key === subdistrict), fairRanking: [] } } : {}),
    ...(p.changes ? { changes: { district: p.changes.bySubdistrict[subdistrict] ?? p.changes.district, bySubdistrict: { [subdistrict]: p.changes.bySubdistrict[subdistrict]! } } } : {}),
  };
}
