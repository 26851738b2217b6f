import { describe, expect, it } from "vitest";
import { loadCampaign, loadReference } from "../../functions/reference/index.js";
import type { Outfall } from "../../functions/src/domain/outfall.js";
import { computeProgress as computeFromInputs, missingFields, progressInput, rank, snapshotOf } from "../../functions/src/domain/progress.js";

const ref = loadReference();
const campaign = loadCampaign();
// 2026-03-01 noon, China time: the 2025-12-31 deadline has passed; a transition to 2026-03-20 is 19 days out.
const NOW = new Date("2026-03-01T04:00:00Z");
const RECENT = "2026-02-20T00:00:00.000Z";
const OLD = "2025-10-01T00:00:00.000Z";

let n = 0;
function outfall(subdistrict: string, status: Outfall["status"], extra: Partial<Outfall> = {}): Outfall {
  n++;
  return {
    id: `O${n}`, tempId: `SC-XX-${String(n).padStart(4, "0")}`, name: `排口${n}`, category: "other", subcategory: "urban-domestic-scattered",
    department: "enforcement", receiving: "river", subdistrict, community: "某社区", longitude: 120.19, latitude: 30.27, waterBody: "xintang-river",
    surveyLevel: 2, outletType: "pipe", sizeMm: "600", dischargePattern: "intermittent", surveyedAt: "2024-01-01", dryWeatherFlow: false,
    illicitConnection: false, responsibleParties: [], problems: [], signboard: { installed: false }, status, version: 1,
    createdAt: OLD, createdBy: "x", updatedAt: RECENT, updatedBy: "x", historyHash: "h", ...extra,
  } as Outfall;
}
const party = [{ name: "某小区", kind: "residential" as const }];
const accepted = { by: "e@x", at: "2025-06-01T00:00:00Z", result: "passed" as const };

// 凯旋 (kaixuan): 4 in the inventory, 2 done → 50%; 湖滨 (hubin): 2, 1 done → 50%, tie on done share,
// but 湖滨 has 1 overdue and 凯旋 1 as well → same rank; 清波 (qingbo): 1, 0 done → 0%; one dismissed.
/** The digest reads compact summaries of records; these tests start from whole records. */
const computeProgress = (rs: Outfall[], ...rest: Parameters<typeof computeFromInputs> extends [unknown, ...infer R] ? R : never) =>
  computeFromInputs(rs.map(progressInput), ...rest);

const records: Outfall[] = [
  outfall("kaixuan", "closed", { action: "ban", plan: "封堵", completedAt: "2025-05-01", acceptance: accepted, responsibleParties: party, responsibilityBasis: "traced" }),
  outfall("kaixuan", "retained", { action: "keep", acceptance: accepted, signboard: { installed: true }, responsibleParties: party, responsibilityBasis: "traced" }),
  // overdue, stalled, a dry-weather stormwater outlet still open, file missing responsibleParties
  outfall("kaixuan", "traced", { subcategory: "urban-stormwater", dryWeatherFlow: true, updatedAt: OLD }),
  // a transition period to 2026-03-20: due within 30 days, not overdue
  outfall("kaixuan", "remediating", { action: "standardize", plan: "规范", responsibleParties: party, responsibilityBasis: "traced", transitionUntil: { until: "2026-03-20", reason: "施工中" } }),
  outfall("hubin", "closed", { action: "merge", plan: "并入", completedAt: "2025-05-01", acceptance: accepted, responsibleParties: party, responsibilityBasis: "traced" }),
  outfall("hubin", "suspected", { outletType: undefined }),
  outfall("qingbo", "confirmed", { surveyedAt: undefined, updatedAt: OLD }),
  outfall("qingbo", "dismissed"),
];

describe("progress aggregation", () => {
  it("counts states, shares, overdue, due soon, stalled and dry-weather outlets per subdistrict and district", () => {
    // Act
    const p = computeProgress(records, ref, campaign, NOW);
    const kaixuan = p.bySubdistrict.find((g) => g.key === "kaixuan")!;
    const qingbo = p.bySubdistrict.find((g) => g.key === "qingbo")!;
    // Assess
    expect(p.district).toMatchObject({ total: 7, dismissed: 1, traced: 5, done: 3, tracedPct: 71.4, donePct: 42.9, overdue: 3, dueSoon: 1, stalled: 2, dryWeatherOpen: 1 });
    expect(p.district.byStatus).toEqual({ suspected: 1, confirmed: 1, traced: 1, remediating: 1, "awaiting-acceptance": 0, closed: 2, retained: 1 });
    expect(kaixuan).toMatchObject({ label: "凯旋街道", total: 4, traced: 4, done: 2, donePct: 50, overdue: 1, dueSoon: 1, stalled: 1, dryWeatherOpen: 1 });
    expect(qingbo).toMatchObject({ total: 1, dismissed: 1, done: 0, donePct: 0, overdue: 1, stalled: 1 });
    expect(p.bySubdistrict.find((g) => g.key === "dinglan")).toMatchObject({ total: 0, donePct: 0 });
    expect(p.byDepartment.find((g) => g.key === "enforcement")!.total).toBe(7);
    expect(p.overdueList.map((o) => o.tempId)).toEqual(["SC-XX-0003", "SC-XX-0006", "SC-XX-0007"]);
    expect(p.overdueList[0]).toMatchObject({ effectiveDeadline: "2024-12-31", deadlineRule: "dry-weather", daysOverdue: 425 });
  });

  it("counts and lists a suspected point past the investigation date (排查逾期) before its remediation deadline", () => {
    // Prepare: mid-2024, the investigation date (2023-12-31) has passed, the remediation deadline (2025-12-31) has not
    const mid2024 = new Date("2024-06-01T04:00:00Z");
    const late = outfall("kaixuan", "suspected");
    const confirmed = outfall("kaixuan", "confirmed");
    // Act
    const p = computeProgress([late, confirmed], ref, campaign, mid2024);
    const kaixuan = p.bySubdistrict.find((g) => g.key === "kaixuan")!;
    // Assess
    expect(p.district).toMatchObject({ total: 2, overdue: 1, investigationOverdue: 1 });
    expect(kaixuan).toMatchObject({ overdue: 1, investigationOverdue: 1 });
    expect(p.overdueList).toEqual([
      expect.objectContaining({ tempId: late.tempId, deadlineRule: "investigation", effectiveDeadline: "2023-12-31", daysOverdue: 153, investigationOverdue: true }),
    ]);
  });

  it("ranks subdistricts that have outfalls by share done, ties sharing a rank (1, 1, 3)", () => {
    // Act
    const p = computeProgress(records, ref, campaign, NOW);
    // Assess
    expect(p.ranking.map((r) => [r.rank, r.key, r.donePct])).toEqual([
      [1, "hubin", 50],
      [1, "kaixuan", 50],
      [3, "qingbo", 0],
    ]);
  });

  it("rank() handles ties on share and on overdue", () => {
    // Prepare
    const g = (key: string, donePct: number, overdue: number) => ({ key, label: key, donePct, overdue, done: 0, total: 0 }) as never;
    // Act
    const r = rank([g("a", 80, 0), g("b", 90, 2), g("c", 80, 0), g("d", 80, 1), g("e", 10, 0)]);
    // Assess
    expect(r.map((x) => `${x.rank}${x.key}`)).toEqual(["1b", "2a", "2c", "4d", "5e"]);
  });

  it("measures data quality: records complete for their stage and the most common gaps", () => {
    // Act
    const p = computeProgress(records, ref, campaign, NOW);
    // Assess
    expect(missingFields(records[2]!)).toEqual(["responsibleParties", "responsibilityBasis"]);
    expect(missingFields(records[5]!)).toEqual([]); // suspected: only name and place are asked for
    expect(missingFields(records[6]!)).toEqual(["surveyedAt"]);
    expect(p.district.complete).toBe(5);
    expect(p.district.completePct).toBe(71.4);
    expect(p.district.gaps).toEqual([
      { field: "responsibilityBasis", label: "责任认定方式", count: 1 },
      { field: "responsibleParties", label: "责任主体", count: 1 },
      { field: "surveyedAt", label: "排查日期", count: 1 },
    ]);
  });

  it("reports the change since the previous digest", () => {
    // Prepare
    const before = snapshotOf(computeProgress(records.slice(0, 3), ref, campaign, new Date("2026-02-01T00:00:00Z")));
    // Act
    const p = computeProgress(records, ref, campaign, NOW, before);
    // Assess
    expect(p.changes!.district).toEqual({ since: "2026-02-01T00:00:00.000Z", total: 4, traced: 2, done: 1, overdue: 2 });
    expect(p.changes!.bySubdistrict.kaixuan).toMatchObject({ total: 1, done: 0 });
    expect(p.changes!.bySubdistrict.hubin).toMatchObject({ total: 2, done: 1 });
  });
});

describe("the two inventories, dismissals and transition periods in the figures", () => {
  it("splits every group by inventory, counts transition periods and lists them in the digest", async () => {
    // Prepare
    const { renderDigestEmail } = await import("../../functions/src/app/digest-render.js");
    // Act
    const p = computeProgress(records, ref, campaign, NOW);
    const mail = renderDigestEmail(p, ref);
    // Assess
    const kaixuan = p.bySubdistrict.find((g) => g.key === "kaixuan")!;
    expect(kaixuan.inventory.stormwater).toMatchObject({ total: 1, done: 0 });
    expect(kaixuan.inventory.outfall.total + kaixuan.inventory.stormwater.total).toBe(kaixuan.total);
    expect(p.byInventory.map((g) => [g.key, g.total])).toEqual([
      ["outfall", p.district.inventory.outfall.total],
      ["stormwater", p.district.inventory.stormwater.total],
    ]);
    expect(kaixuan.transitions).toBe(1);
    expect(p.transitionList).toEqual([expect.objectContaining({ subdistrict: "kaixuan", until: "2026-03-20", reason: "施工中", campaignDeadline: "2025-12-31" })]);
    expect(mail.text).toContain("过渡期排污口（共 1 个）");
    expect(mail.text).toContain("排污口清单与城镇雨洪排口清单");
    expect(mail.text).not.toContain("undefined");
  });
});
