import { describe, expect, it } from "vitest";
import { call } from "./client.js";
import { create, expectRule, photos, retained, snapshot, version } from "./steps.js";
import { CLERK, COORDINATOR, DEPARTMENT, OTHER_CLERK } from "./users.js";
import { serveInProcess } from "./in-process.js";

const HOUR = 3600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();

const patrol = (extra: Record<string, unknown> = {}) => ({
  patrolledAt: ago(2),
  patroller: "张巡查",
  weather: "dry",
  observations: { flow: "no-flow", colour: "colour-normal", signboard: "sign-ok" },
  ...extra,
});

const post = (id: string, body: unknown, as = CLERK, headers: Record<string, string> = {}) => call("POST", `/v1/outfalls/${id}/patrols`, { as, body, headers });


serveInProcess();

describe("patrols (巡查)", () => {
  it("records a patrol with its photos: the outfall keeps lastPatrolAt and a history entry, the list shows it", async () => {
    // Prepare
    const o = await create();
    const [photoId] = await photos(o.id, "near");
    const at = ago(3);
    // Act
    const made = await post(o.id, patrol({ patrolledAt: at, photoIds: [photoId], kind: "河长巡河", observations: { flow: "无水", colour: "轻微异色", oilFilm: "oil-film" } }));
    const record = (await call("GET", `/v1/outfalls/${o.id}`, { as: CLERK })).body;
    const listed = await call("GET", `/v1/outfalls/${o.id}/patrols`, { as: DEPARTMENT });
    const history = (await call("GET", `/v1/outfalls/${o.id}/history?limit=100`, { as: CLERK })).body.items;
    // Assess
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ kind: "river-chief", outfallId: o.id, subdistrict: "kaixuan", problemsFound: [], reopened: false, needsSampling: true, recordedBy: CLERK, photoIds: [photoId] });
    expect(made.body.observations).toEqual({ flow: "no-flow", colour: "colour-slight", oilFilm: "oil-film" });
    expect(record.lastPatrolAt).toBe(at);
    expect(record.version).toBe(made.body.outfallVersion);
    expect(listed.body.items.map((p: any) => p.id)).toEqual([made.body.id]);
    expect(history.at(-1)).toMatchObject({ action: "patrol", actor: CLERK, evidence: [photoId] });
  });

  it("water in dry weather at a retained outfall reopens it through the lifecycle, with the problem added", async () => {
    // Prepare
    const o = await retained();
    // Act
    const made = await post(o.id, patrol({ observations: { flow: "flowing", damage: "damaged" } }));
    const record = (await call("GET", `/v1/outfalls/${o.id}`, { as: CLERK })).body;
    const history = (await call("GET", `/v1/outfalls/${o.id}/history?limit=100`, { as: CLERK })).body.items;
    // Assess
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ reopened: true, problemsFound: ["dry-weather", "aging"] });
    expect(record).toMatchObject({ status: "traced", dryWeatherFlow: true, done: false });
    expect(record.problems).toEqual(expect.arrayContaining(["dry-weather", "aging"]));
    expect(record.reopenedAt).toBeDefined();
    expect(history.at(-1)).toMatchObject({ action: "reopen", actor: CLERK });
    expect(history.at(-1).note).toContain("晴天排水");
    expect(history.at(-2)).toMatchObject({ action: "retain" });
  });

  it("a patrol that finds nothing leaves a retained outfall retained", async () => {
    // Prepare
    const o = await retained();
    // Act
    const made = await post(o.id, patrol());
    // Assess
    expect(made.body).toMatchObject({ reopened: false, problemsFound: [] });
    expect((await call("GET", `/v1/outfalls/${o.id}`, { as: CLERK })).body.status).toBe("retained");
  });

  it("a retried patrol with the same Idempotency-Key is written once", async () => {
    // Prepare
    const o = await create();
    const headers = { "idempotency-key": `patrol-${o.id}` };
    // Act
    const first = await post(o.id, patrol(), CLERK, headers);
    const second = await post(o.id, patrol(), CLERK, headers);
    const listed = await call("GET", `/v1/outfalls/${o.id}/patrols`, { as: CLERK });
    // Assess
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    expect(listed.body.items).toHaveLength(1);
    expect((await call("GET", `/v1/outfalls/${o.id}`, { as: CLERK })).body.version).toBe(first.body.outfallVersion);
  });

  it("refuses bad input in Chinese naming the field, and writes nothing", async () => {
    // Prepare
    const o = await create();
    const other = await create();
    const [foreign] = await photos(other.id, "near");
    const before = await snapshot(o.id);
    // Act
    const noFlow = await post(o.id, patrol({ observations: { colour: "colour-normal" } }));
    const badColour = await post(o.id, patrol({ observations: { flow: "no-flow", colour: "purple" } }));
    const future = await post(o.id, patrol({ patrolledAt: new Date(Date.now() + 2 * HOUR).toISOString() }));
    const wrongPhoto = await post(o.id, patrol({ photoIds: [foreign] }));
    const badKey = await post(o.id, patrol(), CLERK, { "idempotency-key": "x" });
    const after = await snapshot(o.id);
    // Assess
    expectRule(noFlow, 400, "R-ENUM");
    expect(noFlow.body.errors[0]).toMatchObject({ field: "observations.flow", message: expect.stringContaining("「出水情况」") });
    expect(noFlow.body.errors[0].message).toContain("持续出水（flowing）");
    expectRule(badColour, 400, "R-ENUM");
    expect(badColour.body.errors[0].message).toContain("颜色");
    expectRule(future, 400, "R-RANGE");
    expect(future.body.errors[0].message).toContain("巡查时间");
    expectRule(wrongPhoto, 422, "R-PHOTO-MISSING");
    expectRule(badKey, 400, "R-FORMAT");
    expect(after).toEqual(before);
    expect(version.get(o.id)).toBe(after.record.version);
  });

  it("the field app: the patrol's lists come with the reference data, and its patrols are marked as coming from the app", async () => {
    // Prepare
    const o = await create();
    // Act
    const reference = (await call("GET", "/v1/reference", { as: CLERK })).body;
    const made = await post(o.id, patrol(), CLERK, { "x-channel": "app" });
    const history = (await call("GET", `/v1/outfalls/${o.id}/history?limit=100`, { as: CLERK })).body.items;
    const unknown = await post(o.id, patrol(), CLERK, { "x-channel": "fax" });
    // Assess
    expect(reference.vocabularies.patrolFlow).toContainEqual({ key: "flowing", label: "持续出水" });
    expect(reference.vocabularies.patrolSignboard.map((v: any) => v.key)).toEqual(["sign-ok", "sign-damaged", "sign-missing"]);
    expect(reference.vocabularies.channel).toContainEqual({ key: "app", label: "外业App" });
    expect(made.status).toBe(201);
    expect(history.at(-1)).toMatchObject({ action: "patrol", channel: "app" });
    expectRule(unknown, 400, "R-ENUM");
    expect(unknown.body.errors[0].message).toContain("app（外业App）");
    expect(unknown.body.errors[0].message).not.toContain("system");
  });

  it("scope: a clerk patrols their own subdistrict; departments and coordinators anywhere", async () => {
    // Prepare
    const o = await create();
    // Act
    const otherClerk = await post(o.id, patrol(), OTHER_CLERK);
    const otherList = await call("GET", `/v1/outfalls/${o.id}/patrols`, { as: OTHER_CLERK });
    const department = await post(o.id, patrol(), DEPARTMENT);
    const coordinator = await post(o.id, patrol(), COORDINATOR);
    // Assess
    expectRule(otherClerk, 403, "R-SCOPE");
    expect(otherClerk.body.errors[0].message).toContain("湖滨街道");
    expectRule(otherList, 403, "R-SCOPE");
    expect(department.status).toBe(201);
    expect(coordinator.status).toBe(201);
  });
});
