// A subdistrict's view of a district digest (R-SCOPE: a clerk reads only their own subdistrict). The
// digest is built once for the district; a clerk gets the same digest cut down to what concerns their
// subdistrict: its own group as the headline, its own overdue outfalls and its own place in the ranking.
// District-wide groupings (by department, by category) cannot be cut by subdistrict, so they are left out.
import type { Group, Progress } from "./progress.js";

/** Per-subdistrict figures kept beside a digest's summary, so a clerk's list needs no digest body. */
export type SubdistrictFigures = Record<string, Pick<Group, "total" | "done" | "donePct" | "overdue">>;

export function subdistrictFigures(p: Progress): SubdistrictFigures {
  return Object.fromEntries(p.bySubdistrict.map((g) => [g.key, { total: g.total, done: g.done, donePct: g.donePct, overdue: g.overdue }]));
}

/** Undefined when the digest has no group for the subdistrict (one added to the reference data later). */
export function subdistrictView(p: Progress, subdistrict: string): Progress | undefined {
  const own = p.bySubdistrict.find((g) => g.key === subdistrict);
  if (!own) return undefined;
  const delta = p.changes?.bySubdistrict[subdistrict];
  const { changes: _district, ...rest } = p;
  return {
    ...rest,
    district: own,
    bySubdistrict: [own],
    byDepartment: [],
    byCategory: [],
    ranking: p.ranking.filter((r) => r.key === subdistrict),
    overdueList: p.overdueList.filter((o) => o.subdistrict === subdistrict),
    ...(delta ? { changes: { district: delta, bySubdistrict: { [subdistrict]: delta } } } : {}),
  };
}
