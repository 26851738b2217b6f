// The gaming paths of issue #10, each tried as a clerk would and refused with a rule id, a Chinese message
// naming the field by its label, and the store unchanged; and the honest path beside it.
import { describe, expect, it } from "vitest";
import { call } from "./client.js";
import { NO_FLOOD_RISK, batchRow, create, expectRowRule, expectRule, ok, patch, photos, snapshot, step, traced } from "./steps.js";
import { CLERK, COORDINATOR, DEPARTMENT, ENFORCEMENT, OTHER_CLERK } from "./users.js";

/** A domestic outlet planned for a ban and through acceptance, closed out (已销号). */
async function closedOutfall() {
  const o = await traced({ subcategory: "urban-domestic-scattered", problems: ["uncollected"] }, [{ name: "景芳三区物业", kind: "residential", contact: "王工" } as never]);
  await ok(o.id, "plan", { remediation: "ban", plan: "截污纳管后封堵", floodSafety: NO_FLOOD_RISK });
  await photos(o.id, "before", "after", "sealing");
  await ok(o.id, "request-acceptance", { completedAt: "2024-05-20" });
  await ok(o.id, "accept", {}, ENFORCEMENT);
  return ok(o.id, "close", {}, ENFORCEMENT);
}

describe("R-DISMISS", () => {
  it("a one-word dismissal without a photo is refused; a suspected point is dismissed by its subdistrict with a finding and a photo", async () => {
    // Prepare
    const o = await create();
    const before = await snapshot(o.id);
    // Act
    const oneWord = await step(o.id, "dismiss", { note: "不是" });
    const noPhoto = await step(o.id, "dismiss", { note: "现场核实为废弃管道，管口已封死，无排水" });
    const after = await snapshot(o.id);
    await photos(o.id, "near");
    const dismissed = await step(o.id, "dismiss", { note: "现场核实为废弃管道，管口已封死，无排水" });
    // Assess
    expectRule(oneWord, 422, "R-DISMISS");
    expect(oneWord.body.errors.map((e: any) => e.field)).toEqual(["note", "photos"]);
    expectRule(noPhoto, 422, "R-DISMISS");
    expect(after).toEqual(before);
    expect(dismissed.status).toBe(200);
  });

  it("a confirmed outfall is dismissed only by its supervising department or a coordinator", async () => {
    // Prepare
    const o = await create({ surveyLevel: 2, status: "confirmed", subcategory: "urban-domestic-scattered" });
    await photos(o.id, "near");
    const note = { note: "复核为河道护岸泄水孔，不接任何排水户" };
    // Act
    const byClerk = await step(o.id, "dismiss", note);
    const byOtherDepartment = await step(o.id, "dismiss", note, DEPARTMENT);
    const bySupervisor = await step(o.id, "dismiss", note, ENFORCEMENT);
    const list = await call("GET", "/v1/lists/dismissed?subdistrict=kaixuan", { as: CLERK });
    const progress = await call("GET", "/v1/progress", { as: COORDINATOR });
    // Assess
    expectRule(byClerk, 403, "R-DISMISS");
    expect(byClerk.body.errors[0].message).toContain("区综合行政执法局");
    expectRule(byOtherDepartment, 403, "R-DISMISS");
    expect(bySupervisor.body).toMatchObject({ status: "dismissed", dismissal: { by: ENFORCEMENT } });
    expect(list.body.rows.find((r: any) => r.tempId === o.tempId)).toMatchObject({ dismissalNote: note.note, dismissedBy: ENFORCEMENT, photoCount: 1 });
    expect(progress.body.bySubdistrict.find((g: any) => g.key === "kaixuan").dismissed).toBeGreaterThan(0);
  });
});

describe("R-TRANSITION", () => {
  it("a period past the cap is refused by transition, PATCH and batch row; within it, it counts and lists", async () => {
    // Prepare
    const o = await traced({ subcategory: "urban-domestic-scattered", problems: ["uncollected"] });
    const late = { until: "2029-12-31", reason: "资金未落实" };
    const before = await snapshot(o.id);
    // Act
    const byStep = await step(o.id, "plan", { remediation: "standardize", plan: "改造", transitionUntil: late });
    const byPatch = await patch(o.id, { transitionUntil: late });
    const byRow = await batchRow(o.id, { transitionUntil: late });
    const after = await snapshot(o.id);
    const set = await patch(o.id, { transitionUntil: { until: "2027-06-30", reason: "老旧小区改造同步实施" } });
    const progress = await call("GET", "/v1/progress", { as: COORDINATOR });
    const list = await call("GET", "/v1/lists/transitions", { as: COORDINATOR });
    // Assess
    for (const r of [byStep, byPatch]) expectRule(r, 422, "R-TRANSITION");
    expect(byPatch.body.errors[0]).toMatchObject({ field: "transitionUntil.until" });
    expect(byPatch.body.errors[0].message).toContain("「过渡期截止日期」2029-12-31");
    expectRowRule(byRow, "R-TRANSITION");
    expect(after).toEqual(before);
    expect(set.status).toBe(200);
    expect(progress.body.transitionList.map((t: any) => t.tempId)).toContain(o.tempId);
    expect(progress.body.district.transitions).toBeGreaterThan(0);
    expect(list.body.rows.find((r: any) => r.tempId === o.tempId)).toMatchObject({ transitionUntil: "2027-06-30", transitionReason: "老旧小区改造同步实施" });
  });

  it("only a coordinator revokes a period", async () => {
    // Prepare
    const o = await traced({ subcategory: "urban-domestic-scattered" });
    await patch(o.id, { transitionUntil: { until: "2027-06-30", reason: "老旧小区改造同步实施" } });
    // Act
    const clearedByClerk = await patch(o.id, { transitionUntil: null });
    const revokedByClerk = await step(o.id, "revoke-transition", { note: "不再需要" });
    const revoked = await ok(o.id, "revoke-transition", { note: "改造已提前完成，撤销过渡期" }, COORDINATOR);
    // Assess
    expectRule(clearedByClerk, 422, "R-TRANSITION");
    expectRule(revokedByClerk, 403, "R-SCOPE");
    expect(revoked.transitionUntil).toBeUndefined();
    expect(revoked.deadlineRule).not.toBe("transition");
  });
});

describe("R-PROTECTED zone flags", () => {
  it("a clerk cannot untick a protected-zone flag by PATCH or batch row; a coordinator clears it with a reason", async () => {
    // Prepare
    const o = await create({ zones: { drinkingWaterProtection: true } });
    const before = await snapshot(o.id);
    // Act
    const byPatch = await patch(o.id, { zones: { drinkingWaterProtection: false } });
    const byRow = await batchRow(o.id, { zones: null });
    const coordinatorPatch = await patch(o.id, { zones: {} }, COORDINATOR);
    const after = await snapshot(o.id);
    const byClerkStep = await step(o.id, "clear-zone", { zone: "drinkingWaterProtection", note: "核实不在保护区" });
    const cleared = await ok(o.id, "clear-zone", { zone: "drinkingWaterProtection", note: "经区规划分局核实，该点位于保护区边界外200米" }, COORDINATOR);
    const history = (await call("GET", `/v1/outfalls/${o.id}/history?limit=100`, { as: CLERK })).body.items;
    // Assess
    expectRule(byPatch, 422, "R-PROTECTED");
    expect(byPatch.body.errors[0].message).toContain("「饮用水水源保护区内」");
    expectRowRule(byRow, "R-PROTECTED");
    expectRule(coordinatorPatch, 422, "R-PROTECTED");
    expect(after).toEqual(before);
    expectRule(byClerkStep, 403, "R-SCOPE");
    expect(cleared.zones.drinkingWaterProtection).toBe(false);
    expect(history.at(-1)).toMatchObject({ action: "clear-zone", actor: COORDINATOR, note: "经区规划分局核实，该点位于保护区边界外200米" });
  });

  it("a water body flagged as a drinking-water source puts its outfalls in the zone, which cannot be cleared by hand", async () => {
    // Prepare: 贴沙河 is flagged drinkingWaterSource in water-bodies.json
    const o = await create({ waterBody: "tiesha-river" });
    // Act
    const cleared = await step(o.id, "clear-zone", { zone: "drinkingWaterProtection", note: "核实不在保护区内" }, COORDINATOR);
    // Assess
    expect(o.zones).toMatchObject({ drinkingWaterProtection: true });
    expect(o.deadlineRule).toBe("pilot");
    expectRule(cleared, 422, "R-PROTECTED");
  });
});

describe("R-RECLASSIFY and R-DONE-FROZEN", () => {
  it("a clerk cannot move an outfall awaiting acceptance to another department; a coordinator reclassifies with a reason", async () => {
    // Prepare
    const o = await traced({ subcategory: "urban-domestic-scattered", problems: ["uncollected"] });
    await ok(o.id, "plan", { remediation: "standardize", plan: "规范排口" });
    await ok(o.id, "request-acceptance", { completedAt: "2024-05-20" });
    const before = await snapshot(o.id);
    // Act
    const byPatch = await patch(o.id, { subcategory: "rural-sewage-facility" });
    const byRow = await batchRow(o.id, { subcategory: "rural-sewage-facility" });
    const byCoordinatorPatch = await patch(o.id, { subcategory: "rural-sewage-facility" }, COORDINATOR);
    const after = await snapshot(o.id);
    const byClerkStep = await step(o.id, "reclassify", { subcategory: "ditch-creek", note: "实为沟渠排口" });
    const reclassified = await ok(o.id, "reclassify", { subcategory: "ditch-creek", note: "现场复核为沟渠排口，非生活散排" }, COORDINATOR);
    // Assess
    expectRule(byPatch, 422, "R-RECLASSIFY");
    expect(byPatch.body.errors[0].message).toContain("「排污口类型（二、三级）」");
    expectRowRule(byRow, "R-RECLASSIFY");
    expectRule(byCoordinatorPatch, 422, "R-RECLASSIFY");
    expect(after).toEqual(before);
    expectRule(byClerkStep, 403, "R-SCOPE");
    expect(reclassified).toMatchObject({ subcategory: "ditch-creek", department: "enforcement", status: "awaiting-acceptance" });
  });

  it("a closed-out record takes contacts and signboard only; anything else needs reopen", async () => {
    // Prepare
    const o = await closedOutfall();
    const before = await snapshot(o.id);
    // Act
    const byPatch = await patch(o.id, { plan: "改为规范整治", address: "新塘路1号" });
    const byRow = await batchRow(o.id, { action: "standardize" });
    const after = await snapshot(o.id);
    const contact = await patch(o.id, { responsibleParties: [{ name: "景芳三区物业", kind: "residential", contact: "李工", phone: "0571-87000000" }] });
    await ok(o.id, "reopen", { note: "复查发现封堵点渗漏" });
    const edited = await patch(o.id, { plan: "重新封堵并加固" });
    // Assess
    expectRule(byPatch, 422, "R-DONE-FROZEN");
    expect(byPatch.body.errors.map((e: any) => e.field).sort()).toEqual(["address", "plan"]);
    expect(byPatch.body.errors[0].message).toContain("已「已销号」");
    expectRowRule(byRow, "R-DONE-FROZEN");
    expect(after).toEqual(before);
    expect(contact.status).toBe(200);
    expect(edited.status).toBe(200);
  });
});

describe("plan rules on PATCH and batch rows", () => {
  it("R-FLOOD-SAFETY and R-PROBLEM: a ban set in the sheet names a problem and the flood-safety assessment", async () => {
    // Prepare
    const o = await traced({ subcategory: "urban-domestic-scattered" });
    // Act
    const bare = await patch(o.id, { action: "ban", plan: "封堵" });
    const bareRow = await batchRow(o.id, { action: "ban", plan: "封堵", problems: ["uncollected"] });
    const noMeasures = await patch(o.id, { action: "ban", plan: "封堵", problems: ["uncollected"], floodSafety: { affects: true } });
    const row = await batchRow(o.id, { action: "ban", plan: "封堵", problems: ["uncollected"], floodSafety: { affects: true, measures: "汛前疏通下游雨水管网" } });
    // Assess
    expectRule(bare, 422, "R-PROBLEM");
    expectRule(bare, 422, "R-FLOOD-SAFETY");
    expectRowRule(bareRow, "R-FLOOD-SAFETY");
    expect(bareRow.violations.map((v: any) => v.rule)).not.toContain("R-PROBLEM");
    expectRule(noMeasures, 422, "R-FLOOD-SAFETY");
    expect(noMeasures.body.errors[0]).toMatchObject({ field: "floodSafety.measures" });
    expect(row.outcome).toBe("ok");
  });

  it("R-MERGE-TARGET by PATCH and batch row: a merge records the sewer connection", async () => {
    // Prepare
    const o = await traced({ subcategory: "urban-domestic-scattered", problems: ["uncollected"] });
    const merge = { action: "merge", plan: "截污纳管", floodSafety: NO_FLOOD_RISK };
    // Act
    const nowhere = await patch(o.id, merge);
    const nowhereRow = await batchRow(o.id, merge);
    const row = await batchRow(o.id, { ...merge, sewerConnection: { network: "七堡净水厂", connectionPoint: "新塘路DN600污水井W12" } });
    // Assess
    expectRule(nowhere, 422, "R-MERGE-TARGET");
    expectRowRule(nowhereRow, "R-MERGE-TARGET");
    expect(row.outcome).toBe("ok");
    expect(row.record.sewerConnection).toEqual({ network: "七堡净水厂", connectionPoint: "新塘路DN600污水井W12" });
  });

  it("R-SIGNBOARD applies to the outfall inventory: a standardized sewage outlet is retained only with a signboard", async () => {
    // Prepare
    const o = await traced({ subcategory: "urban-domestic-scattered", problems: ["aging"] });
    await ok(o.id, "plan", { remediation: "standardize", plan: "修复破损管口" });
    await photos(o.id, "before", "after", "signboard");
    await ok(o.id, "request-acceptance", { completedAt: "2024-05-20" });
    await ok(o.id, "accept", {}, ENFORCEMENT);
    // Act
    const noSign = await step(o.id, "retain", {}, ENFORCEMENT);
    const signed = await batchRow(o.id, { signboard: { installed: true, installedAt: "2024-05-21" } });
    const retained = await step(o.id, "retain", {}, ENFORCEMENT);
    // Assess
    expectRule(noSign, 422, "R-SIGNBOARD");
    expect(signed.outcome).toBe("ok");
    expect(retained.body).toMatchObject({ status: "retained", inventory: "outfall" });
  });
});

describe("approval, one kept outfall per enterprise, problems and flood safety on every path", () => {
  const approval = { status: "approved", documentNo: "杭环上审〔2021〕12号", authority: "市生态环境局上城分局", date: "2021-05-10" };
  const enterprise = { name: "杭州钱江示范包装材料有限公司", kind: "enterprise", creditCode: "91330102MA2KXX001U" };

  it("R-APPROVAL: a clerk's batch row typing the approval is refused with the store unchanged; a coordinator's is taken", async () => {
    // Prepare
    const o = await create({ subcategory: "industrial-enterprise" });
    const before = await snapshot(o.id);
    // Act
    const byClerk = await batchRow(o.id, { approval });
    const after = await snapshot(o.id);
    const byCoordinator = await batchRow(o.id, { approval }, COORDINATOR);
    // Assess
    expectRowRule(byClerk, "R-APPROVAL");
    expect(byClerk.violations[0].message).toContain("市生态环境局上城分局");
    expect(after).toEqual(before);
    expect(byCoordinator.outcome).toBe("ok");
  });

  it("R-ONE-PER-ENTERPRISE by batch row: the second outfall is kept only with a filing reference", async () => {
    // Prepare
    const first = await create({ surveyLevel: 2, status: "confirmed", subcategory: "industrial-enterprise" });
    await ok(first.id, "trace", { responsibleParties: [enterprise], responsibilityBasis: "self-declared" });
    await ok(first.id, "record-approval", { approval }, DEPARTMENT);
    await ok(first.id, "plan", { remediation: "keep" });
    const second = await create({ surveyLevel: 2, status: "confirmed", subcategory: "industrial-enterprise" });
    await ok(second.id, "trace", { responsibleParties: [enterprise], responsibilityBasis: "self-declared" });
    const keep = { action: "standardize", plan: "规范排口", problems: ["no-signboard"] };
    // Act
    const refused = await batchRow(second.id, keep);
    const banned = await patch(second.id, { action: "ban", plan: "封堵", problems: ["poor-layout"], floodSafety: NO_FLOOD_RISK });
    const filed = await batchRow(second.id, { ...keep, filingRef: "上城报备〔2024〕9号" });
    // Assess
    expectRowRule(refused, "R-ONE-PER-ENTERPRISE");
    expect(refused.violations[0]).toMatchObject({ field: "filingRef" });
    expect(banned.status).toBe(200);
    expect(filed.outcome).toBe("ok");
  });

  it("R-PROBLEM and R-FLOOD-SAFETY through the plan step", async () => {
    // Prepare
    const o = await traced({ subcategory: "urban-domestic-scattered" });
    // Act
    const noProblem = await step(o.id, "plan", { remediation: "standardize", plan: "修复管口" });
    const noAssessment = await step(o.id, "plan", { remediation: "ban", plan: "封堵", problems: ["uncollected"] });
    const planned = await step(o.id, "plan", { remediation: "ban", plan: "封堵", problems: ["uncollected"], floodSafety: { affects: true, measures: "汛前疏通下游雨水管" } });
    // Assess
    expectRule(noProblem, 422, "R-PROBLEM");
    expect(noProblem.body.errors[0].message).toContain("「存在问题」");
    expectRule(noAssessment, 422, "R-FLOOD-SAFETY");
    expect(planned.status).toBe(200);
    expect(planned.body).toMatchObject({ onProblemList: true, floodSafety: { affects: true } });
  });
});

describe("scope messages name the clerk's own subdistrict", () => {
  it("on an edit, a list and a photo", async () => {
    // Prepare
    const o = await create();
    // Act
    const edit = await call("PATCH", `/v1/outfalls/${o.id}`, { as: OTHER_CLERK, body: { address: "新塘路1号" }, headers: { "if-match": "1" } });
    const list = await call("GET", "/v1/lists/problems?subdistrict=kaixuan", { as: OTHER_CLERK });
    const photo = await call("POST", `/v1/outfalls/${o.id}/photos`, { as: OTHER_CLERK, body: { slot: "near", contentType: "image/jpeg", size: 141 } });
    // Assess
    expectRule(edit, 403, "R-SCOPE");
    expect(edit.body.errors[0].message).toBe("您是湖滨街道经办人，只能填报或修改湖滨街道的排污口，不能填报或修改「凯旋街道」的排污口");
    expectRule(list, 403, "R-SCOPE");
    expect(list.body.errors[0].message).toBe("您是湖滨街道经办人，只能导出湖滨街道的清单");
    expectRule(photo, 403, "R-SCOPE");
    expect(photo.body.errors[0].message).toBe("您是湖滨街道经办人，只能查看湖滨街道的排污口，不能查看「凯旋街道」的排污口");
  });
});

