// Departments as the plan assigns them (实施方案 五(二)): 市生态环境局上城分局 co-ordinates the investigation,
// tracing and planning of industrial outfalls in every subdistrict; other outfalls stay the subdistrict's.
import { describe, expect, it } from "vitest";
import { CLERK, DEPARTMENT as ECO, ENFORCEMENT } from "./users.js";
import { call, validOutfall } from "./client.js";

const industrial = (overrides: Record<string, unknown> = {}) =>
  validOutfall({ subcategory: "industrial-enterprise", surveyLevel: 1, ...overrides });
const inHubin = { subdistrict: "hubin", community: "东坡路社区", longitude: 120.165, latitude: 30.258 };

async function step(id: string, version: number, action: string, payload: Record<string, unknown>, as = ECO) {
  return call("POST", `/v1/outfalls/${id}/transitions`, { as, body: { action, expectedVersion: version, ...payload } });
}
const expectScope = (reply: { status: number; body: any }) => {
  expect(reply.status, JSON.stringify(reply.body)).toBe(403);
  expect(reply.body.errors[0].rule).toBe("R-SCOPE");
};

describe("eco co-ordinates industrial outfalls across subdistricts (R-SCOPE)", () => {
  it("may register, edit, confirm, trace and plan an industrial outfall in any subdistrict, also as a batch row", async () => {
    // Prepare
    const party = { name: "某电镀研究所", kind: "institution" };
    // Act
    const created = await call("POST", "/v1/outfalls", { as: ECO, body: industrial(inHubin) });
    const id = created.body.id;
    const patched = await call("PATCH", `/v1/outfalls/${id}`, { as: ECO, body: { sizeMm: "300" }, headers: { "if-match": "1" } });
    const confirmed = await step(id, 2, "confirm", { surveyedAt: "2023-11-02", surveyedBy: "分局排查组" });
    const traced = await step(id, 3, "trace", { responsibleParties: [party], responsibilityBasis: "traced" });
    const approval = await call("PATCH", `/v1/outfalls/${id}`, {
      as: ECO,
      body: { approval: { status: "approved", documentNo: "杭环上审〔2020〕3号", authority: "市生态环境局上城分局", date: "2020-04-01" } },
      headers: { "if-match": "4" },
    });
    const planned = await step(id, 5, "plan", { remediation: "standardize", plan: "规范排口、树标立牌", problems: ["no-signboard"] });
    const batch = await call("POST", "/v1/outfalls/batch", { as: ECO, body: { rows: [{ values: industrial() }] } });
    // Assess
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ subdistrict: "hubin", category: "industrial", department: "eco", createdBy: ECO });
    for (const reply of [patched, confirmed, traced, approval, planned]) expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(planned.body).toMatchObject({ status: "remediating", action: "standardize", version: 6 });
    expect(batch.body.results[0]).toMatchObject({ outcome: "ok" });
  });

  it("may not register, edit or step through an outfall that is not industrial, nor turn an industrial one into another type", async () => {
    // Prepare
    const stormwater = (await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall({ surveyLevel: 1 }) })).body;
    const own = (await call("POST", "/v1/outfalls", { as: ECO, body: industrial() })).body;
    // Act
    const create = await call("POST", "/v1/outfalls", { as: ECO, body: validOutfall() });
    const undetermined = await call("POST", "/v1/outfalls", { as: ECO, body: validOutfall({ subcategory: undefined }) });
    const edit = await call("PATCH", `/v1/outfalls/${stormwater.id}`, { as: ECO, body: { sizeMm: "300" }, headers: { "if-match": "1" } });
    const confirm = await step(stormwater.id, 1, "confirm", {});
    const reclassify = await call("PATCH", `/v1/outfalls/${own.id}`, { as: ECO, body: { subcategory: "urban-stormwater", category: "other" }, headers: { "if-match": "1" } });
    const dismiss = await step(own.id, 1, "dismiss", { note: "现场核实为企业雨水管，非排污口" });
    const batch = await call("POST", "/v1/outfalls/batch", { as: ECO, body: { rows: [{ values: validOutfall() }] } });
    const after = await Promise.all([stormwater.id, own.id].map(async (id) => (await call("GET", `/v1/outfalls/${id}`, { as: ECO })).body));
    // Assess
    for (const reply of [create, undetermined, edit, confirm, reclassify, dismiss]) expectScope(reply);
    expect(create.body.errors[0].message).toContain("市生态环境局上城分局");
    expect(create.body.errors[0].message).toContain("工业排污口");
    expect(batch.body.results[0].outcome).toBe("forbidden");
    expect(after.map((r) => [r.version, r.status, r.subcategory])).toEqual([
      [1, "suspected", "urban-stormwater"],
      [1, "suspected", "industrial-enterprise"],
    ]);
  });

  it("another department co-ordinates nothing: it may not register an industrial outfall", async () => {
    // Prepare / Act
    const reply = await call("POST", "/v1/outfalls", { as: ENFORCEMENT, body: industrial() });
    // Assess
    expectScope(reply);
  });
});
