import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { call } from "./client.js";
import { create, expectRule, retained } from "./steps.js";
import { CLERK, COORDINATOR, DEPARTMENT, OTHER_CLERK } from "./users.js";
import { serveInProcess } from "./in-process.js";

const run = promisify(execFile);
const INSPECTORS = [
  { key: "ZF-001", name: "李执法", department: "综合行政执法局" },
  { key: "ZF-002", name: "陈执法", department: "综合行政执法局" },
  { key: "HB-001", name: "周环保", department: "生态环境分局" },
];

const newDraw = (extra: Record<string, unknown> = {}, as = COORDINATOR) =>
  call("POST", "/v1/draws", { as, body: { title: "凯旋街道排污口双随机抽查", filter: { subdistrict: ["凯旋"] }, count: 2, inspectors: INSPECTORS, ...extra } });
const act = (id: string, body: Record<string, unknown>, as = COORDINATOR) => call("POST", `/v1/draws/${id}/actions`, { as, body });

/** Saves the public JSON and runs the verify command on it. */
async function verify(draw: unknown): Promise<{ code: number; out: string }> {
  const file = join(mkdtempSync(join(tmpdir(), "draw-")), "draw.json");
  writeFileSync(file, JSON.stringify(draw));
  try {
    const { stdout } = await run("npx", ["tsx", "local/verify-draw.ts", file], { encoding: "utf8", timeout: 60_000 });
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, out: e.stdout };
  }
}

async function runDraw() {
  await create();
  await create();
  await create();
  const made = (await newDraw()).body;
  const witnessed = (await act(made.id, { action: "witness", expectedVersion: 1, witness: "王见证", organisation: "区人大代表" })).body;
  return (await act(made.id, { action: "run", expectedVersion: witnessed.version })).body;
}

serveInProcess();

describe("random inspection draws (双随机、一公开)", () => {
  it("publishes the seed and the frozen population, runs only after a witness, and anyone can recompute it", async () => {
    // Prepare
    await create();
    await create();
    // Act
    const made = await newDraw();
    const early = await act(made.body.id, { action: "run", expectedVersion: 1 });
    const witnessed = await act(made.body.id, { action: "见证", expectedVersion: 1, witness: "王见证", organisation: "区人大代表" });
    const ran = await act(made.body.id, { action: "抽取", expectedVersion: 2 });
    const published = await call("GET", `/p/draws/${made.body.id}`);
    const checked = await verify(published.body);
    // Assess
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ status: "published", count: 2, algorithm: "sha256-ctr-fisher-yates-v1" });
    expect(made.body.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(made.body.population.every((p: any) => p.subdistrict === "kaixuan")).toBe(true);
    expectRule(early, 422, "R-LIFECYCLE");
    expect(early.body.errors[0].message).toContain("见证人");
    expect(witnessed.status).toBe(200);
    expect(ran.body.status).toBe("run");
    expect(ran.body.pairings).toHaveLength(2);
    expect(ran.body.pairings[0].inspectors).toHaveLength(2);
    expect(published.status).toBe(200);
    expect(published.body.events.map((e: any) => e.type)).toEqual(["created", "witness", "run"]);
    expect(checked.code, checked.out).toBe(0);
    expect(checked.out).toContain(`OK draw ${made.body.id}`);
  });

  it("publishes the draw as a page for a browser: seed, hashes, witnesses and who inspects what, no script", async () => {
    // Prepare
    const ran = await runDraw();
    // Act
    const page = await call("GET", `/p/draws/${ran.id}`, { headers: { accept: "text/html,application/xhtml+xml" } });
    // Assess
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = String(page.body);
    expect(html).toContain(ran.seed);
    expect(html).toContain(ran.populationHash);
    expect(html).toContain("抽取结果与检查情况");
    expect(html).toContain(ran.population.find((p: { id: string }) => p.id === ran.pairings[0].targetId).tempId);
    expect(html).not.toContain("<script");
  });

  it("the verify command fails a draw whose seed, population or result was changed, naming what", async () => {
    // Prepare
    const ran = await runDraw();
    const published = (await call("GET", `/p/draws/${ran.id}`)).body;
    // Act
    const otherSeed = await verify({ ...published, seed: "f".repeat(64) });
    const fewer = await verify({ ...published, population: published.population.slice(1) });
    const swapped = await verify({ ...published, pairings: [...published.pairings].reverse() });
    // Assess
    expect(otherSeed.code).toBe(1);
    expect(otherSeed.out).toContain("the seed differs from the one published at creation");
    expect(fewer.code).toBe(1);
    expect(fewer.out).toContain("population hash does not match");
    expect(swapped.code).toBe(1);
    expect(swapped.out).toContain("recorded substitutions");
  });

  it("records substitutions and recusals with their reasons and results per target; each stays verifiable", async () => {
    // Prepare
    const ran = await runDraw();
    const [first, second] = ran.pairings;
    // Act
    const noReason = await act(ran.id, { action: "substitute", expectedVersion: ran.version, targetId: first.targetId });
    const substituted = await act(ran.id, { action: "substitute", expectedVersion: ran.version, targetId: first.targetId, reason: "排口已于上月拆除" });
    const stale = await act(ran.id, { action: "recuse", expectedVersion: ran.version, targetId: second.targetId, inspectorKey: second.inspectors[0], reason: "与责任主体有亲属关系" });
    const recused = await act(ran.id, { action: "recuse", expectedVersion: substituted.body.version, targetId: second.targetId, inspectorKey: second.inspectors[0], reason: "与责任主体有亲属关系" });
    const result = await act(ran.id, { action: "result", expectedVersion: recused.body.version, targetId: second.targetId, outcome: "未发现问题" }, CLERK);
    const otherClerk = await act(ran.id, { action: "result", expectedVersion: result.body.version, targetId: recused.body.pairings[0].targetId, outcome: "compliant" }, OTHER_CLERK);
    const again = await act(ran.id, { action: "result", expectedVersion: result.body.version, targetId: second.targetId, outcome: "problem-found" });
    const checked = await verify((await call("GET", `/p/draws/${ran.id}`)).body);
    // Assess
    expectRule(noReason, 400, "R-REQUIRED");
    expect(noReason.body.errors[0].message).toContain("理由");
    expect(substituted.body.pairings[0].targetId).not.toBe(first.targetId);
    expect(substituted.body.substitutions[0]).toMatchObject({ kind: "target", targetId: first.targetId, reason: "排口已于上月拆除", by: COORDINATOR });
    expectRule(stale, 409, "R-VERSION");
    expect(recused.body.pairings[1].inspectors).not.toContain(second.inspectors[0]);
    expect(result.body.results).toEqual([expect.objectContaining({ targetId: second.targetId, outcome: "compliant", by: CLERK })]);
    expectRule(otherClerk, 403, "R-SCOPE");
    expectRule(again, 422, "R-LIFECYCLE");
    expect(checked.code, checked.out).toBe(0);
  });

  it("refuses bad input, and only coordinators create and run draws", async () => {
    // Act
    const noInspectors = await newDraw({ inspectors: [] });
    const duplicate = await newDraw({ inspectors: [INSPECTORS[0], INSPECTORS[0]] });
    const nobody = await newDraw({ filter: { subdistrict: ["kaixuan"], status: ["dismissed"] } });
    const noSize = await newDraw({ count: undefined });
    const unknown = await newDraw({ filter: { subdistrict: ["不存在街道"] } });
    const byClerk = await newDraw({}, CLERK);
    const byDepartment = await newDraw({}, DEPARTMENT);
    const made = (await newDraw()).body;
    const witnessByClerk = await act(made.id, { action: "witness", expectedVersion: 1, witness: "张三" }, CLERK);
    const badAction = await act(made.id, { action: "delete", expectedVersion: 1 });
    const missing = await call("GET", "/p/draws/NO-SUCH-DRAW");
    // Assess
    expectRule(noInspectors, 400, "R-REQUIRED");
    expect(noInspectors.body.errors[0].message).toContain("检查人员库");
    expectRule(duplicate, 400, "R-FORMAT");
    expectRule(nobody, 422, "R-LIFECYCLE");
    expectRule(noSize, 400, "R-REQUIRED");
    expect(noSize.body.errors[0].message).toContain("抽取数量");
    expectRule(unknown, 422, "R-REFERENCE");
    expectRule(byClerk, 403, "R-SCOPE");
    expectRule(byDepartment, 403, "R-SCOPE");
    expectRule(witnessByClerk, 403, "R-SCOPE");
    expectRule(badAction, 400, "R-ENUM");
    expect(missing.status).toBe(404);
  });

  it("a recheck sample draws the configured share of closed and retained outfalls, answered within the configured days", async () => {
    // Prepare
    await retained();
    // Act
    const recheck = await call("POST", "/v1/draws", { as: COORDINATOR, body: { purpose: "销号后复查", title: "销号后复查抽样" } });
    const listed = await call("GET", "/v1/draws?limit=5", { as: CLERK });
    // Assess
    expect(recheck.status, JSON.stringify(recheck.body)).toBe(201);
    expect(recheck.body.filter).toMatchObject({ status: ["closed", "retained"], doneWithinDays: 365 });
    expect(recheck.body.population.length).toBeGreaterThan(0);
    expect(recheck.body.count).toBe(Math.max(1, Math.ceil((recheck.body.population.length * 10) / 100)));
    expect(recheck.body.answerDays).toBe(30);
    expect(listed.status).toBe(200);
    expect(listed.body.items[0].id).toBe(recheck.body.id);
    expect(listed.body.items[0].population).toBeUndefined();
  });

  it("a quality spot check (质量抽查) draws ledger records for a coordinator, whose verdict on each is kept", async () => {
    // Prepare
    await create();
    const made = (await newDraw({ purpose: "质量抽查", title: "台账质量抽查", count: 1, inspectors: [] })).body;
    const witnessed = (await act(made.id, { action: "witness", expectedVersion: 1, witness: "区治水办 刘科长" })).body;
    const ran = (await act(made.id, { action: "run", expectedVersion: witnessed.version })).body;
    // Act
    const verdict = await act(ran.id, { action: "result", expectedVersion: ran.version, targetId: ran.pairings[0].targetId, outcome: "发现问题", note: "整治后照片与销号时间不符" });
    const stored = await call("GET", `/v1/draws/${ran.id}`, { as: COORDINATOR });
    // Assess
    expect(made).toMatchObject({ purpose: "quality", inspectors: [] });
    expect(ran.pairings).toEqual([{ targetId: expect.any(String), inspectors: [] }]);
    expect(verdict.status).toBe(200);
    expect(stored.body.results).toEqual([expect.objectContaining({ outcome: "problem-found", note: "整治后照片与销号时间不符", by: COORDINATOR })]);
    expect(stored.body.events.map((e: any) => e.type)).toEqual(["created", "witness", "run", "result"]);
  });

  it("a recheck patrol naming its draw records the target's result; a patrol on an outfall the draw did not pick is refused", async () => {
    // Prepare: at least two retained outfalls, one drawn
    await retained();
    await retained();
    const made = (await call("POST", "/v1/draws", { as: COORDINATOR, body: { purpose: "recheck", title: "复查", filter: { subdistrict: ["kaixuan"] }, count: 1 } })).body;
    const witnessed = (await act(made.id, { action: "witness", expectedVersion: 1, witness: "王见证" })).body;
    const ran = (await act(made.id, { action: "run", expectedVersion: witnessed.version })).body;
    const target = ran.pairings[0].targetId;
    const other = made.population.find((p: any) => p.id !== target && p.subdistrict === "kaixuan");
    const patrol = (drawId: string) => ({ kind: "recheck", patrolledAt: new Date(Date.now() - 3600_000).toISOString(), patroller: "复查员", weather: "dry", observations: { flow: "no-flow" }, drawId });
    // Act
    const answered = await call("POST", `/v1/outfalls/${target}/patrols`, { as: CLERK, body: patrol(made.id) });
    const notPicked = await call("POST", `/v1/outfalls/${other.id}/patrols`, { as: CLERK, body: patrol(made.id) });
    const stored = (await call("GET", `/v1/draws/${made.id}`, { as: CLERK })).body;
    // Assess
    expect(answered.status, JSON.stringify(answered.body)).toBe(201);
    expect(stored.results).toEqual([expect.objectContaining({ targetId: target, outcome: "compliant", patrolId: answered.body.id, by: CLERK })]);
    expectRule(notPicked, 422, "R-REFERENCE");
  });
});
