import { describe, expect, it } from "vitest";
import { call } from "./client.js";
import { create, expectRule, retained, snapshot } from "./steps.js";
import { CLERK, COORDINATOR, DEPARTMENT, ENFORCEMENT, OTHER_CLERK } from "./users.js";
import { serveInProcess } from "./in-process.js";

const sample = (results: unknown[], extra: Record<string, unknown> = {}) => ({
  sampledAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
  sampler: "区环境监测站 王工",
  lab: "杭州市上城区环境监测站",
  flow: { value: 12.5, unit: "m3/d" },
  results,
  ...extra,
});

const post = (id: string, body: unknown, as = DEPARTMENT, headers: Record<string, string> = {}) => call("POST", `/v1/outfalls/${id}/monitoring`, { as, body, headers });


serveInProcess();

describe("monitoring (监测)", () => {
  it("records results within the limits: lastMonitoringAt kept, no problem raised, indicators by label or alias", async () => {
    // Prepare
    const o = await create();
    const body = sample([
      { indicator: "COD", value: 18, unit: "mg/L" },
      { indicator: "氨氮", value: 0.8 },
      { indicator: "pH", value: 7.2 },
    ]);
    // Act
    const made = await post(o.id, body);
    const record = (await call("GET", `/v1/outfalls/${o.id}`, { as: CLERK })).body;
    const listed = await call("GET", `/v1/outfalls/${o.id}/monitoring`, { as: CLERK });
    // Assess
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.results.map((r: any) => [r.indicator, r.unit])).toEqual([
      ["cod", "mg/L"],
      ["ammonia", "mg/L"],
      ["ph", "无量纲"],
    ]);
    expect(made.body).toMatchObject({ exceedances: [], problemsFound: [], reopened: false, limitSet: { key: "gb18918-1a", needsConfirmation: true } });
    expect(record.lastMonitoringAt).toBe(body.sampledAt);
    expect(record.problems ?? []).not.toContain("exceedance");
    expect(listed.body.items.map((m: any) => m.id)).toEqual([made.body.id]);
  });

  it("an exceedance raises 超标排放 and reopens a retained outfall", async () => {
    // Prepare
    const o = await retained();
    // Act
    const made = await post(o.id, sample([{ indicator: "cod", value: 120 }, { indicator: "总磷", value: 0.2 }, { indicator: "ph", value: 5.1 }]));
    const record = (await call("GET", `/v1/outfalls/${o.id}`, { as: CLERK })).body;
    const history = (await call("GET", `/v1/outfalls/${o.id}/history?limit=100`, { as: CLERK })).body.items;
    // Assess
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.exceedances).toEqual([
      { indicator: "cod", label: "化学需氧量", value: 120, unit: "mg/L", limit: "≤ 50", times: 2.4 },
      { indicator: "ph", label: "pH", value: 5.1, unit: "无量纲", limit: "6～9" },
    ]);
    expect(made.body).toMatchObject({ problemsFound: ["exceedance"], reopened: true });
    expect(record).toMatchObject({ status: "traced", done: false });
    expect(record.problems).toContain("exceedance");
    expect(history.at(-1)).toMatchObject({ action: "reopen", actor: DEPARTMENT });
    expect(history.at(-1).note).toContain("化学需氧量 120 mg/L（限值 ≤ 50）");
  });

  it("refuses unknown indicators, wrong units, missing results and a future time; writes nothing", async () => {
    // Prepare
    const o = await create();
    const before = await snapshot(o.id);
    // Act
    const unknown = await post(o.id, sample([{ indicator: "石油类X", value: 1 }]));
    const unit = await post(o.id, sample([{ indicator: "cod", value: 1, unit: "g/L" }]));
    const empty = await post(o.id, sample([]));
    const future = await post(o.id, sample([{ indicator: "cod", value: 1 }], { sampledAt: new Date(Date.now() + 7200_000).toISOString() }));
    const after = await snapshot(o.id);
    // Assess
    expectRule(unknown, 422, "R-REFERENCE");
    expect(unknown.body.errors[0].message).toContain("监测指标");
    expectRule(unit, 400, "R-FORMAT");
    expect(unit.body.errors[0].message).toContain("单位应为 mg/L");
    expectRule(empty, 400, "R-RANGE");
    expect(empty.body.errors[0].message).toContain("监测结果");
    expectRule(future, 400, "R-RANGE");
    expect(future.body.errors[0].message).toContain("采样时间");
    expect(after).toEqual(before);
  });

  it("scope: departments and coordinators record monitoring; clerks read their own outfalls' results only", async () => {
    // Prepare
    const o = await create();
    const body = sample([{ indicator: "cod", value: 10 }]);
    // Act
    const clerk = await post(o.id, body, CLERK);
    const enforcement = await post(o.id, body, ENFORCEMENT);
    const coordinator = await post(o.id, body, COORDINATOR);
    const otherRead = await call("GET", `/v1/outfalls/${o.id}/monitoring`, { as: OTHER_CLERK });
    // Assess
    expectRule(clerk, 403, "R-SCOPE");
    expect(clerk.body.errors[0].message).toContain("监管部门");
    expect(enforcement.status).toBe(201);
    expect(coordinator.status).toBe(201);
    expectRule(otherRead, 403, "R-SCOPE");
  });

  it("lists outfalls overdue for monitoring with the plan's columns", async () => {
    // Act
    const list = await call("GET", "/v1/lists/monitoring-overdue?subdistrict=kaixuan", { as: CLERK });
    const other = await call("GET", "/v1/lists/monitoring-overdue?subdistrict=hubin", { as: CLERK });
    // Assess
    expect(list.status).toBe(200);
    expect(list.body.title).toBe("超期未监测排污口清单");
    expect(list.body.columns.map((c: any) => c.label)).toEqual(expect.arrayContaining(["监测计划", "最近监测时间", "应监测日期", "超期天数"]));
    expectRule(other, 403, "R-SCOPE");
  });

  it("an outfall whose last sample is older than its plan's frequency is listed and counted in the digest until it is sampled again", async () => {
    // Prepare: a retained outfall (monitored) last sampled 400 days ago — beyond every plan's frequency
    const o = await retained();
    const old = await post(o.id, sample([{ indicator: "COD", value: 20, unit: "mg/L" }], { sampledAt: new Date(Date.now() - 400 * 86_400_000).toISOString() }));
    expect(old.status, JSON.stringify(old.body)).toBe(201);
    const overdueList = async () => (await call("GET", "/v1/lists/monitoring-overdue", { as: DEPARTMENT })).body.rows as any[];
    const digestCount = async () => (await call("POST", "/v1/digests", { as: COORDINATOR })).body.progress.bulletin.supervision.monitoringOverdue as number;
    // Act
    const before = await overdueList();
    const countBefore = await digestCount();
    const fresh = await post(o.id, sample([{ indicator: "COD", value: 18, unit: "mg/L" }]));
    const after = await overdueList();
    const countAfter = await digestCount();
    // Assess
    const listed = before.find((r) => r.tempId === o.tempId);
    expect(listed, JSON.stringify(before.slice(0, 2))).toBeDefined();
    expect(listed.monitoringDaysOverdue).toBeGreaterThan(0);
    expect(listed.lastMonitoringAt).toBe(old.body.sampledAt);
    expect(countBefore).toBeGreaterThanOrEqual(1);
    expect(fresh.status).toBe(201);
    expect(after.some((r) => r.tempId === o.tempId)).toBe(false);
    expect(countAfter).toBeLessThan(countBefore);
  });
});
