import { describe, expect, it } from "vitest";
import { baseUrl, call, tokenFor } from "./client.js";
import { NO_FLOOD_RISK, chinaToday, create, expectRule, ok, party, patch, photos, step, traced, version } from "./steps.js";
import { ADMIN, CLERK, COORDINATOR, DEPARTMENT, ENFORCEMENT } from "./users.js";
import { validOutfall } from "./client.js";

describe("full remediation paths, suspected → done", () => {
  it("ban (依法取缔): confirm, trace, plan, photos, complete, ask for acceptance, accept, close", async () => {
    // Prepare
    const o = await traced({ subcategory: "urban-domestic-scattered" });
    // Act
    await ok(o.id, "plan", { remediation: "ban", plan: "截污纳管后封堵排口", problems: ["uncollected"], floodSafety: NO_FLOOD_RISK });
    await photos(o.id, "before", "after", "sealing");
    await ok(o.id, "complete", { completedAt: "2024-05-20" });
    await ok(o.id, "request-acceptance");
    await ok(o.id, "accept", { note: "现场核查已封堵" }, ENFORCEMENT);
    const closed = await ok(o.id, "close", {}, ENFORCEMENT);
    // Assess
    expect(closed).toMatchObject({ status: "closed", action: "ban", closedBy: ENFORCEMENT, done: true, overdue: false });
    expect(closed.acceptance).toMatchObject({ by: ENFORCEMENT, result: "passed" });
    const history = (await call("GET", `/v1/outfalls/${o.id}/history?limit=100`, { as: CLERK })).body.items;
    expect(history.map((h: any) => h.action)).toEqual(["create", "confirm", "trace", "plan", "photo", "photo", "photo", "complete", "request-acceptance", "accept", "close"]);
    expect(history.find((h: any) => h.action === "accept")).toMatchObject({ actor: ENFORCEMENT, actorRole: "department", note: "现场核查已封堵" });
    const photoIds = closed.photos.map((p: any) => p.id);
    expect(history.find((h: any) => h.action === "close").evidence).toEqual(photoIds); // before, after, sealing
  });

  it("merge (清理合并) into a retained outfall, then close", async () => {
    // Prepare
    const target = await traced({ subcategory: "urban-stormwater" });
    await ok(target.id, "plan", { remediation: "standardize", plan: "规范排口、立牌", problems: ["no-signboard"] });
    const o = await traced({ subcategory: "urban-domestic-scattered" });
    // Act
    const planned = await ok(o.id, "plan", { remediation: "merge", mergeInto: target.tempId, plan: "并入下游规范排口", problems: ["poor-layout"], floodSafety: NO_FLOOD_RISK });
    await photos(o.id, "before", "after");
    await ok(o.id, "request-acceptance", { completedAt: "2024-06-01" });
    await ok(o.id, "accept", {}, ENFORCEMENT);
    const closed = await ok(o.id, "close", {}, ENFORCEMENT);
    // Assess
    expect(planned).toMatchObject({ status: "remediating", action: "merge", mergeInto: target.tempId });
    expect(closed.status).toBe("closed");
  });

  it("standardize (规范整治) a dry-weather stormwater outlet: re-check with no flow, then retain (no signboard rule in the stormwater inventory)", async () => {
    // Prepare
    const o = await traced({ subcategory: "urban-stormwater", dryWeatherFlow: true, problems: ["dry-weather"] });
    // Act
    const keepRefused = await step(o.id, "plan", { remediation: "keep" });
    await ok(o.id, "plan", { remediation: "standardize", plan: "雨污分流改造，封堵混接点2处" });
    await photos(o.id, "before", "after", "signboard");
    await ok(o.id, "request-acceptance", { completedAt: "2024-07-01" });
    const noRecheck = await step(o.id, "accept", {}, ENFORCEMENT);
    const [wet] = await photos(o.id, "near");
    await ok(o.id, "dry-weather-check", { checkedAt: chinaToday(), flowObserved: true, photoId: wet });
    const stillFlowing = await step(o.id, "accept", {}, ENFORCEMENT);
    const [dry] = await photos(o.id, "near");
    const recheck = await ok(o.id, "dry-weather-check", { checkedAt: chinaToday(), flowObserved: false, photoId: dry, note: "连续三日无雨，管口无水" });
    await ok(o.id, "accept", {}, ENFORCEMENT);
    const retained = await ok(o.id, "retain", {}, ENFORCEMENT);
    // Assess
    expectRule(keepRefused, 422, "R-CLOSE-EVIDENCE");
    expectRule(noRecheck, 422, "R-CLOSE-EVIDENCE");
    expect(noRecheck.body.errors[0].message).toContain("晴天复核");
    expect(stillFlowing.body.errors[0].message).toContain("仍有水排出");
    expect(recheck.dryWeatherChecks.at(-1)).toMatchObject({ checkedAt: chinaToday(), flowObserved: false, photoId: dry, by: CLERK });
    expect(retained).toMatchObject({ status: "retained", done: true, inventory: "stormwater", dryWeatherFlow: true });
  });

  it("keep (保留): goes straight to acceptance, then retain", async () => {
    // Prepare
    const o = await traced({ subcategory: "urban-stormwater", signboard: { installed: true, installedAt: "2023-09-01" } });
    // Act
    const planned = await ok(o.id, "plan", { remediation: "keep" });
    await ok(o.id, "accept", {}, ENFORCEMENT);
    const retained = await ok(o.id, "retain", {}, ENFORCEMENT);
    // Assess
    expect(planned.status).toBe("awaiting-acceptance");
    expect(retained.status).toBe("retained");
  });

  it("reject sends the outfall back to remediation; reopen brings a done one back", async () => {
    // Prepare
    const o = await traced({ subcategory: "urban-domestic-scattered", problems: ["uncollected"] });
    await ok(o.id, "plan", { remediation: "ban", plan: "封堵", floodSafety: NO_FLOOD_RISK });
    await ok(o.id, "request-acceptance", { completedAt: "2024-05-01" });
    // Act
    const noReason = await step(o.id, "reject", {}, ENFORCEMENT);
    const rejected = await ok(o.id, "reject", { note: "封堵不严，仍有渗漏" }, ENFORCEMENT);
    await photos(o.id, "before", "after", "sealing");
    await ok(o.id, "request-acceptance");
    await ok(o.id, "accept", {}, ENFORCEMENT);
    await ok(o.id, "close", {}, ENFORCEMENT);
    const reopened = await ok(o.id, "reopen", { note: "巡查发现重新排水", problems: ["dry-weather"] });
    // Assess
    expect(noReason.status).toBe(400);
    expect(rejected).toMatchObject({ status: "remediating", acceptance: { result: "rejected", note: "封堵不严，仍有渗漏" } });
    expect(reopened).toMatchObject({ status: "traced", problems: ["dry-weather"], onProblemList: true });
    // reopen keeps its reason in the history
    const history = (await call("GET", `/v1/outfalls/${o.id}/history?limit=100`, { as: CLERK })).body.items;
    expect(history.at(-1)).toMatchObject({ action: "reopen", note: "巡查发现重新排水" });
    expect(reopened.closedAt).toBeUndefined();
  });

  it("dismiss (非排污口) with a finding and a photo, and reopen a dismissed point", async () => {
    // Prepare
    const o = await create();
    // Act
    const noNote = await step(o.id, "dismiss");
    const [near] = await photos(o.id, "near");
    const dismissed = await ok(o.id, "dismiss", { note: "现场核实为废弃管道，无排水" });
    const reopened = await ok(o.id, "reopen", { note: "雨后发现有水排出" });
    // Assess
    expect(noNote.status).toBe(400);
    expect(dismissed).toMatchObject({ status: "dismissed", done: true, dismissal: { by: CLERK, note: "现场核实为废弃管道，无排水", photoIds: [near] } });
    expect(reopened.status).toBe("confirmed");
  });
});

describe("transition guard rails", () => {
  it("refuses an action from the wrong state, an unknown action, a stale or missing version", async () => {
    // Prepare
    const o = await create();
    // Act
    const wrongState = await step(o.id, "close", {}, ENFORCEMENT);
    const unknown = await step(o.id, "teleport");
    const stale = await call("POST", `/v1/outfalls/${o.id}/transitions`, { as: CLERK, body: { action: "confirm", expectedVersion: 99 } });
    const missing = await call("POST", `/v1/outfalls/${o.id}/transitions`, { as: CLERK, body: { action: "confirm" } });
    // Assess
    expectRule(wrongState, 422, "R-LIFECYCLE");
    expect(wrongState.body.errors[0].message).toContain("疑似");
    expectRule(unknown, 400, "R-ENUM");
    expect(stale.status).toBe(409);
    expect(stale.body.current.version).toBe(1);
    expect(missing.status).toBe(412);
  });

  it("R-SCOPE: acceptance and close-out only by the supervising department of the category", async () => {
    // Prepare
    const o = await traced({ subcategory: "urban-domestic-scattered", problems: ["uncollected"] });
    await ok(o.id, "plan", { remediation: "ban", plan: "封堵", floodSafety: NO_FLOOD_RISK });
    await photos(o.id, "before", "after", "sealing");
    await ok(o.id, "request-acceptance", { completedAt: "2024-05-01" });
    // Act
    const byClerk = await step(o.id, "accept");
    const byOtherDepartment = await step(o.id, "accept", {}, DEPARTMENT);
    const byCoordinator = await step(o.id, "accept", {}, COORDINATOR);
    const byAdmin = await step(o.id, "accept", {}, ADMIN);
    const bySupervisor = await step(o.id, "accept", {}, ENFORCEMENT);
    // Assess
    for (const r of [byClerk, byOtherDepartment, byCoordinator, byAdmin]) expectRule(r, 403, "R-SCOPE");
    expect(byOtherDepartment.body.errors[0].message).toContain("区综合行政执法局");
    expect(bySupervisor.status).toBe(200);
  });

  it("R-TRACE-DEADLINE: only the coordinator designates a party where tracing failed", async () => {
    // Prepare
    const o = await create();
    await ok(o.id, "confirm");
    // Act
    const byClerk = await step(o.id, "designate", { responsibleParties: [party("凯旋街道办事处", "government")], designationNote: "多次溯源未果" });
    const byPatch = await patch(o.id, { responsibilityBasis: "designated", designationNote: "自行指定" });
    const byCoordinator = await ok(o.id, "designate", { responsibleParties: [party("凯旋街道办事处", "government")], designationNote: "多次溯源未果，指定属地街道" }, COORDINATOR);
    // Assess
    expectRule(byClerk, 403, "R-SCOPE");
    expectRule(byPatch, 422, "R-TRACE-DEADLINE");
    expect(byCoordinator).toMatchObject({ status: "traced", responsibilityBasis: "designated" });
  });
});

describe("the plan's rules through the API", () => {
  it("R-STORM: an urban stormwater outlet cannot be banned, by transition, PATCH or batch row", async () => {
    // Prepare
    const o = await traced({ subcategory: "urban-stormwater" });
    // Act
    const byTransition = await step(o.id, "plan", { remediation: "ban", plan: "封堵" });
    const byPatch = await patch(o.id, { action: "merge", mergeInto: "SC-KX-0001" });
    const byBatch = await call("POST", "/v1/outfalls/batch", {
      as: CLERK,
      body: { rows: [{ id: o.id, expectedVersion: version.get(o.id), values: { action: "ban" } }, { values: validOutfall() }] },
    });
    const allowed = await step(o.id, "plan", { remediation: "standardize", plan: "规范整治", problems: ["aging"] });
    // Assess
    expectRule(byTransition, 422, "R-STORM");
    expect(byTransition.body.errors[0].message).toMatch(/^严禁合并、封堵城镇雨洪排口/);
    expectRule(byPatch, 422, "R-STORM");
    expect(byBatch.body.results[0].outcome).toBe("invalid");
    expect(byBatch.body.results[0].violations[0]).toMatchObject({ field: "action", rule: "R-STORM" });
    expect(byBatch.body.results[1].outcome).toBe("ok");
    expect(allowed.status).toBe(200);
  });

  it("R-PROTECTED: in a protected zone a clerk may only ban; the coordinator may approve another action with a legal basis", async () => {
    // Prepare
    const o = await traced({ subcategory: "urban-domestic-scattered", zones: { drinkingWaterProtection: true } });
    // Act
    const payload = { remediation: "standardize", plan: "规范", legalBasis: "历史遗留排口，依法保留", problems: ["illegal-location"] };
    const byClerk = await step(o.id, "plan", payload);
    const byCoordinator = await ok(o.id, "plan", payload, COORDINATOR);
    // Assess
    expectRule(byClerk, 422, "R-PROTECTED");
    expect(byCoordinator.protectedApproval).toMatchObject({ by: COORDINATOR, action: "standardize" });
    expect(byCoordinator.effectiveDeadline).toBe("2023-08-31");
  });

  it("R-ONE-PARTY: a second party needs the shared-permit reference", async () => {
    // Prepare
    const o = await create();
    await ok(o.id, "confirm");
    const two = [party("甲小区"), party("乙小区")];
    // Act
    const refused = await step(o.id, "trace", { responsibleParties: two, responsibilityBasis: "traced" });
    const accepted = await step(o.id, "trace", { responsibleParties: two, responsibilityBasis: "traced", sharedPermitRef: "91330102-共用-01" });
    // Assess
    expectRule(refused, 422, "R-ONE-PARTY");
    expect(accepted.status).toBe(200);
  });

  it("R-CREDIT-CODE and R-ONE-PER-ENTERPRISE: a second outfall is traced freely; keeping it needs a filing reference", async () => {
    // Prepare
    const enterprise = (creditCode: string) => ({ name: "杭州钱江示范印染有限公司", kind: "enterprise", creditCode });
    const goodCode = "91330100799655058B";
    const approval = { status: "approved", documentNo: "杭环上审〔2021〕12号", authority: "市生态环境局上城分局", date: "2021-05-10" };
    const first = await create({ subcategory: "industrial-enterprise" });
    await ok(first.id, "confirm");
    const second = await create({ subcategory: "industrial-enterprise" });
    await ok(second.id, "confirm");
    // Act
    const badCode = await step(first.id, "trace", { responsibleParties: [enterprise("91330100799655058A")], responsibilityBasis: "self-declared" });
    await ok(first.id, "trace", { responsibleParties: [enterprise(goodCode)], responsibilityBasis: "self-declared" });
    await ok(first.id, "record-approval", { approval }, DEPARTMENT);
    await ok(first.id, "plan", { remediation: "keep" });
    const secondTraced = await step(second.id, "trace", { responsibleParties: [enterprise(goodCode)], responsibilityBasis: "self-declared" });
    await ok(second.id, "record-approval", { approval: { ...approval, documentNo: "杭环上审〔2021〕13号" } }, DEPARTMENT);
    const secondKept = await step(second.id, "plan", { remediation: "standardize", plan: "规范排口", problems: ["no-signboard"] });
    const filed = await step(second.id, "plan", { remediation: "standardize", plan: "规范排口", problems: ["no-signboard"], filingRef: "上城报备〔2024〕7号" });
    // Assess
    expectRule(badCode, 422, "R-CREDIT-CODE");
    expect(secondTraced.status).toBe(200);
    expectRule(secondKept, 422, "R-ONE-PER-ENTERPRISE");
    expect(secondKept.body.errors[0]).toMatchObject({ field: "filingRef" });
    expect(secondKept.body.errors[0].message).toContain(first.tempId);
    expect(secondKept.body.errors[0].message).toContain("经分局汇总、由区政府向市生态环境局报备");
    expect(filed.status).toBe(200);
    expect(filed.body.effectiveDeadline).toBe("2023-12-31");
  });

  it("R-APPROVAL: keeping an industrial outfall needs an approval record, entered by the eco bureau or a coordinator", async () => {
    // Prepare
    const code = "91330100799655058B";
    const approval = { status: "approved", documentNo: "杭环上审〔2021〕12号", authority: "市生态环境局上城分局", date: "2021-05-10" };
    const o = await create({ subcategory: "industrial-enterprise" });
    await ok(o.id, "confirm");
    await ok(o.id, "trace", { responsibleParties: [{ name: "杭州示范电镀有限公司", kind: "enterprise", creditCode: code }], responsibilityBasis: "self-declared", filingRef: "上城报备〔2024〕8号" });
    // Act
    const refused = await step(o.id, "plan", { remediation: "keep" });
    const byClerkPatch = await patch(o.id, { approval });
    const byClerkStep = await step(o.id, "record-approval", { approval });
    const byOtherDepartment = await step(o.id, "record-approval", { approval }, ENFORCEMENT);
    const incomplete = await step(o.id, "record-approval", { approval: { status: "approved" } }, DEPARTMENT);
    const byEco = await ok(o.id, "record-approval", { approval }, DEPARTMENT);
    const accepted = await step(o.id, "plan", { remediation: "keep" });
    // Assess
    expectRule(refused, 422, "R-APPROVAL");
    expectRule(byClerkPatch, 422, "R-APPROVAL");
    expect(byClerkPatch.body.errors[0].message).toContain("街道经办人不能自行填写");
    expectRule(byClerkStep, 403, "R-APPROVAL");
    expectRule(byOtherDepartment, 403, "R-APPROVAL");
    expectRule(incomplete, 422, "R-APPROVAL");
    expect(byEco.approval).toEqual(approval);
    expect(accepted.status).toBe(200);
  });

  it("R-MERGE-TARGET: into an existing kept outfall, or into the sewer with network and connection point", async () => {
    // Prepare
    const notKept = await traced({ subcategory: "urban-domestic-scattered", problems: ["uncollected"] });
    await ok(notKept.id, "plan", { remediation: "ban", plan: "封堵", floodSafety: NO_FLOOD_RISK });
    const o = await traced({ subcategory: "urban-domestic-scattered", problems: ["uncollected"] });
    const merge = { remediation: "merge", plan: "截污纳管", floodSafety: NO_FLOOD_RISK };
    // Act
    const missing = await step(o.id, "plan", { ...merge, mergeInto: "SC-KX-9999" });
    const banned = await step(o.id, "plan", { ...merge, mergeInto: notKept.tempId });
    const noTarget = await step(o.id, "plan", merge);
    const halfSewer = await step(o.id, "plan", { ...merge, sewerConnection: { network: "七堡净水厂" } });
    const sewer = await step(o.id, "plan", { ...merge, sewerConnection: { network: "七堡净水厂", connectionPoint: "新塘路DN600污水井W12" } });
    // Assess
    expectRule(missing, 422, "R-MERGE-TARGET");
    expectRule(banned, 422, "R-MERGE-TARGET");
    expectRule(noTarget, 422, "R-MERGE-TARGET");
    expect(noTarget.body.errors[0].message).toContain("截污纳管");
    expectRule(halfSewer, 400, "R-REQUIRED");
    expect(halfSewer.body.errors[0].message).toContain("「接入点」");
    expect(sewer.status).toBe(200);
    expect(sewer.body).toMatchObject({ action: "merge", sewerConnection: { network: "七堡净水厂" } });
  });

  it("R-CLOSE-EVIDENCE: accept and close list exactly what is missing", async () => {
    // Prepare
    const o = await traced({ subcategory: "urban-domestic-scattered", problems: ["uncollected"] });
    await ok(o.id, "plan", { remediation: "ban", plan: "封堵", floodSafety: NO_FLOOD_RISK });
    await ok(o.id, "request-acceptance", { completedAt: "2024-05-01" });
    // Act
    const refused = await step(o.id, "accept", {}, ENFORCEMENT);
    await photos(o.id, "before", "after", "sealing");
    const accepted = await step(o.id, "accept", {}, ENFORCEMENT);
    const closed = await step(o.id, "close", {}, ENFORCEMENT);
    // Assess
    expectRule(refused, 422, "R-CLOSE-EVIDENCE");
    expect(refused.body.errors.map((e: any) => e.message)).toEqual(["缺少「整治前」照片", "缺少「整治后」照片", "依法取缔须有「封堵/拆除」照片"]);
    expect(accepted.status).toBe(200);
    expect(closed.status).toBe(200);
  });
});

describe("deadlines on every record", () => {
  it("a transition period (subdistrict) and an override (coordinator only) move the deadline", async () => {
    // Prepare
    const o = await traced({ subcategory: "urban-domestic-scattered" });
    // Act
    const transition = await patch(o.id, { transitionUntil: { until: "2027-06-30", reason: "老旧小区改造同步实施" } });
    const byClerk = await step(o.id, "override-deadline", { date: "2027-03-31", reason: "区里统一调度" });
    const override = await ok(o.id, "override-deadline", { date: "2027-03-31", reason: "区里统一调度" }, COORDINATOR);
    // Assess
    expect(transition.body).toMatchObject({ effectiveDeadline: "2027-06-30", deadlineRule: "transition", campaignDeadline: "2025-12-31", overdue: false });
    expectRule(byClerk, 403, "R-SCOPE");
    expect(override).toMatchObject({ effectiveDeadline: "2027-03-31", deadlineRule: "override", deadlineOverride: { approvedBy: COORDINATOR } });
  });

  it("zone flags come from the reference geometry: within 1 km of a venue means the pilot deadline", async () => {
    // Prepare: 杭州凯悦酒店 is at 120.1625, 30.2565 in venues.json; 300 m east of it, and 3 km away.
    const near = await create({ subdistrict: "hubin", longitude: 120.1656, latitude: 30.2565 }, COORDINATOR);
    const far = await create({ subdistrict: "kaixuan", longitude: 120.196, latitude: 30.276 });
    // Act
    const moved = await patch(far.id, { longitude: 120.2085, latitude: 30.2545 }); // beside 杭州柏悦酒店
    // Assess
    expect(near.zones).toEqual({ nearVenue: true });
    expect(near).toMatchObject({ effectiveDeadline: "2023-08-31", deadlineRule: "pilot" });
    expect(far.zones).toBeUndefined();
    expect(moved.body.zones).toEqual({ nearVenue: true });
    expect(moved.body.deadlineRule).toBe("pilot");
  });

  it("derived fields are read-only", async () => {
    // Prepare
    const o = await create();
    // Act
    const reply = await patch(o.id, { overdue: false });
    // Assess
    expectRule(reply, 400, "R-READ-ONLY");
  });
});

describe("the plan's lists", () => {
  it("serves problem, retained, closed, overdue, party and management lists as JSON and CSV", async () => {
    // Prepare
    const o = await traced({ subcategory: "urban-domestic-scattered", problems: ["aging"] }, [party("采荷一区物业")]);
    // Act
    const problems = await call("GET", "/v1/lists/problems?subdistrict=kaixuan", { as: CLERK });
    const partiesCsv = await call("GET", "/v1/lists/responsible-parties?subdistrict=kaixuan&format=csv", { as: CLERK });
    const districtWide = await call("GET", "/v1/lists/overdue", { as: COORDINATOR });
    const otherSubdistrict = await call("GET", "/v1/lists/closed?subdistrict=hubin", { as: CLERK });
    const unknown = await call("GET", "/v1/lists/everything", { as: COORDINATOR });
    // Assess
    expect(problems.status).toBe(200);
    expect(problems.body.title).toBe("问题排污口清单");
    expect(problems.body.columns[0]).toEqual({ key: "tempId", label: "临时编号" });
    expect(problems.body.rows.find((r: any) => r.tempId === o.tempId)).toMatchObject({ problems: "设施老化破损" });
    expect(partiesCsv.headers.get("content-type")).toContain("text/csv");
    expect(partiesCsv.body.startsWith("责任主体名称,主体类型")).toBe(true);
    const raw = await fetch(`${baseUrl()}/v1/lists/management?format=csv`, { headers: { authorization: `Bearer ${await tokenFor(COORDINATOR)}` } });
    expect([...new Uint8Array(await raw.arrayBuffer()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM, so Excel reads UTF-8
    expect(decodeURIComponent(raw.headers.get("content-disposition")!)).toContain("上城区全区管理主体清单");
    expect(partiesCsv.body).toContain(`采荷一区物业,住宅小区,,,,,溯源确定,${o.tempId}`);
    expect(districtWide.body.scope).toBe("上城区全区");
    expect(otherSubdistrict.status).toBe(403);
    expect(unknown.status).toBe(400);
    for (const kind of ["retained", "closed", "management"]) {
      expect((await call("GET", `/v1/lists/${kind}`, { as: COORDINATOR })).status).toBe(200);
    }
  });
});
