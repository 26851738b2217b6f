import { describe, expect, it } from "vitest";
import { loadMonitoringLimits, loadReference } from "../../functions/reference/index.js";
import { exceedances, limitSetFor, normalizeResults } from "../../functions/src/domain/supervision/monitoring.js";
import { applyFinding, pollutionSigns, problemsSeen } from "../../functions/src/domain/supervision/patrol.js";
import { taskOverdue } from "../../functions/src/domain/supervision/task.js";
import { outfall } from "./outfall-fixture.js";

const ref = loadReference();
const limits = loadMonitoringLimits();
const who = { email: "c@x", role: "clerk" as const, subdistrict: "kaixuan" };
const NOW = "2026-12-01T04:00:00.000Z";

describe("patrol findings", () => {
  it("reads problems from what was seen; water counts as a problem only in dry weather", () => {
    // Act / Assess
    expect(problemsSeen({ weather: "dry", observations: { flow: "trickle", damage: "damaged", signboard: "sign-missing", deposits: "heavy-deposits" } })).toEqual([
      "dry-weather",
      "aging",
      "no-signboard",
      "poor-drainage",
    ]);
    expect(problemsSeen({ weather: "rain", observations: { flow: "heavy" } })).toEqual([]);
    expect(pollutionSigns({ flow: "no-flow", oilFilm: "oil-film" })).toBe(true);
    expect(pollutionSigns({ flow: "flowing", colour: "colour-slight" })).toBe(false);
  });

  it("reopens a closed outfall with a new problem, adds it to an active one, leaves a dismissed point alone", () => {
    // Prepare
    const closed = outfall({ status: "closed", closedAt: NOW, closedBy: "d@x", problems: ["aging"] });
    // Act
    const reopened = applyFinding(closed, ["aging", "dry-weather"], who, NOW, ref, { lastPatrolAt: NOW });
    const active = applyFinding(outfall({ status: "remediating", problems: [] }), ["aging"], who, NOW, ref, {});
    const dismissed = applyFinding(outfall({ status: "dismissed" }), ["aging"], who, NOW, ref, {});
    const nothing = applyFinding(closed, ["aging"], who, NOW, ref, {});
    // Assess
    expect(reopened).toMatchObject({ added: ["dry-weather"], reopened: true, next: { status: "traced", reopenedAt: NOW, dryWeatherFlow: true, lastPatrolAt: NOW } });
    expect(!Array.isArray(reopened) && reopened.next.closedAt).toBeUndefined();
    expect(active).toMatchObject({ added: ["aging"], reopened: false, next: { status: "remediating", problems: ["aging"] } });
    expect(dismissed).toMatchObject({ added: [], reopened: false, next: { status: "dismissed" } });
    expect(nothing).toMatchObject({ added: [], reopened: false, next: { status: "closed" } });
  });
});

describe("monitoring limits", () => {
  it("picks the set by category and reports values outside it, with how many times a maximum", () => {
    // Prepare
    const set = limitSetFor(limits, "wwtp")!;
    const { results, violations } = normalizeResults(limits, { sampledAt: NOW, sampler: "x", photoIds: [], results: [{ indicator: "COD", value: 80 }, { indicator: "氨氮", value: 1 }, { indicator: "PH", value: 9.5 }] });
    // Act
    const over = exceedances(set, results);
    // Assess
    expect(set.key).toBe("db33-2169-existing");
    expect(violations).toEqual([]);
    expect(over).toEqual([
      { indicator: "cod", label: "化学需氧量", value: 80, unit: "mg/L", limit: "≤ 40", times: 2 },
      { indicator: "ph", label: "pH", value: 9.5, unit: "无量纲", limit: "6～9" },
    ]);
  });
});

describe("assigned tasks", () => {
  it("is overdue after its deadline (China date) until it is answered", () => {
    // Act / Assess
    expect(taskOverdue({ status: "assigned", deadline: "2026-11-30" }, "2026-12-01")).toBe(true);
    expect(taskOverdue({ status: "returned", deadline: "2026-11-30" }, "2026-12-01")).toBe(true);
    expect(taskOverdue({ status: "assigned", deadline: "2026-12-01" }, "2026-12-01")).toBe(false);
    expect(taskOverdue({ status: "answered", deadline: "2026-11-30" }, "2026-12-01")).toBe(false);
  });
});
