import { describe, expect, it } from "vitest";
import { call } from "./client.js";
import { NO_FLOOD_RISK, create, ok, photos, step, traced } from "./steps.js";
import { CLERK, COORDINATOR, DEPARTMENT, ENFORCEMENT, OTHER_CLERK } from "./users.js";

/** A ban outfall of 区综合执法局's category asked for acceptance with no photos yet. */
async function awaitingAcceptance() {
  const o = await traced({ subcategory: "urban-domestic-scattered", problems: ["uncollected"] });
  await ok(o.id, "plan", { remediation: "ban", plan: "截污纳管后封堵排口", floodSafety: NO_FLOOD_RISK });
  return ok(o.id, "request-acceptance", { completedAt: "2024-05-20" });
}

const read = async (id: string, as: string) => (await call("GET", `/v1/outfalls/${id}`, { as })).body;

describe("allowedActions and blockers: what the caller may do next", () => {
  it("a clerk, a coordinator and the supervising department see different steps on the same record", async () => {
    // Prepare
    const o = await awaitingAcceptance();
    await photos(o.id, "before", "after", "sealing");
    // Act
    const clerk = await read(o.id, CLERK);
    const coordinator = await read(o.id, COORDINATOR);
    const supervisor = await read(o.id, ENFORCEMENT);
    const otherDepartment = await read(o.id, DEPARTMENT);
    // Assess
    expect(clerk.allowedActions).toEqual([]);
    expect(coordinator.allowedActions).toEqual(["override-deadline", "record-approval", "reclassify"]);
    expect(supervisor.allowedActions).toEqual(["accept", "reject"]);
    expect(otherDepartment.allowedActions).not.toContain("accept");
    expect(supervisor.blockers).toEqual([{ action: "close", field: "acceptance", rule: "R-CLOSE-EVIDENCE", message: "须先经监管部门验收通过" }]);
  });

  it("a suspected record: its clerk may confirm or dismiss once a photo is there; another subdistrict's clerk cannot read it", async () => {
    // Prepare
    const o = await create({ subcategory: "urban-domestic-scattered" });
    // Act
    const before = await read(o.id, CLERK);
    await photos(o.id, "near");
    const after = await read(o.id, CLERK);
    const other = await call("GET", `/v1/outfalls/${o.id}`, { as: OTHER_CLERK });
    // Assess
    expect(before.allowedActions).toEqual(["confirm"]);
    expect(before.blockers).toEqual([{ action: "dismiss", field: "photos", rule: "R-DISMISS", message: "认定非排污口须至少上传一张现场照片作为依据" }]);
    expect(after.allowedActions).toEqual(["confirm", "dismiss"]);
    expect(after.blockers).toEqual([]);
    expect(other.status).toBe(403);
  });

  it("a missing after-photo is a blocker of acceptance, the API refuses with the same message, and the upload clears it", async () => {
    // Prepare
    const o = await awaitingAcceptance();
    await photos(o.id, "before", "sealing");
    // Act
    const missing = await read(o.id, ENFORCEMENT);
    const refused = await step(o.id, "accept", {}, ENFORCEMENT);
    await photos(o.id, "after");
    const complete = await read(o.id, ENFORCEMENT);
    // Assess
    const afterPhoto = { action: "accept", field: "photos", rule: "R-CLOSE-EVIDENCE", message: "缺少「整治后」照片" };
    expect(missing.blockers).toContainEqual(afterPhoto);
    expect(missing.allowedActions).not.toContain("accept");
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toContainEqual(expect.objectContaining({ rule: afterPhoto.rule, message: afterPhoto.message }));
    expect(complete.blockers).not.toContainEqual(afterPhoto);
    expect(complete.allowedActions).toContain("accept");
  });

  it("the list carries them only when asked with include=actions", async () => {
    // Prepare (other files fill the clerk's subdistrict with thousands of records: read from this test's start)
    const since = encodeURIComponent(new Date().toISOString());
    const o = await create({ subcategory: "urban-domestic-scattered" });
    // Act
    const plain = await call("GET", `/v1/outfalls?limit=1000&updatedSince=${since}`, { as: CLERK });
    const withActions = await call("GET", `/v1/outfalls?limit=1000&include=actions&updatedSince=${since}`, { as: CLERK });
    const badInclude = await call("GET", "/v1/outfalls?include=everything", { as: CLERK });
    // Assess
    expect(plain.body.items.find((r: any) => r.id === o.id)).not.toHaveProperty("allowedActions");
    expect(withActions.body.items.find((r: any) => r.id === o.id)).toMatchObject({ allowedActions: ["confirm"], blockers: [expect.objectContaining({ action: "dismiss" })] });
    expect(badInclude.status).toBe(400);
  });
});
