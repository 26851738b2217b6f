// Supervision from the sheet over fake ports: what 巡查记录, 督导交办 and 超期未监测 ask the API and write back.
// The round trips against the local stack run in test/addon/supervision.test.ts (the built bundle).
import { describe, expect, it } from "vitest";
import type { HttpRequest } from "../../../sheets-addon/src/core/http.js";
import {
  MONITORING_SHEET, PATROL_HEADER, PATROL_SHEET, TASK_HEADER, TASK_SHEET, answerTasks, openPatrolSheet, pullMonitoringOverdue, pullTasks, pushPatrols,
} from "../../../sheets-addon/src/core/supervision.js";
import { LEDGER_SHEET } from "../../../sheets-addon/src/core/tables.js";
import { fakeEnv, json } from "./fake-env.js";

const col = (label: string) => PATROL_HEADER.indexOf(label);
/** A 巡查记录 row with the given cells (by header), the rest empty. */
const patrolRow = (cells: Record<string, unknown>) => PATROL_HEADER.map((h) => cells[h] ?? "");
const ledger = [["临时编号", "系统编号"], ["SC-1", "OUT-1"], ["SC-2", ""]];

describe("巡查记录 from the sheet", () => {
  it("opens the sheet with the API's patrol lists as dropdowns and a hidden key column, keeping typed rows", () => {
    // Prepare
    const { env, tables, tableOptions } = fakeEnv(() => undefined);
    tables.set(PATROL_SHEET, [PATROL_HEADER, patrolRow({ 临时编号: "SC-1" })]);
    // Act
    const opened = openPatrolSheet(env);
    // Assess
    expect(opened).toEqual({ rows: 1 });
    const options = tableOptions.get(PATROL_SHEET)!;
    expect(options.hiddenColumns).toEqual([col("幂等键") + 1]);
    expect(options.dropdowns![col("巡查类型") + 1]).toContain("日常巡查");
    expect(options.dropdowns![col("出水情况") + 1]!.length).toBeGreaterThan(1);
    expect(tables.get(PATROL_SHEET)![1]![col("临时编号")]).toBe("SC-1");
  });

  it("sends each pending row once with a key written first; labels and China time as typed; refusals say why", () => {
    // Prepare
    const { env, sent, tables, toasts } = fakeEnv((r: HttpRequest) => {
      if (r.method !== "post") return undefined;
      const body = JSON.parse(r.payload!) as { note?: string };
      if (body.note === "坏") return json(422, { title: "输入有误", errors: [{ field: "observations.flow", rule: "R-ENUM", message: "「出水情况」不在可选值中" }] });
      return json(201, { id: "PT-1", problemsFound: ["uncollected"], reopened: true });
    });
    tables.set(LEDGER_SHEET, ledger);
    tables.set(PATROL_SHEET, [
      PATROL_HEADER,
      patrolRow({ 临时编号: "SC-1", 巡查时间: "2026年11月30日 9:05", 巡查人: "王五", 出水情况: "有水", 说明: "好" }),
      patrolRow({ 临时编号: "SC-1", 巡查时间: new Date("2026-11-30T01:05:00Z"), 说明: "坏" }),
      patrolRow({ 临时编号: "SC-2", 说明: "无系统编号" }),
      patrolRow({ 临时编号: "SC-1", 结果: "已记录", 幂等键: "old" }),
      patrolRow({}),
    ]);
    // Act
    const summary = pushPatrols(env);
    // Assess
    expect(summary).toEqual({ sent: 3, done: 1, refused: 2 });
    const posts = sent.filter((r) => r.method === "post");
    expect(posts.map((r) => r.url)).toEqual(["https://api.example.cn/v1/outfalls/OUT-1/patrols", "https://api.example.cn/v1/outfalls/OUT-1/patrols"]);
    expect(JSON.parse(posts[0]!.payload!)).toEqual({ kind: "日常巡查", patrolledAt: "2026-11-30T09:05:00+08:00", patroller: "王五", note: "好", observations: { flow: "有水" } });
    const rows = tables.get(PATROL_SHEET)!;
    expect(rows[1]![col("结果")]).toBe("已记录");
    expect(rows[1]![col("发现问题")]).toMatch(/（排污口已重新打开）$/);
    expect(String(rows[1]![col("幂等键")])).toMatch(/^sheet-patrol-/);
    expect(posts[0]!.headers!["Idempotency-Key"]).toBe(rows[1]![col("幂等键")]);
    expect(rows[2]!.slice(col("结果"), col("提示") + 1)).toEqual(["未通过", "", "【R-ENUM】「出水情况」不在可选值中"]);
    expect(rows[3]![col("提示")]).toContain("临时编号「SC-2」不在「排污口台账」中");
    expect(toasts.at(-1)).toBe("巡查记录 3 条：已记录 1，未通过 2（见「提示」列）");
  });

  it("sends a refused row again with the key it already has, and refuses a sheet with nothing to send", () => {
    // Prepare
    const { env, sent, tables } = fakeEnv((r) => (r.method === "post" ? json(201, { id: "PT-1", problemsFound: [] }) : undefined));
    tables.set(LEDGER_SHEET, ledger);
    tables.set(PATROL_SHEET, [PATROL_HEADER, patrolRow({ 临时编号: "SC-1", 结果: "未通过", 幂等键: "sheet-patrol-kept" })]);
    // Act
    const again = pushPatrols(env);
    // Assess
    expect(again).toEqual({ sent: 1, done: 1, refused: 0 });
    expect(sent.find((r) => r.method === "post")!.headers!["Idempotency-Key"]).toBe("sheet-patrol-kept");
    expect(() => pushPatrols(env)).toThrow("没有待推送的巡查");
  });
});

describe("督导交办 from the sheet", () => {
  const task = (over: Record<string, unknown>) => ({ id: "T-1", title: "整改标识牌", finding: "标识牌缺失", deadline: "2026-12-10", status: "assigned", version: 1, ...over });
  const tcol = (label: (typeof TASK_HEADER)[number]) => TASK_HEADER.indexOf(label);

  it("pulls the caller's tasks with their state in Chinese, keeping answers typed but not sent", () => {
    // Prepare
    const { env, tables, toasts } = fakeEnv((r) => (r.url.includes("/v1/tasks?") ? json(200, { items: [task({ overdue: true }), task({ id: "T-2", status: "answered" }), task({ id: "T-3", status: "returned" })] }) : undefined));
    tables.set(TASK_SHEET, [[...TASK_HEADER], ["T-1", "", "", "", "", "已整改", "照片1", "", ""], ["T-3", "", "", "", "", "旧反馈", "", "已反馈", ""]]);
    // Act
    const pulled = pullTasks(env);
    // Assess
    expect(pulled).toEqual({ count: 3 });
    const rows = tables.get(TASK_SHEET)!;
    expect(rows[1]).toEqual(["T-1", "整改标识牌", "标识牌缺失", "2026-12-10", "已交办（已逾期）", "已整改", "照片1", "", ""]);
    expect(rows[2]![tcol("结果")]).toBe("已反馈");
    expect(rows[3]!.slice(tcol("状态"), tcol("结果") + 1)).toEqual(["已退回（重新办理）", "旧反馈", "", ""]);
    expect(toasts.at(-1)).toContain("督导交办事项 3 项");
  });

  it("answers each typed row against the task's current version, once; a refusal is written beside it", () => {
    // Prepare
    const { env, sent, tables } = fakeEnv((r) => {
      if (r.method === "get" && r.url.endsWith("/v1/tasks/T-1")) return json(200, task({ version: 4 }));
      if (r.method === "get" && r.url.endsWith("/v1/tasks/T-2")) return json(200, task({ id: "T-2", version: 2 }));
      if (r.url.endsWith("/v1/tasks/T-1/answer")) return json(200, task({ status: "answered", version: 5 }));
      if (r.url.endsWith("/v1/tasks/T-2/answer")) return json(409, { title: "版本冲突", detail: "该事项已被他人更新，请重新拉取" });
      return undefined;
    });
    tables.set(TASK_SHEET, [[...TASK_HEADER], ["T-1", "", "", "", "", "已补设标识牌", "P1；P2", "", ""], ["T-2", "", "", "", "", "已整改", "", "", ""], ["T-3", "", "", "", "", "", "", "", ""], ["T-4", "", "", "", "", "x", "", "已反馈", ""]]);
    // Act
    const summary = answerTasks(env);
    // Assess
    expect(summary).toEqual({ sent: 2, done: 1, refused: 1 });
    const answer = sent.find((r) => r.url.endsWith("/v1/tasks/T-1/answer"))!;
    expect(JSON.parse(answer.payload!)).toEqual({ expectedVersion: 4, answer: "已补设标识牌", evidence: ["P1", "P2"] });
    const rows = tables.get(TASK_SHEET)!;
    expect(rows[1]!.slice(tcol("状态"))).toEqual(["已反馈（待审核）", "已补设标识牌", "P1；P2", "已反馈", ""]);
    expect(rows[2]!.slice(tcol("结果"))).toEqual(["未通过", "该事项已被他人更新，请重新拉取"]);
    expect(() => answerTasks({ ...env, workbook: { ...env.workbook, readTable: () => [[...TASK_HEADER], ["T-1", "", "", "", "", "a", "", "已反馈", ""]] } })).toThrow("没有待发送的反馈");
  });
});

describe("超期未监测 for departments", () => {
  it("writes the API's list with its own column labels, and says when there is none", () => {
    // Prepare
    const list = { title: "超期未监测排污口", columns: [{ key: "name", label: "排污口名称" }, { key: "lastMonitoringAt", label: "最近监测" }], rows: [{ name: "甲", lastMonitoringAt: null }] };
    const { env, tables, toasts } = fakeEnv((r) => (r.url.endsWith("/v1/lists/monitoring-overdue") ? json(200, list) : undefined));
    const empty = fakeEnv((r) => (r.url.endsWith("/v1/lists/monitoring-overdue") ? json(200, { ...list, rows: [] }) : undefined));
    // Act
    const pulled = pullMonitoringOverdue(env);
    const none = pullMonitoringOverdue(empty.env);
    // Assess
    expect(pulled).toEqual({ count: 1 });
    expect(tables.get(MONITORING_SHEET)).toEqual([["排污口名称", "最近监测"], ["甲", ""]]);
    expect(toasts.at(-1)).toBe("超期未监测排污口：1 个排污口超过监测计划频次未监测");
    expect(none).toEqual({ count: 0 });
    expect(empty.toasts.at(-1)).toBe("没有超期未监测的排污口");
  });
});
