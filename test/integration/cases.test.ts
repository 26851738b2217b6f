import { describe, expect, it } from "vitest";
import { call } from "./client.js";
import { create, expectRule, traced } from "./steps.js";
import { CLERK, COORDINATOR, DEPARTMENT, ENFORCEMENT, OTHER_CLERK } from "./users.js";
import { serveInProcess } from "./in-process.js";

const open = (outfallId: string, extra: Record<string, unknown> = {}, as = DEPARTMENT) =>
  call("POST", "/v1/cases", { as, body: { caseKind: "私设暗管/借道排污", outfallId, finding: "晴天巡查发现暗管向排口排放生产废水", source: { type: "巡查" }, ...extra } });

serveInProcess();

describe("enforcement cases (执法案件)", () => {
  it("the eco-environment department opens a case from a finding, linked to the outfall and its party, and works it to closure", async () => {
    // Prepare
    const o = await traced();
    // Act
    const opened = await open(o.id);
    const documented = await call("POST", `/v1/cases/${opened.body.id}/actions`, { as: DEPARTMENT, body: { expectedVersion: 1, caseStatus: "调查取证", document: { title: "现场检查笔录", documentNo: "杭环上检〔2026〕8号", date: "2026-11-28" } } });
    const closed = await call("POST", `/v1/cases/${opened.body.id}/actions`, { as: DEPARTMENT, body: { expectedVersion: 2, caseStatus: "case-closed" } });
    const after = await call("POST", `/v1/cases/${opened.body.id}/actions`, { as: DEPARTMENT, body: { expectedVersion: 3, caseStatus: "opened" } });
    const clerkReads = await call("GET", `/v1/cases/${opened.body.id}`, { as: CLERK });
    const otherReads = await call("GET", `/v1/cases/${opened.body.id}`, { as: OTHER_CLERK });
    // Assess
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.body).toMatchObject({ caseKind: "illicit-connection", outfallId: o.id, outfallTempId: o.tempId, owner: "eco", caseStatus: "opened", party: { name: "景芳三区物业" }, source: { type: "patrol" } });
    expect(documented.body).toMatchObject({ caseStatus: "investigating", documents: [expect.objectContaining({ documentNo: "杭环上检〔2026〕8号", by: DEPARTMENT })] });
    expect(closed.body.caseStatus).toBe("case-closed");
    expectRule(after, 422, "R-LIFECYCLE");
    expect(clerkReads.status).toBe(200);
    expect(otherReads.status).toBe(404);
  });

  it("refuses bad input and everyone but the owning department and coordinators", async () => {
    // Prepare
    const o = await create();
    // Act
    const unknownKind = await open(o.id, { caseKind: "乱扔垃圾" });
    const noOutfall = await open("NO-SUCH-OUTFALL");
    const byClerk = await open(o.id, {}, CLERK);
    const byOtherDepartment = await open(o.id, {}, ENFORCEMENT);
    const byCoordinator = await open(o.id, {}, COORDINATOR);
    const nothing = await call("POST", `/v1/cases/${byCoordinator.body.id}/actions`, { as: DEPARTMENT, body: { expectedVersion: 1 } });
    // Assess
    expectRule(unknownKind, 400, "R-ENUM");
    expect(unknownKind.body.errors[0].message).toContain("案件类型");
    expectRule(noOutfall, 422, "R-REFERENCE");
    expectRule(byClerk, 403, "R-SCOPE");
    expectRule(byOtherDepartment, 403, "R-SCOPE");
    expect(byOtherDepartment.body.errors[0].message).toContain("立案");
    expect(byCoordinator.status).toBe(201);
    expectRule(nothing, 400, "R-REQUIRED");
  });
});
