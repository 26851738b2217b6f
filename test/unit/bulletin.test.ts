import { describe, expect, it } from "vitest";
import { renderDigestEmail, renderDigestPage } from "../../functions/src/app/digest-render.js";
import { trendChart } from "../../functions/src/app/digest-trend.js";
import { ragOf } from "../../functions/src/domain/bulletin.js";
import { CampaignDataError, validateCampaign } from "../../functions/src/domain/campaign.js";
import { departmentView, subdistrictView, weeklyTrend } from "../../functions/src/domain/digest-view.js";
import type { Outfall } from "../../functions/src/domain/outfall.js";
import { computeProgress, progressInput } from "../../functions/src/domain/progress.js";
import { AFTER, DURING, accepted, campaign, o, records, ref } from "./bulletin-fixture.js";

describe("the bulletin's figures", () => {
  it("counts due, done and overdue per milestone of the campaign file, investigation included", () => {
    // Act
    const b = computeProgress(records, ref, campaign, AFTER).bulletin!;
    // Assess
    expect(b.milestones.map((m) => [m.key, m.deadline, m.total, m.due, m.done, m.overdue])).toEqual([
      ["pilot", "2023-08-31", 0, 0, 0, 0],
      ["early", "2023-12-31", 1, 1, 0, 1],
      ["investigation", "2023-12-31", 8, 8, 7, 1],
      ["main-rivers", "2024-12-31", 1, 1, 0, 1],
      ["dry-weather", "2024-12-31", 1, 1, 0, 1],
      ["all", "2025-12-31", 4, 4, 2, 2],
    ]);
    expect(b.milestones.find((m) => m.key === "investigation")!.donePct).toBe(87.5);
  });

  it("nothing is due of a milestone whose deadline is ahead", () => {
    // Act
    const b = computeProgress(records, ref, campaign, DURING).bulletin!;
    // Assess
    expect(b.milestones.find((m) => m.key === "all")).toMatchObject({ total: 4, due: 0, overdue: 0 });
    expect(b.milestones.find((m) => m.key === "early")).toMatchObject({ total: 1, due: 1, overdue: 1 });
  });

  it("counts by remediation, with the sewer connections among the merges", () => {
    // Act
    const b = computeProgress(records, ref, campaign, AFTER).bulletin!;
    // Assess
    expect(b.remediation.map((r) => [r.key, r.total, r.done, r.sewerConnected])).toEqual([
      ["ban", 1, 1, undefined],
      ["merge", 1, 0, 1],
      ["standardize", 1, 0, undefined],
      ["keep", 1, 1, undefined],
      ["undecided", 3, 0, undefined],
    ]);
  });

  it("keeps the two inventories apart", () => {
    // Act
    const p = computeProgress(records, ref, campaign, AFTER);
    // Assess
    expect(p.byInventory.map((g) => [g.key, g.total, g.done, g.overdue])).toEqual([
      ["outfall", 6, 2, 4],
      ["stormwater", 1, 0, 1],
    ]);
  });

  it("says whom each late outfall waits on: awaiting acceptance counts against the department", () => {
    // Act
    const b = computeProgress(records, ref, campaign, AFTER).bulletin!;
    const waits = Object.fromEntries(b.lateList.map((l) => [l.id, l.waitingOn]));
    // Assess
    expect(waits).toEqual({
      B: { kind: "subdistrict", key: "kaixuan" },
      C: { kind: "department", key: "enforcement" },
      D: { kind: "coordinator" },
      G: { kind: "subdistrict", key: "hubin" },
      H: { kind: "subdistrict", key: "kaixuan" },
    });
    expect(b.byDepartment.find((d) => d.key === "enforcement")).toMatchObject({ total: 7, waiting: 1, lateWaiting: 1, rag: "red" });
    expect(b.coordinator).toEqual({ waiting: 1, lateWaiting: 1 });
    expect(b.bySubdistrict.find((s) => s.key === "kaixuan")).toMatchObject({ total: 4, waiting: 2, lateWaiting: 2, lateWaitingOthers: 1, creditPct: 50, rag: "red" });
    expect(b.bySubdistrict.find((s) => s.key === "dinglan")).toMatchObject({ total: 0, rag: "none" });
    expect(b.bySubdistrict.find((s) => s.key === "hubin")).toMatchObject({ total: 3, waiting: 1, lateWaiting: 1, lateWaitingOthers: 1, creditPct: 66.7, dismissed: 1 });
  });

  it("ranks subdistricts without punishing them for what waits on others", () => {
    // Act
    const p = computeProgress(records, ref, campaign, AFTER);
    // Assess: on done share alone 湖滨 (33.3%) leads 凯旋 (25%); the fair ranking credits what waits on others
    expect(p.ranking.map((r) => [r.key, r.donePct])).toEqual([
      ["hubin", 33.3],
      ["kaixuan", 25],
    ]);
    expect(p.bulletin!.fairRanking.map((r) => [r.rank, r.key, r.creditPct])).toEqual([
      [1, "hubin", 66.7],
      [2, "kaixuan", 50],
    ]);
  });

  it("sets red, amber and green by the campaign's thresholds; the file's thresholds are checked", () => {
    // Act / Assess
    expect(ragOf(95, 2, campaign)).toBe("green");
    expect(ragOf(90, 5, campaign)).toBe("green");
    expect(ragOf(95, 10, campaign)).toBe("amber");
    expect(ragOf(70, 2, campaign)).toBe("amber");
    expect(ragOf(59.9, 0, campaign)).toBe("red");
    expect(ragOf(95, 20.1, campaign)).toBe("red");
    const bad = { ...campaign, rag: { green: { donePct: 50, overduePct: 5 }, red: { donePct: 60, overduePct: 20 } } };
    expect(() => validateCampaign(bad, ref)).toThrow(CampaignDataError);
    expect(() => validateCampaign(bad, ref)).toThrow(/rag: green.donePct \(50\) is below red.donePct \(60\)/);
  });
});

describe("campaign and supervision modes", () => {
  it("after the campaign's last deadline reports dynamic supervision under its own title, without the 30-day figure", () => {
    // Act
    const p = computeProgress(records, ref, campaign, AFTER);
    const mail = renderDigestEmail(p, ref);
    // Assess
    expect(p.bulletin).toMatchObject({ mode: "supervision", title: "上城区入河入海排污口动态监管", campaignEnd: "2025-12-31" });
    expect(p.bulletin!.supervision).toEqual({ stillOverdue: 5, retained: 1, retainedWithoutPatrol: 1, patrolDays: 90, monitoringOverdue: 3, reopened: 1, newSinceEnd: 1, since: "2025-12-31" });
    expect(mail.subject).toContain("动态监管");
    expect(mail.html).toContain("上城区入河入海排污口动态监管 进度通报");
    expect(mail.html).not.toContain("2023—2025");
    expect(mail.text).not.toContain("30 天内到期");
    expect(mail.text).not.toContain("30天内到期");
    expect(mail.text).toContain("保留排污口中超过 90 天未巡查或监测");
  });

  it("counts a retained outfall as unpatrolled until a patrol or monitoring falls within patrolDays", () => {
    // Prepare
    const retained = (extra: Partial<Outfall>) => progressInput(o("R", { status: "retained", action: "keep", acceptance: accepted, ...extra }));
    const figure = (r: ReturnType<typeof progressInput>) => computeProgress([r], ref, campaign, AFTER).bulletin!.supervision!.retainedWithoutPatrol;
    // Act / Assess
    expect(figure(retained({}))).toBe(1);
    expect(figure(retained({ lastPatrolAt: "2026-11-20T02:00:00.000Z" }))).toBe(0);
    expect(figure(retained({ lastPatrolAt: "2026-08-01T02:00:00.000Z" }))).toBe(1);
    expect(figure(retained({ lastPatrolAt: "2026-08-01T02:00:00.000Z", lastMonitoringAt: "2026-10-01T02:00:00.000Z" }))).toBe(0);
    expect(figure(retained({ lastPatrolAt: "2026-09-02T03:59:00.000Z" }))).toBe(1);
    expect(figure(retained({ lastPatrolAt: "2026-09-02T04:01:00.000Z" }))).toBe(0);
  });

  it("counts outfalls overdue for monitoring by the plan their category and water body take", () => {
    // Prepare: B (remediating), C (awaiting acceptance) and E (retained) are monitored, none sampled since 2025-10.
    const sampled = (at: string) => records.map((r) => (r.id === "E" ? { ...r, lastMonitoringAt: at } : r));
    const industrial = (at: string) => progressInput(o("I", { status: "retained", category: "industrial", subcategory: "industrial-enterprise", lastMonitoringAt: at }));
    const figure = (rs: ReturnType<typeof progressInput>[]) => computeProgress(rs, ref, campaign, AFTER).bulletin!.supervision!.monitoringOverdue;
    // Act / Assess
    expect(figure(records)).toBe(3);
    expect(figure(sampled("2026-11-01T00:00:00.000Z"))).toBe(2);
    expect(figure([industrial("2026-11-15T00:00:00.000Z")])).toBe(0);
    expect(figure([industrial("2026-10-15T00:00:00.000Z")])).toBe(1);
  });

  it("before it, reports the campaign under the campaign's name with the 30-day figure", () => {
    // Act
    const p = computeProgress(records, ref, campaign, DURING);
    const mail = renderDigestEmail(p, ref);
    // Assess
    expect(p.bulletin).toMatchObject({ mode: "campaign", title: campaign.name });
    expect(p.bulletin!.supervision).toBeUndefined();
    expect(mail.html).toContain(`${campaign.name} 进度通报`);
    expect(mail.text).toContain("30 天内到期");
    expect(mail.text).toContain("各节点完成情况");
    expect(mail.text).toContain("亮灯规则");
  });
});

describe("scope and trend", () => {
  it("a department's view keeps its own department and the late outfalls waiting on it; a clerk's their subdistrict", () => {
    // Prepare
    const p = computeProgress(records, ref, campaign, AFTER);
    // Act
    const dept = departmentView(p, "enforcement")!;
    const clerk = subdistrictView(p, "hubin")!;
    // Assess
    expect(dept.byDepartment.map((g) => g.key)).toEqual(["enforcement"]);
    expect(dept.bulletin!.lateList.map((l) => l.id)).toEqual(["C"]);
    expect(clerk.bulletin!.bySubdistrict.map((s) => s.key)).toEqual(["hubin"]);
    expect(clerk.bulletin!.lateList.map((l) => l.id).sort()).toEqual(["D", "G"]);
    expect(clerk.bulletin!.byDepartment).toEqual([]);
    expect(departmentView(p, "nobody")).toBeUndefined();
  });

  it("draws a weekly trend over three kept digests, the latest of each week", () => {
    // Prepare: three weeks, the second with two digests
    const point = (asOf: string, donePct: number, overdue: number) => ({ asOf, district: { donePct, overdue }, bySubdistrict: { kaixuan: { donePct, overdue } } });
    const points = [point("2026-11-16T01:00:00Z", 10, 9), point("2026-11-23T01:00:00Z", 20, 8), point("2026-11-26T01:00:00Z", 25, 7), point("2026-11-30T01:00:00Z", 40, 5)];
    // Act
    const trend = weeklyTrend(points);
    const p = { ...computeProgress(records, ref, campaign, AFTER), trend };
    const svg = trendChart(p)!;
    const page = renderDigestPage(p, ref);
    // Assess
    expect(trend.map((t) => [t.asOf, t.district.donePct])).toEqual([
      ["2026-11-16T01:00:00Z", 10],
      ["2026-11-26T01:00:00Z", 25],
      ["2026-11-30T01:00:00Z", 40],
    ]);
    expect((svg.match(/<polyline/g) ?? []).length).toBe(2); // the district and 凯旋 (the only subdistrict in the points)
    expect((svg.match(/class="overdue-bar"/g) ?? []).length).toBe(3);
    expect(page).toContain('class="trend"');
    expect(trendChart({ ...p, trend: [] })).toBeUndefined();
  });
});
