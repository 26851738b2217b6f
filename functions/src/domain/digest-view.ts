// Views of a district digest by scope (R-SCOPE). The digest is built once for the district; a clerk gets
// it cut down to their subdistrict (its own group as the headline, its own late outfalls, its own place in
// the ranking and its own line of the trend), a department officer to what their department supervises
// and what waits on it. District-wide groupings that cannot be cut by subdistrict are left out.
import type { BulletinFigures } from "./bulletin.js";
import type { Group, Progress, TrendPoint } from "./progress.js";

/** Per-subdistrict figures kept beside a digest's summary, so a clerk's list needs no digest body. */
export type SubdistrictFigures = Record<string, Pick<Group, "total" | "done" | "donePct" | "overdue">>;

export function subdistrictFigures(p: Progress): SubdistrictFigures {
  return Object.fromEntries(p.bySubdistrict.map((g) => [g.key, { total: g.total, done: g.done, donePct: g.donePct, overdue: g.overdue }]));
}

function bulletinOfSubdistrict(b: BulletinFigures | undefined, subdistrict: string): BulletinFigures | undefined {
  if (!b) return undefined;
  return {
    ...b,
    // Milestones and remediation are district figures; a clerk's view keeps only what is their own.
    milestones: [],
    remediation: [],
    byDepartment: [],
    bySubdistrict: b.bySubdistrict.filter((s) => s.key === subdistrict),
    fairRanking: b.fairRanking.filter((r) => r.key === subdistrict),
    lateList: b.lateList.filter((l) => l.subdistrict === subdistrict),
  };
}

const trendOf = (trend: TrendPoint[] | undefined, keep: (key: string) => boolean) =>
  trend?.map((t) => ({ ...t, bySubdistrict: Object.fromEntries(Object.entries(t.bySubdistrict).filter(([k]) => keep(k))) }));

/** Undefined when the digest has no group for the subdistrict (one added to the reference data later). */
export function subdistrictView(p: Progress, subdistrict: string): Progress | undefined {
  const own = p.bySubdistrict.find((g) => g.key === subdistrict);
  if (!own) return undefined;
  const delta = p.changes?.bySubdistrict[subdistrict];
  const { changes: _district, bulletin, trend, ...rest } = p;
  const ownBulletin = bulletinOfSubdistrict(bulletin, subdistrict);
  const ownTrend = trendOf(trend, (k) => k === subdistrict);
  return {
    ...rest,
    district: own,
    bySubdistrict: [own],
    byDepartment: [],
    byCategory: [],
    ranking: p.ranking.filter((r) => r.key === subdistrict),
    overdueList: p.overdueList.filter((o) => o.subdistrict === subdistrict),
    transitionList: (p.transitionList ?? []).filter((t) => t.subdistrict === subdistrict),
    ...(p.map ? { map: p.map.filter((m) => m.subdistrict === subdistrict) } : {}),
    ...(delta ? { changes: { district: delta, bySubdistrict: { [subdistrict]: delta } } } : {}),
    ...(ownBulletin ? { bulletin: ownBulletin } : {}),
    ...(ownTrend ? { trend: ownTrend } : {}),
  };
}

/** A department officer's view: their department's group and RAG, the late outfalls waiting on them, and
 *  the subdistrict figures (a department reads every subdistrict) without the other departments. */
export function departmentView(p: Progress, department: string): Progress | undefined {
  const own = p.byDepartment.find((g) => g.key === department);
  if (!own) return undefined;
  const b = p.bulletin;
  return {
    ...p,
    byDepartment: [own],
    ...(p.map ? { map: p.map.filter((m) => m.department === department) } : {}),
    ...(b
      ? {
          bulletin: {
            ...b,
            byDepartment: b.byDepartment.filter((d) => d.key === department),
            lateList: b.lateList.filter((l) => l.waitingOn.kind === "department" && l.waitingOn.key === department),
          },
        }
      : {}),
  };
}

/** One point a week (the latest digest of each week, weeks counted from Monday in China time), oldest first. */
export function weeklyTrend(points: TrendPoint[], max = 12): TrendPoint[] {
  const week = (iso: string) => Math.floor((Date.parse(iso) + 8 * 3600_000 + 3 * 86_400_000) / (7 * 86_400_000));
  const byWeek = new Map<number, TrendPoint>();
  for (const p of [...points].sort((a, b) => a.asOf.localeCompare(b.asOf))) byWeek.set(week(p.asOf), p);
  return [...byWeek.values()].slice(-max);
}
