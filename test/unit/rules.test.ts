import { describe, expect, it } from "vitest";
import { loadReference } from "../../functions/reference/index.js";
import type { Principal } from "../../functions/src/domain/access.js";
import type { Outfall } from "../../functions/src/domain/outfall.js";
import { outfall } from "./outfall-fixture.js";
import { changeRules } from "../../functions/src/domain/change-rules.js";
import { type RuleContext, evidenceRules, newViolations, planRules } from "../../functions/src/domain/rules.js";

const ref = loadReference();
const clerk: Principal = { email: "c@x", role: "clerk", subdistrict: "kaixuan" };
const coordinator: Principal = { email: "k@x", role: "coordinator" };
const CODE = "91330100799655058B";

const ctx = (overrides: Partial<RuleContext> = {}): RuleContext => ({ actor: clerk, ref, sameCreditCode: new Map(), ...overrides });
const rules = (r: Outfall, c = ctx()) => planRules(r, c).map((v) => v.rule);
const enterprise = { name: "杭州示范印染有限公司", kind: "enterprise" as const, creditCode: CODE };
const photo = (slot: string, supersededBy?: string) => ({ id: slot, slot, contentType: "image/jpeg", size: 1, sha256: "", uploadedBy: "", uploadedAt: "", key: "", ...(supersededBy ? { supersededBy } : {}) }) as never;

describe("the plan's rules, each passing and failing", () => {
  it("R-STORM: an urban stormwater outlet may be standardized, not banned or merged", () => {
    expect(rules(outfall({ subcategory: "urban-stormwater", action: "ban" }))).toContain("R-STORM");
    expect(rules(outfall({ subcategory: "urban-stormwater", action: "merge", mergeInto: "SC-KX-0002" }))).toContain("R-STORM");
    expect(rules(outfall({ subcategory: "urban-stormwater", action: "standardize" }))).not.toContain("R-STORM");
    expect(rules(outfall({ subcategory: "urban-domestic-scattered", action: "ban" }))).not.toContain("R-STORM");
  });

  it("R-PROTECTED: in a protected zone only a ban, unless a legal basis is approved by the coordinator", () => {
    const zoned = { zones: { drinkingWaterProtection: true }, action: "standardize" as const };
    expect(rules(outfall(zoned))).toContain("R-PROTECTED");
    expect(rules(outfall({ ...zoned, legalBasis: "历史遗留，依法保留" }))).toContain("R-PROTECTED");
    expect(rules(outfall({ ...zoned, legalBasis: "历史遗留，依法保留" }), ctx({ actor: coordinator }))).not.toContain("R-PROTECTED");
    expect(rules(outfall({ ...zoned, legalBasis: "x", protectedApproval: { by: "k@x", at: "", action: "standardize" } }))).not.toContain("R-PROTECTED");
    expect(rules(outfall({ ...zoned, action: "ban" }))).not.toContain("R-PROTECTED");
  });

  it("R-ONE-PARTY: two parties need a shared-permit reference", () => {
    const two = [enterprise, { name: "某小区", kind: "residential" as const }];
    expect(rules(outfall({ responsibleParties: two }))).toContain("R-ONE-PARTY");
    expect(rules(outfall({ responsibleParties: two, sharedPermitRef: "91330100MA2X-001V" }))).not.toContain("R-ONE-PARTY");
  });

  it("R-ONE-PER-ENTERPRISE: a second outfall may be recorded; keeping it needs a filing reference (报备)", () => {
    const other = outfall({ id: "B", tempId: "SC-KX-0009", category: "industrial", status: "retained", responsibleParties: [enterprise] });
    const c = ctx({ sameCreditCode: new Map([[CODE, [other]]]) });
    const traced = outfall({ category: "industrial", subcategory: "industrial-enterprise", responsibleParties: [enterprise] });
    const toKeep = { ...traced, action: "standardize" as const, status: "remediating" as const };
    expect(rules(traced, c)).not.toContain("R-ONE-PER-ENTERPRISE");
    expect(rules({ ...traced, action: "ban", status: "remediating" }, c)).not.toContain("R-ONE-PER-ENTERPRISE");
    expect(rules(toKeep, c)).toContain("R-ONE-PER-ENTERPRISE");
    expect(planRules(toKeep, c).find((v) => v.rule === "R-ONE-PER-ENTERPRISE")!.message).toContain("经分局汇总、由区政府向市生态环境局报备");
    expect(rules({ ...toKeep, filingRef: "上政报备〔2024〕3号" }, c)).not.toContain("R-ONE-PER-ENTERPRISE");
    expect(rules(toKeep, ctx({ sameCreditCode: new Map([[CODE, [{ ...other, status: "closed", action: "ban" }]]]) }))).not.toContain("R-ONE-PER-ENTERPRISE");
  });

  it("R-APPROVAL: a kept industrial outfall needs an approval or filing record", () => {
    const kept = outfall({ category: "industrial", subcategory: "industrial-enterprise", action: "keep", status: "awaiting-acceptance" });
    expect(rules(kept)).toContain("R-APPROVAL");
    expect(rules({ ...kept, approval: { status: "approved", documentNo: "杭环评批〔2020〕1号" } })).not.toContain("R-APPROVAL");
    expect(rules({ ...kept, approval: { status: "unapproved" } })).toContain("R-APPROVAL");
  });

  it("R-MERGE-TARGET: a merge names an existing, kept outfall other than itself, or the sewer it connects to", () => {
    const merging = outfall({ action: "merge", mergeInto: "SC-KX-0002", status: "remediating", problems: ["uncollected"], floodSafety: { affects: false } });
    const sewer = { network: "七堡净水厂", connectionPoint: "新塘路DN600污水井W12" };
    expect(rules(outfall({ ...merging, mergeInto: undefined, sewerConnection: sewer }))).not.toContain("R-MERGE-TARGET");
    expect(rules(merging, ctx({ mergeTarget: null }))).toContain("R-MERGE-TARGET");
    expect(rules(merging, ctx({ mergeTarget: outfall({ id: "B", status: "closed", action: "ban" }) }))).toContain("R-MERGE-TARGET");
    expect(rules(merging, ctx({ mergeTarget: outfall({ id: "B", status: "remediating", action: "standardize" }) }))).not.toContain("R-MERGE-TARGET");
    expect(rules(merging, ctx({ mergeTarget: outfall({ id: "B", status: "retained" }) }))).not.toContain("R-MERGE-TARGET");
    expect(rules(outfall({ action: "merge", status: "remediating" }))).toContain("R-MERGE-TARGET");
  });

  it("R-SIGNBOARD: a retained outfall of the outfall inventory has a signboard", () => {
    expect(rules(outfall({ status: "retained" }))).toContain("R-SIGNBOARD");
    expect(rules(outfall({ status: "retained", subcategory: "urban-stormwater", action: "keep" }))).not.toContain("R-SIGNBOARD");
    expect(rules(outfall({ status: "retained", signboard: { installed: true, installedAt: "2024-05-01" } }))).not.toContain("R-SIGNBOARD");
  });

  it("R-CLASSIFICATION: 'undetermined' only before tracing is done", () => {
    expect(rules(outfall({ category: "undetermined", subcategory: undefined, status: "traced" }))).toContain("R-CLASSIFICATION");
    expect(rules(outfall({ category: "undetermined", subcategory: undefined, status: "confirmed" }))).not.toContain("R-CLASSIFICATION");
  });

  it("R-TRACE-DEADLINE: only the coordinator designates, and with a note", () => {
    const designated = outfall({ responsibilityBasis: "designated" });
    expect(changeRules(outfall(), designated, { actor: clerk, ref }).map((v) => v.rule)).toEqual(["R-TRACE-DEADLINE"]);
    expect(changeRules(outfall(), designated, { actor: coordinator, ref })).toEqual([]);
    expect(rules(designated)).toContain("R-TRACE-DEADLINE");
    expect(rules({ ...designated, designationNote: "多次溯源未果，指定属地街道" })).not.toContain("R-TRACE-DEADLINE");
  });

  it("R-CLOSE-EVIDENCE: completion date, before/after photos, acceptance; sealing for a ban; signboard for standardization", () => {
    const ban = outfall({ action: "ban", status: "awaiting-acceptance" });
    expect(evidenceRules(ban, ref).map((v) => v.message)).toEqual(["缺少「整治完成日期」", "缺少「整治前」照片", "缺少「整治后」照片", "依法取缔须有「封堵/拆除」照片", "须先经监管部门验收通过"]);
    expect(evidenceRules(ban, ref, "accept").map((v) => v.message)).not.toContain("须先经监管部门验收通过");
    const complete = { ...ban, completedAt: "2024-06-01", photos: [photo("before"), photo("after"), photo("sealing")], acceptance: { by: "e@x", at: "2024-06-02T00:00:00Z", result: "passed" as const } };
    expect(evidenceRules(complete, ref)).toEqual([]);
    expect(evidenceRules({ ...complete, photos: [photo("before"), photo("after"), photo("sealing", "X")] }, ref).map((v) => v.rule)).toEqual(["R-CLOSE-EVIDENCE"]);
    expect(evidenceRules({ ...complete, action: "standardize" }, ref).map((v) => v.message)).toEqual(["规范整治须有「标识牌」照片"]);
    expect(evidenceRules(outfall({ action: "keep", acceptance: { by: "e", at: "", result: "passed" } }), ref)).toEqual([]);
  });

  it("R-CLOSE-EVIDENCE: a dry-weather stormwater outlet needs a no-flow re-check after its completion date", () => {
    const check = (checkedAt: string, flowObserved = false) => ({ checkedAt, flowObserved, photoId: "p", by: "c@x", at: `${checkedAt}T02:00:00Z` });
    const done = outfall({
      subcategory: "urban-stormwater", dryWeatherFlow: true, action: "standardize", status: "awaiting-acceptance", completedAt: "2024-06-01",
      photos: [photo("before"), photo("after"), photo("signboard")],
    });
    const messages = (r: Outfall) => evidenceRules(r, ref, "accept").map((v) => v.message);
    expect(messages(done)).toEqual(["晴天排水的城镇雨洪排口须在整治完成日期（2024-06-01）之后做一次晴天复核，确认无水并附当天照片"]);
    expect(messages({ ...done, dryWeatherChecks: [check("2024-05-20")] })).toHaveLength(1); // before completion: not a re-check
    expect(messages({ ...done, dryWeatherChecks: [check("2024-06-05", true)] })[0]).toContain("仍有水排出");
    expect(messages({ ...done, dryWeatherChecks: [check("2024-06-05", true), check("2024-06-09")] })).toEqual([]);
    expect(rules(outfall({ subcategory: "urban-stormwater", dryWeatherFlow: true, action: "keep", status: "awaiting-acceptance" }))).toContain("R-CLOSE-EVIDENCE");
  });

  it("R-FLOOD-SAFETY: a ban or merge says whether flood drainage or embankments are affected, and the measures if so", () => {
    const ban = outfall({ action: "ban", status: "remediating", problems: ["uncollected"] });
    expect(rules(ban)).toContain("R-FLOOD-SAFETY");
    expect(rules({ ...ban, floodSafety: { affects: false } })).not.toContain("R-FLOOD-SAFETY");
    expect(planRules({ ...ban, floodSafety: { affects: true } }, ctx()).find((v) => v.rule === "R-FLOOD-SAFETY")!.field).toBe("floodSafety.measures");
    expect(rules({ ...ban, floodSafety: { affects: true, measures: "同步疏通下游雨水管，汛前复核" } })).not.toContain("R-FLOOD-SAFETY");
    expect(rules({ ...ban, action: "standardize" })).not.toContain("R-FLOOD-SAFETY");
  });

  it("R-PROBLEM: a ban, merge or standardize plan names at least one problem; keep does not", () => {
    const plan = outfall({ action: "standardize", status: "remediating" });
    expect(rules(plan)).toContain("R-PROBLEM");
    expect(rules({ ...plan, problems: ["aging"] })).not.toContain("R-PROBLEM");
    expect(rules({ ...plan, action: "keep", status: "awaiting-acceptance" })).not.toContain("R-PROBLEM");
  });

  it("ratchet: an old problem does not block an unrelated edit, a new one does", () => {
    const before = planRules(outfall({ status: "retained" }), ctx());
    const stillBroken = planRules(outfall({ status: "retained", address: "新地址" }), ctx());
    const newlyBroken = planRules(outfall({ status: "retained", subcategory: "urban-stormwater", action: "ban", problems: ["aging"], floodSafety: { affects: false } }), ctx());
    expect(newViolations(before, stillBroken)).toEqual([]);
    expect(newViolations(before, newlyBroken).map((v) => v.rule)).toEqual(["R-STORM"]);
  });
});
