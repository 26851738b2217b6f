import { describe, expect, it } from "vitest";
import { loadCampaign, loadReference } from "../../functions/reference/index.js";
import { CampaignDataError, chinaDate, deriveStatus, effectiveDeadline, validateCampaign } from "../../functions/src/domain/campaign.js";
import type { Outfall } from "../../functions/src/domain/outfall.js";

const ref = loadReference();
const campaign = loadCampaign();

function outfall(overrides: Partial<Outfall> = {}): Outfall {
  return {
    id: "X",
    tempId: "SC-KX-0001",
    name: "测试排口",
    category: "other",
    subcategory: "urban-domestic-scattered",
    receiving: "river",
    subdistrict: "kaixuan",
    longitude: 120.196,
    latitude: 30.276,
    waterBody: "xintang-river",
    surveyLevel: 2,
    dryWeatherFlow: false,
    illicitConnection: false,
    responsibleParties: [],
    problems: [],
    signboard: { installed: false },
    status: "remediating",
    version: 1,
    createdAt: "2023-11-01T00:00:00.000Z",
    createdBy: "a@b",
    updatedAt: "2023-11-01T00:00:00.000Z",
    updatedBy: "a@b",
    historyHash: "0",
    ...overrides,
  } as Outfall;
}

const drinking = ref.waterBodies.find((w) => w.drinkingWaterSource)!.key;

// [case, record, expected rule, expected date]
const CASES: [string, Partial<Outfall>, string, string][] = [
  ["within 1 km of a venue", { zones: { nearVenue: true } }, "pilot", "2023-08-31"],
  ["in a drinking-water protection area", { zones: { drinkingWaterProtection: true } }, "pilot", "2023-08-31"],
  ["on a drinking-water source", { waterBody: drinking }, "pilot", "2023-08-31"],
  ["an industrial enterprise", { category: "industrial", subcategory: "industrial-enterprise" }, "early", "2023-12-31"],
  ["a park wastewater plant", { category: "industrial", subcategory: "park-wwtp" }, "early", "2023-12-31"],
  ["into the sea", { receiving: "sea" }, "early", "2023-12-31"],
  ["on the Asian Games core reach of the 钱塘江", { waterBody: "qiantang-river-asian-games-reach" }, "early", "2023-12-31"],
  ["on the 钱塘江 main stem elsewhere", { waterBody: "qiantang-river" }, "main-rivers", "2024-12-31"],
  ["on the 京杭运河 main stem", { waterBody: "grand-canal" }, "main-rivers", "2024-12-31"],
  ["on an important tributary of the 运河 (上塘河)", { waterBody: "shangtang-river" }, "main-rivers", "2024-12-31"],
  ["a dry-weather urban stormwater outlet", { subcategory: "urban-stormwater", dryWeatherFlow: true }, "dry-weather", "2024-12-31"],
  ["an urban stormwater outlet that is dry in dry weather", { subcategory: "urban-stormwater", dryWeatherFlow: false }, "all", "2025-12-31"],
  ["anything else", {}, "all", "2025-12-31"],
];

describe("campaign deadlines: the earliest applicable rule wins", () => {
  for (const [name, overrides, rule, date] of CASES) {
    it(`${name} → ${rule} ${date}, overdue only after that day (China time)`, () => {
      // Prepare
      const record = outfall(overrides);
      const dayBefore = new Date(`${date}T15:59:00Z`); // 23:59 China time on the deadline day
      const dayAfter = new Date(`${date}T16:00:00Z`); // 00:00 China time the day after
      // Act
      const deadline = effectiveDeadline(record, campaign, ref);
      const before = deriveStatus(record, campaign, ref, dayBefore);
      const after = deriveStatus(record, campaign, ref, dayAfter);
      // Assess
      expect(deadline).toMatchObject({ rule, date });
      expect(before).toMatchObject({ overdue: false, daysToDeadline: 0, effectiveDeadline: date });
      expect(after).toMatchObject({ overdue: true, daysToDeadline: -1 });
    });
  }

  it("no whole river is flagged as Asian Games core water: only named reaches, marked for the district to confirm", () => {
    // Prepare / Act
    const core = ref.waterBodies.filter((w) => w.asianGamesCore);
    // Assess
    expect(core.length).toBeGreaterThan(0);
    expect(ref.waterBodyByKey.get("qiantang-river")!.asianGamesCore).toBe(false);
    expect(ref.waterBodyByKey.get("grand-canal")!.asianGamesCore).toBe(false);
    for (const w of core) expect(w.needsConfirmation).toBe(true);
    expect(ref.waterBodyByKey.get("qiantang-river-asian-games-reach")!.segmentOf).toBe("qiantang-river");
  });

  it("after the campaign ended (2026-12-01) what was not done stays overdue", () => {
    // Prepare
    const record = outfall({ status: "remediating" });
    // Act
    const status = deriveStatus(record, campaign, ref, new Date("2026-12-01T02:00:00Z"));
    // Assess
    expect(status).toMatchObject({ effectiveDeadline: "2025-12-31", deadlineRule: "all", overdue: true, daysToDeadline: -335 });
  });

  it("a suspected point neither confirmed nor dismissed by the investigation date (2023-12-31) is 排查逾期", () => {
    // Prepare
    const lastDay = new Date("2023-12-31T15:59:00Z"); // 23:59 China time
    const nextDay = new Date("2023-12-31T16:00:00Z"); // 00:00 China time on 2024-01-01
    const suspected = outfall({ status: "suspected" });
    // Act
    const onTime = deriveStatus(suspected, campaign, ref, lastDay);
    const late = deriveStatus(suspected, campaign, ref, nextDay);
    const confirmed = deriveStatus(outfall({ status: "confirmed" }), campaign, ref, nextDay);
    const dismissed = deriveStatus(outfall({ status: "dismissed" }), campaign, ref, nextDay);
    // Assess
    expect(onTime.investigationOverdue).toBe(false);
    expect(late).toMatchObject({ investigationOverdue: true, overdue: false, effectiveDeadline: "2025-12-31" });
    expect([confirmed.investigationOverdue, dismissed.investigationOverdue]).toEqual([false, false]);
  });

  it("a combination takes the earliest: industrial near a venue is pilot", () => {
    // Prepare / Act
    const deadline = effectiveDeadline(outfall({ category: "industrial", subcategory: "industrial-enterprise", zones: { nearVenue: true } }), campaign, ref);
    // Assess
    expect(deadline).toMatchObject({ rule: "pilot", date: "2023-08-31" });
  });

  it("a transition period moves the deadline and says so; an override moves it again", () => {
    // Prepare
    const transition = outfall({ transitionUntil: { until: "2026-06-30", reason: "老旧小区改造同步实施" } });
    const overridden = outfall({ transitionUntil: { until: "2026-06-30", reason: "x" }, deadlineOverride: { date: "2026-03-31", reason: "区治水办调度", approvedBy: "k@x" } });
    // Act
    const t = effectiveDeadline(transition, campaign, ref);
    const o = effectiveDeadline(overridden, campaign, ref);
    const beforeT = deriveStatus(transition, campaign, ref, new Date("2026-06-30T12:00:00+08:00"));
    const afterT = deriveStatus(transition, campaign, ref, new Date("2026-07-01T00:30:00+08:00"));
    // Assess
    expect(t).toMatchObject({ rule: "transition", date: "2026-06-30", campaignDate: "2025-12-31", campaignRule: "all" });
    expect(t.label).toContain("过渡期");
    expect(o).toMatchObject({ rule: "override", date: "2026-03-31" });
    expect(beforeT.overdue).toBe(false);
    expect(afterT.overdue).toBe(true);
  });

  it("done and dismissed outfalls are never overdue; problems put an outfall on the problem list", () => {
    // Prepare
    const late = new Date("2027-01-01T00:00:00Z");
    // Act
    const closed = deriveStatus(outfall({ status: "closed" }), campaign, ref, late);
    const retained = deriveStatus(outfall({ status: "retained" }), campaign, ref, late);
    const dismissed = deriveStatus(outfall({ status: "dismissed", problems: ["aging"] }), campaign, ref, late);
    const open = deriveStatus(outfall({ status: "confirmed", problems: ["aging"] }), campaign, ref, late);
    // Assess
    expect([closed.overdue, retained.overdue, dismissed.overdue]).toEqual([false, false, false]);
    expect(closed.done && retained.done).toBe(true);
    expect(dismissed.onProblemList).toBe(false);
    expect(open).toMatchObject({ overdue: true, onProblemList: true, traceOverdue: true });
  });

  it("uses China's calendar date", () => {
    // Prepare / Act / Assess
    expect(chinaDate(new Date("2023-12-31T16:00:00Z"))).toBe("2024-01-01");
    expect(chinaDate(new Date("2023-12-31T15:59:59Z"))).toBe("2023-12-31");
  });

  it("refuses a campaign file with an unknown subcategory, a duplicate key or no catch-all rule", () => {
    // Prepare
    const bad = structuredClone(campaign) as any;
    bad.rules[1].when.any.push({ subcategory: ["no-such-type"] });
    bad.rules.push({ ...bad.rules[0] });
    const noCatchAll = structuredClone(campaign) as any;
    noCatchAll.rules = noCatchAll.rules.filter((r: any) => !r.when.always);
    // Act / Assess
    expect(() => validateCampaign(bad, ref)).toThrow(CampaignDataError);
    expect(() => validateCampaign(bad, ref)).toThrow(/no-such-type[\s\S]*used twice/);
    expect(() => validateCampaign(noCatchAll, ref)).toThrow(/always/);
  });
});
