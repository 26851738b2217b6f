// Supervision from the Sheets add-on (issue 19), in the simulated Apps Script runtime against the local API:
// the 巡查记录 sheet records a patrol once however often it is pushed and says why a bad row is refused; the
// 督导交办 sheet lists the subdistrict's assigned tasks and sends a typed answer once; a department lists the
// outfalls overdue for monitoring.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addonFor, api, outfall } from "./helpers.js";
import type { AddonRuntime } from "./sim/runtime.js";

const CLERK = "clerk.qingbo@addon.test";
const PATROLS = "巡查记录";
const TASKS = "督导交办";
const DEPARTMENT = "enforcement@addon.test";

function table(rt: AddonRuntime, name: string) {
  const sheet = rt.ss.getSheetByName(name)!;
  const values = sheet.getRange(1, 1, sheet.getLastRow(), sheet.getLastColumn()).getValues() as unknown[][];
  const header = values[0] as string[];
  return { sheet, values, header, col: (label: string) => header.indexOf(label) + 1 };
}

describe("supervision sheets of the add-on", () => {
  let rt: AddonRuntime;
  let created: any;

  beforeAll(async () => {
    created = (await api("POST", "/v1/outfalls", CLERK, outfall("qingbo", 3, { surveyLevel: 2 }))).body;
    rt = await addonFor(CLERK);
    rt.call("pullLedger");
  });
  afterAll(async () => rt?.close());

  it("巡查记录: records a patrol once however often it is pushed; a bad row says why with the rule", async () => {
    // Prepare
    rt.call("openPatrols");
    const t = table(rt, PATROLS);
    const typeRow = (row: number, cells: Record<string, string>) => {
      for (const [label, value] of Object.entries(cells)) rt.edit(PATROLS, row, t.col(label), value);
    };
    typeRow(2, { 临时编号: created.tempId, 巡查时间: "2026-11-30 09:30", 巡查人: "张巡查", 天气: "晴天（连续无降雨）", 出水情况: "持续出水", 气味: "明显臭味或化学气味" });
    typeRow(3, { 临时编号: created.tempId, 巡查时间: "2026-11-30 10:00", 巡查人: "张巡查", 天气: "大风", 出水情况: "无水" });
    // Act
    const first = rt.call("pushPatrols");
    rt.edit(PATROLS, 2, t.col("结果"), ""); // as if the sheet had not kept the answer
    const second = rt.call("pushPatrols");
    const after = table(rt, PATROLS);
    const patrols = await api("GET", `/v1/outfalls/${created.id}/patrols`, CLERK);
    const record = await api("GET", `/v1/outfalls/${created.id}`, CLERK);
    // Assess
    expect(rt.ui.menus.flatMap((m: any) => m.items.map((i: any) => i.label))).toEqual(expect.arrayContaining(["巡查记录：打开记录表", "巡查记录：推送", "督导交办：拉取交办事项", "督导交办：发送反馈"]));
    expect(t.sheet.getRange(2, t.col("天气")).getDataValidation()).toBeTruthy();
    expect(first).toEqual({ sent: 2, done: 1, refused: 1 });
    expect(second).toEqual({ sent: 2, done: 1, refused: 1 });
    expect(after.values[1]![after.col("结果") - 1]).toBe("已记录");
    expect(after.values[1]![after.col("发现问题") - 1]).toContain("晴天排水");
    expect(String(after.values[1]![after.col("幂等键") - 1])).toMatch(/^sheet-patrol-/);
    expect(after.values[2]![after.col("结果") - 1]).toBe("未通过");
    expect(String(after.values[2]![after.col("提示") - 1])).toMatch(/【R-[A-Z-]+】.*天气/);
    expect(patrols.body.items).toHaveLength(1);
    expect(patrols.body.items[0]).toMatchObject({ patrolledAt: "2026-11-30T09:30:00+08:00", observations: { flow: "flowing", odour: "strong-odour" } });
    expect(record.body.problems).toContain("dry-weather");
  });

  it("督导交办: pulls the subdistrict's assigned tasks and sends the typed answer once", async () => {
    // Prepare
    const deadline = new Date(Date.now() + 8 * 3600_000 + 5 * 86_400_000).toISOString().slice(0, 10);
    const task = await api("POST", "/v1/tasks", "coordinator@addon.test", { title: "清波排口督办", finding: "巡查发现排口破损", assigneeKind: "subdistrict", assignee: "qingbo", deadline });
    expect(task.status, JSON.stringify(task.body)).toBe(201);
    rt.call("pullTasks");
    const t = table(rt, TASKS);
    const row = t.values.findIndex((r) => r[0] === task.body.id) + 1;
    rt.edit(TASKS, row, t.col("反馈内容"), "已修复破损排口");
    rt.edit(TASKS, row, t.col("佐证"), "清政〔2026〕3号；现场照片已上传");
    // Act
    const first = rt.call("answerTasks");
    const second = rt.call("answerTasks");
    const stored = await api("GET", `/v1/tasks/${task.body.id}`, "coordinator@addon.test");
    const after = table(rt, TASKS);
    // Assess
    expect(row).toBeGreaterThan(1);
    expect(first).toEqual({ sent: 1, done: 1, refused: 0 });
    expect(second).toMatchObject({ error: expect.stringContaining("没有待发送的反馈") });
    expect(after.values[row - 1]![after.col("结果") - 1]).toBe("已反馈");
    expect(stored.body).toMatchObject({ status: "answered", version: 2 });
    expect(stored.body.answers).toHaveLength(1);
    expect(stored.body.answers[0]).toMatchObject({ answer: "已修复破损排口", evidence: ["清政〔2026〕3号", "现场照片已上传"], by: CLERK });
  });

  it("超期未监测: a department lists, from the menu, the outfalls whose last sample is older than their plan's frequency", async () => {
    // Prepare: an outfall awaiting acceptance (monitored), last sampled 400 days ago
    const o = (await api("POST", "/v1/outfalls", CLERK, outfall("qingbo", 4, { surveyLevel: 1, subcategory: "urban-stormwater", signboard: { installed: true, installedAt: "2023-09-01" } }))).body;
    let version = o.version;
    const step = async (action: string, payload: Record<string, unknown>) => {
      const reply = await api("POST", `/v1/outfalls/${o.id}/transitions`, CLERK, { action, expectedVersion: version, ...payload });
      expect(reply.status, `${action}: ${JSON.stringify(reply.body)}`).toBe(200);
      version = reply.body.version;
    };
    await step("confirm", { surveyedAt: "2024-03-01", surveyedBy: "清波排查组" });
    await step("trace", { responsibleParties: [{ name: "清波物业", kind: "residential" }], responsibilityBasis: "traced" });
    await step("plan", { remediation: "keep" });
    const sampled = await api("POST", `/v1/outfalls/${o.id}/monitoring`, DEPARTMENT, {
      sampledAt: new Date(Date.now() - 400 * 86_400_000).toISOString(),
      sampler: "区环境监测站",
      results: [{ indicator: "COD", value: 20, unit: "mg/L" }],
    });
    expect(sampled.status, JSON.stringify(sampled.body)).toBe(201);
    const officer = await addonFor(DEPARTMENT);
    // Act
    const pulled = officer.call("pullMonitoringOverdue");
    const t = table(officer, "超期未监测");
    officer.close();
    // Assess
    expect(officer.ui.menus.flatMap((m: any) => m.items.map((i: any) => i.label))).toContain("超期未监测排污口清单（写入新表）");
    expect(pulled.count).toBeGreaterThanOrEqual(1);
    expect(t.header).toEqual(expect.arrayContaining(["临时编号", "监测计划", "最近监测时间", "超期天数"]));
    const row = t.values.find((r) => r[t.col("临时编号") - 1] === o.tempId);
    expect(row, "the outfall is listed").toBeDefined();
    expect(Number(row![t.col("超期天数") - 1])).toBeGreaterThan(0);
  });
});
