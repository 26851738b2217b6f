// The 交办 sheet: the assigned tasks (督导交办) of the caller's subdistrict or department, written by pull
// (one row per task, matched by its id so typed answers survive a new pull), answered on push: a row with a
// 反馈内容 that is not yet 已办理 is sent with the task's current version (sent again, it meets a task that
// has moved on and is refused, never answered twice).
import type ExcelJS from "exceljs";
import { TASK_STATUS } from "../../../functions/src/domain/supervision/task.js";
import { restyle, setServerValue } from "../xlsx/cells.js";
import { type Caller, refusal, request } from "./run.js";
import { DONE, REFUSED, type StepColumn, ensureStepSheet, text } from "./sheet.js";

export const TASK_SHEET = "交办";

export const TASK_COLUMNS: StepColumn[] = [
  { key: "id", label: "事项编号", width: 200, note: "由工具填写", output: true },
  { key: "title", label: "交办事项", width: 200, note: "由工具填写", output: true },
  { key: "finding", label: "发现的问题", width: 300, note: "由工具填写", output: true },
  { key: "deadline", label: "办理期限", width: 100, note: "由工具填写；逾期未反馈的事项在通报中提级督办", output: true },
  { key: "status", label: "状态", width: 120, note: "由工具填写", output: true },
  { key: "answer", label: "反馈内容", width: 300, note: "填写办理情况后推送；退回重办的事项可再次填写" },
  { key: "evidence", label: "佐证", width: 200, note: "文号、链接等，多项用；分隔" },
  { key: "result", label: "结果", width: 80, note: "由工具填写：已办理 / 未通过", output: true },
  { key: "message", label: "提示", width: 300, note: "由工具填写：未通过的原因和改法", output: true },
];

const col = (key: string) => TASK_COLUMNS.findIndex((c) => c.key === key) + 1;

export const ensureTaskSheet = (book: ExcelJS.Workbook) => ensureStepSheet(book, TASK_SHEET, TASK_COLUMNS);

/** Writes the caller's tasks into the sheet: existing rows (by 事项编号) are refreshed, new tasks appended. */
export async function pullTasks(caller: Caller, sheet: ExcelJS.Worksheet): Promise<number> {
  const reply = await request(caller, "GET", "/v1/tasks?limit=500");
  if (reply.status !== 200) return 0;
  const rows = new Map<string, number>();
  sheet.eachRow((row, n) => {
    if (n > 1) rows.set(text(row.getCell(col("id")).value), n);
  });
  let next = Math.max(sheet.actualRowCount, 1) + 1;
  for (const task of reply.body.items as { id: string; title: string; finding: string; deadline: string; status: string; overdue: boolean }[]) {
    const n = rows.get(task.id) ?? next++;
    const cells = sheet.getRow(n);
    const status = `${TASK_STATUS.label(task.status as never)}${task.overdue ? "（已逾期）" : ""}`;
    for (const [key, value] of [["id", task.id], ["title", task.title], ["finding", task.finding], ["deadline", task.deadline], ["status", status]] as const) {
      setServerValue(cells.getCell(col(key)), value, () => true);
    }
    // A returned task is answered again: its earlier 已办理 no longer holds.
    if (task.status === "returned" && text(cells.getCell(col("result")).value) === DONE) setServerValue(cells.getCell(col("result")), "", () => true);
  }
  return reply.body.items.length;
}

export interface TaskAnswerSummary {
  sent: number;
  done: number;
  refused: number;
}

export async function answerTasks(caller: Caller, sheet: ExcelJS.Worksheet): Promise<TaskAnswerSummary> {
  const summary: TaskAnswerSummary = { sent: 0, done: 0, refused: 0 };
  const pending: { n: number; id: string; answer: string; evidence: string }[] = [];
  sheet.eachRow((row, n) => {
    if (n < 2) return;
    const v = (key: string) => text(row.getCell(col(key)).value);
    if (v("id") && v("answer") && v("result") !== DONE) pending.push({ n, id: v("id"), answer: v("answer"), evidence: v("evidence") });
  });
  for (const p of pending) {
    summary.sent++;
    const path = `/v1/tasks/${encodeURIComponent(p.id)}`;
    let outcome: { done: boolean; status?: string; message?: string };
    try {
      const fresh = await request(caller, "GET", path);
      const reply =
        fresh.status === 200
          ? await request(caller, "POST", `${path}/answer`, { expectedVersion: fresh.body.version, answer: p.answer, evidence: p.evidence ? p.evidence.split(/[;；]/).map((s) => s.trim()).filter(Boolean) : [] })
          : fresh;
      const refused = reply.status === 200 ? undefined : refusal(reply.body, reply.status);
      outcome = refused ? { done: false, message: `${refused.rule ? `【${refused.rule}】` : ""}${refused.message ?? ""}` } : { done: true, status: reply.body.status };
    } catch (error) {
      outcome = { done: false, message: `发送失败：${error instanceof Error ? error.message : String(error)}（请稍后再推送）` };
    }
    const cells = sheet.getRow(p.n);
    setServerValue(cells.getCell(col("result")), outcome.done ? DONE : REFUSED, () => true);
    setServerValue(cells.getCell(col("message")), outcome.message ?? "", () => true);
    if (outcome.status) setServerValue(cells.getCell(col("status")), TASK_STATUS.label(outcome.status as never), () => true);
    restyle(cells.getCell(col("result")), { fill: { type: "pattern", pattern: "solid", fgColor: { argb: outcome.done ? "FFD9EAD3" : "FFF4CCCC" } } });
    if (outcome.done) summary.done++;
    else summary.refused++;
  }
  return summary;
}
