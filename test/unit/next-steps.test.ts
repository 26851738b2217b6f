import { describe, expect, it } from "vitest";
import { loadReference } from "../../functions/reference/index.js";
import type { Principal } from "../../functions/src/domain/access.js";
import { runTransition } from "../../functions/src/domain/lifecycle.js";
import { nextSteps } from "../../functions/src/domain/next-steps.js";
import { outfall } from "./outfall-fixture.js";

const ref = loadReference();
const clerk: Principal = { email: "c@x", role: "clerk", subdistrict: "kaixuan" };
const enforcement: Principal = { email: "e@x", role: "department", department: "enforcement" };
const photo = (slot: string) => ({ id: slot, slot, contentType: "image/jpeg", size: 1, sha256: "", uploadedBy: "", uploadedAt: "2024-05-01T00:00:00Z", key: "" }) as never;
const rulesOf = (steps: ReturnType<typeof nextSteps>) => steps.blockers.map((b) => `${b.action}:${b.rule}`);

describe("nextSteps: allowedActions and blockers from the lifecycle's own rules", () => {
  it("a traced outfall: its clerk may plan; a department of another category may not", () => {
    const r = outfall({ status: "traced", department: "enforcement" });
    expect(nextSteps(r, clerk, ref).allowedActions).toEqual(["plan"]);
    expect(nextSteps(r, enforcement, ref).allowedActions).toEqual([]);
  });

  it("steps that do not apply to the record are neither allowed nor blockers (R-LIFECYCLE)", () => {
    const keep = outfall({ status: "awaiting-acceptance", department: "enforcement", action: "keep" });
    const steps = nextSteps(keep, enforcement, ref);
    expect(steps.allowedActions).toEqual(["accept", "reject"]);
    expect(steps.blockers.map((b) => b.action)).toEqual(["retain"]); // 销号 does not apply to a kept outfall
  });

  it("every blocker is the refusal the transition itself gives", () => {
    const r = outfall({ status: "awaiting-acceptance", department: "enforcement", action: "ban", completedAt: "2024-05-01", photos: [photo("before")] });
    const steps = nextSteps(r, enforcement, ref);
    const refused = runTransition("accept", r, {}, enforcement, "2024-06-01T00:00:00Z", ref);
    expect(refused).toEqual(steps.blockers.filter((b) => b.action === "accept").map(({ action: _a, ...v }) => v));
    expect(rulesOf(steps)).toEqual(["accept:R-CLOSE-EVIDENCE", "accept:R-CLOSE-EVIDENCE", "close:R-CLOSE-EVIDENCE", "close:R-CLOSE-EVIDENCE", "close:R-CLOSE-EVIDENCE"]);
  });

  it("a dry-weather stormwater outlet needs its re-check after completion before acceptance", () => {
    const r = outfall({
      subcategory: "urban-stormwater", dryWeatherFlow: true, status: "awaiting-acceptance", department: "enforcement", action: "standardize",
      completedAt: "2024-05-01", photos: [photo("before"), photo("after"), photo("signboard")],
    });
    const steps = nextSteps(r, enforcement, ref);
    expect(steps.blockers).toContainEqual(expect.objectContaining({ action: "accept", field: "dryWeatherChecks", rule: "R-CLOSE-EVIDENCE" }));
    expect(nextSteps(r, clerk, ref).allowedActions).toEqual(["dry-weather-check"]);
  });
});
