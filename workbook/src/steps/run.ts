// Sends the 办理 sheet's pending steps in row order, after the field edits. Each step reads the record fresh
// (GET) and carries its version as expectedVersion, so a step is applied at most once: sent again (say after a
// save that failed), it meets a record that has moved on and is refused, never applied twice. The outcome is
// written to the row: 已办理 with the new state, or 未通过 with the rule and the API's message.
import type ExcelJS from "exceljs";
import { ACTION } from "../../../functions/src/domain/enums.js";
import { TRANSITION, type TransitionAction } from "../../../functions/src/domain/transition-payloads.js";
import { plainValue, noteText } from "../xlsx/cells.js";
import { LEDGER_SHEET } from "../../../sheets-addon/src/core/tables.js";
import { STEP_COLUMNS, STEP_SHEET, type StepOutcome, type StepRow, WORKBOOK_STEPS, pendingSteps, writeOutcome } from "./sheet.js";

export interface Caller {
  apiUrl: string;
  token: string;
  fetch?: typeof fetch;
}

export interface StepsSummary {
  sent: number;
  done: number;
  refused: number;
}

/** Temp id → record id, from the ledger sheet's tempId and _id columns. */
export function idsByTempId(book: ExcelJS.Workbook): Map<string, string> {
  const sheet = book.getWorksheet(LEDGER_SHEET);
  const out = new Map<string, string>();
  if (!sheet) return out;
  const find = (key: string) => {
    let at = 0;
    sheet.getRow(1).eachCell((cell, c) => {
      if (new RegExp(`^字段：${key}(\\s|$)`).test(noteText(cell))) at = c;
    });
    return at;
  };
  const temp = find("tempId");
  const id = find("_id");
  if (!temp || !id) return out;
  sheet.eachRow((row, n) => {
    if (n < 2) return;
    const t = String(plainValue(row.getCell(temp).value)).trim();
    const i = String(plainValue(row.getCell(id).value)).trim();
    if (t && i) out.set(t, i);
  });
  return out;
}

export async function request(caller: Caller, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await (caller.fetch ?? fetch)(`${caller.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${caller.token}`, "x-channel": "workbook", ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = { detail: text.slice(0, 200) };
  }
  return { status: res.status, body: parsed };
}

const label = (key: string) => STEP_COLUMNS.find((c) => c.key === key)!.label;

/** The transition's body from the row's payload columns, or why the row cannot be sent. */
function payloadOf(action: TransitionAction, v: Record<string, string>): Record<string, unknown> | StepOutcome {
  const body: Record<string, unknown> = { action };
  if (v.note) body.note = v.note;
  if (action === "plan") {
    const remediation = ACTION.keyOf(v.remediation ?? "") ?? (ACTION.keys.includes(v.remediation as never) ? v.remediation : undefined);
    if (!remediation) return { done: false, rule: "R-REQUIRED", message: `「${label("remediation")}」须从下拉列表中选择` };
    body.remediation = remediation;
    if (v.plan) body.plan = v.plan;
    if (v.floodAffects) {
      body.floodSafety = { affects: v.floodAffects === "是", ...(v.floodMeasures ? { measures: v.floodMeasures } : {}) };
    }
  }
  if ((action === "complete" || action === "request-acceptance") && v.completedAt) body.completedAt = v.completedAt;
  return body;
}

export const refusal = (body: any, status: number): StepOutcome => {
  const errors: { rule?: string; message?: string }[] = Array.isArray(body?.errors) ? body.errors : [];
  if (errors.length) {
    return { done: false, rule: [...new Set(errors.map((e) => e.rule).filter(Boolean))].join("、"), message: errors.map((e) => e.message).join("；") };
  }
  return { done: false, ...(body?.rule ? { rule: body.rule } : {}), message: body?.detail ?? `台账系统拒绝了这一步（HTTP ${status}）` };
};

async function runStep(caller: Caller, ids: Map<string, string>, step: StepRow): Promise<StepOutcome> {
  const v = step.values;
  const action = (TRANSITION.keyOf(v.action!) ?? (TRANSITION.keys.includes(v.action as never) ? v.action : undefined)) as TransitionAction | undefined;
  if (!action || !WORKBOOK_STEPS.includes(action)) {
    return { done: false, rule: "R-ENUM", message: `「操作」的值「${v.action}」不在可选范围内，请从下拉列表中选择` };
  }
  const id = ids.get(v.tempId!);
  if (!id) return { done: false, rule: "R-REFERENCE", message: `临时编号「${v.tempId}」不在「排污口台账」中：请核对编号，或先拉取台账` };
  const body = payloadOf(action, v);
  if ("done" in body) return body as StepOutcome;
  const path = `/v1/outfalls/${encodeURIComponent(id)}`;
  const fresh = await request(caller, "GET", path);
  if (fresh.status !== 200) return refusal(fresh.body, fresh.status);
  const reply = await request(caller, "POST", `${path}/transitions`, { ...body, expectedVersion: fresh.body.version });
  if (reply.status === 200) return { done: true, state: reply.body.status };
  return refusal(reply.body, reply.status);
}

/** Sends every pending step of the sheet in row order; a failure of one step does not stop the next. */
export async function runSteps(caller: Caller, book: ExcelJS.Workbook, sheet: ExcelJS.Worksheet, progress: (line: string) => void = () => {}): Promise<StepsSummary> {
  const steps = pendingSteps(sheet);
  const ids = idsByTempId(book);
  const summary: StepsSummary = { sent: steps.length, done: 0, refused: 0 };
  for (const [i, step] of steps.entries()) {
    let outcome: StepOutcome;
    try {
      outcome = await runStep(caller, ids, step);
    } catch (error) {
      outcome = { done: false, message: `发送失败：${error instanceof Error ? error.message : String(error)}（请稍后再推送）` };
    }
    writeOutcome(sheet, step.row, outcome);
    if (outcome.done) summary.done++;
    else summary.refused++;
    progress(`正在办理：${i + 1} / ${steps.length}（「${STEP_SHEET}」第 ${step.row} 行 ${step.values.tempId} ${step.values.action}：${outcome.done ? "已办理" : "未通过"}）`);
  }
  return summary;
}
