// The 巡查 sheet: one patrol per row (临时编号, time, patroller, weather and what was seen, each from a
// dropdown of the API's labels), sent on push after the 办理 sheet. Each row is sent with an Idempotency-Key
// made from its contents, so a row sent twice (a save that failed, a push run again) is written once.
import { createHash } from "node:crypto";
import type ExcelJS from "exceljs";
import { PROBLEM, type Vocabulary } from "../../../functions/src/domain/enums.js";
import {
  COLOUR,
  DAMAGE,
  DEPOSITS,
  FLOATABLES,
  FLOW,
  ODOUR,
  OIL_FILM,
  PATROL_KIND,
  SIGNBOARD_STATE,
  TURBIDITY,
  WEATHER,
} from "../../../functions/src/domain/supervision/patrol.js";
import { plainValue, restyle, setServerValue } from "../xlsx/cells.js";
import { type Caller, refusal, request } from "./run.js";
import { DONE, REFUSED, type StepColumn, ensureStepSheet, text } from "./sheet.js";

export const PATROL_SHEET = "巡查";

/** A vocabulary as this sheet uses it: keys and labels (its schema is typed per vocabulary). */
type Words = Omit<Vocabulary<string>, "schema">;

const pick = (v: Words) => v.keys.map((k) => v.label(k));
/** Observation columns: key of the API's `observations`, label, vocabulary. */
const OBSERVED: [string, string, Words][] = [
  ["flow", "出水情况", FLOW],
  ["colour", "颜色", COLOUR],
  ["turbidity", "浑浊度", TURBIDITY],
  ["odour", "气味", ODOUR],
  ["oilFilm", "油膜", OIL_FILM],
  ["floatables", "漂浮物", FLOATABLES],
  ["deposits", "淤积", DEPOSITS],
  ["damage", "设施破损", DAMAGE],
  ["signboard", "标识牌状况", SIGNBOARD_STATE],
];

export const PATROL_COLUMNS: StepColumn[] = [
  { key: "tempId", label: "临时编号", width: 130, note: "巡查的排污口的临时编号（见「排污口台账」）" },
  { key: "patrolledAt", label: "巡查时间", width: 140, note: "如 2026-11-30 09:30（北京时间）" },
  { key: "patroller", label: "巡查人", width: 90, note: "巡查人姓名" },
  { key: "kind", label: "巡查类型", width: 100, note: "默认日常巡查", choices: pick(PATROL_KIND) },
  { key: "weather", label: "天气", width: 120, note: "晴天出水会列为「晴天排水」问题", choices: pick(WEATHER) },
  ...OBSERVED.map(([key, label, v]) => ({ key, label, width: 110, note: key === "flow" ? "必填" : "选填", choices: pick(v) })),
  { key: "note", label: "说明", width: 220, note: "其他情况" },
  { key: "result", label: "结果", width: 80, note: "由工具填写：已办理 / 未通过。已办理的行不会再次发送", output: true },
  { key: "found", label: "发现问题", width: 160, note: "由工具填写：本次巡查列入的问题；保留或已销号的排污口发现问题会重新打开", output: true },
  { key: "message", label: "提示", width: 360, note: "由工具填写：未通过的原因和改法", output: true },
];

const col = (key: string) => PATROL_COLUMNS.findIndex((c) => c.key === key) + 1;
const keyOf = (v: Words, value: string) => v.keyOf(value) ?? (v.keys.includes(value) ? value : undefined);

export const ensurePatrolSheet = (book: ExcelJS.Workbook) => ensureStepSheet(book, PATROL_SHEET, PATROL_COLUMNS);

/** A cell's time as an ISO timestamp in China time: Excel dates carry the wall-clock time, text is read as written. */
function chinaTime(value: ExcelJS.CellValue): string | undefined {
  const v = plainValue(value);
  if (v instanceof Date) return `${v.toISOString().slice(0, 19)}+08:00`;
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?$/.exec(String(v ?? "").trim());
  if (!m) return undefined;
  const two = (s: string | undefined) => (s ?? "0").padStart(2, "0");
  return `${m[1]}-${two(m[2])}-${two(m[3])}T${two(m[4])}:${two(m[5])}:00+08:00`;
}

/** The API body of a row, or why it cannot be sent. */
export function patrolBody(values: Record<string, string>, time: string | undefined): { body: Record<string, unknown> } | { message: string } {
  if (!time) return { message: "「巡查时间」应写成 2026-11-30 09:30 这样的日期和时间" };
  const weather = keyOf(WEATHER, values.weather ?? "");
  if (!weather) return { message: "「天气」须从下拉列表中选择" };
  const observations: Record<string, string> = {};
  for (const [key, label, v] of OBSERVED) {
    if (!values[key]) continue;
    const k = keyOf(v, values[key]!);
    if (!k) return { message: `「${label}」须从下拉列表中选择` };
    observations[key] = k;
  }
  const kind = values.kind ? keyOf(PATROL_KIND, values.kind) : "routine";
  if (!kind) return { message: "「巡查类型」须从下拉列表中选择" };
  return { body: { kind, patrolledAt: time, patroller: values.patroller, weather, observations, ...(values.note ? { note: values.note } : {}) } };
}

export interface PatrolSummary {
  sent: number;
  done: number;
  refused: number;
}

/** Sends every row not yet 已办理; one refusal does not stop the next row. */
export async function runPatrols(caller: Caller, ids: Map<string, string>, sheet: ExcelJS.Worksheet): Promise<PatrolSummary> {
  const summary: PatrolSummary = { sent: 0, done: 0, refused: 0 };
  const rows: { row: number; values: Record<string, string>; time?: string }[] = [];
  sheet.eachRow((row, number) => {
    if (number < 2) return;
    const values = Object.fromEntries(PATROL_COLUMNS.map((c, i) => [c.key, text(row.getCell(i + 1).value)]));
    if (values.tempId && values.result !== DONE) rows.push({ row: number, values, time: chinaTime(row.getCell(col("patrolledAt")).value) });
  });
  for (const { row, values, time } of rows) {
    summary.sent++;
    let outcome: { done: boolean; found?: string; message?: string };
    const id = ids.get(values.tempId!);
    const made = patrolBody(values, time);
    if (!id) outcome = { done: false, message: `临时编号「${values.tempId}」不在「排污口台账」中：请核对编号，或先拉取台账` };
    else if ("message" in made) outcome = { done: false, message: made.message };
    else {
      const key = `wb-patrol-${createHash("sha256").update(JSON.stringify([id, made.body])).digest("hex").slice(0, 40)}`;
      try {
        const reply = await request(caller, "POST", `/v1/outfalls/${encodeURIComponent(id)}/patrols`, made.body, { "idempotency-key": key });
        outcome =
          reply.status === 200 || reply.status === 201
            ? { done: true, found: (reply.body.problemsFound as string[]).map((p) => PROBLEM.label(p as never)).join("、") + (reply.body.reopened ? "（已重新打开）" : "") }
            : { done: false, message: `${refusal(reply.body, reply.status).rule ?? ""} ${refusal(reply.body, reply.status).message ?? ""}`.trim() };
      } catch (error) {
        outcome = { done: false, message: `发送失败：${error instanceof Error ? error.message : String(error)}（请稍后再推送）` };
      }
    }
    const cells = sheet.getRow(row);
    setServerValue(cells.getCell(col("result")), outcome.done ? DONE : REFUSED, () => true);
    setServerValue(cells.getCell(col("found")), outcome.found ?? "", () => true);
    setServerValue(cells.getCell(col("message")), outcome.message ?? "", () => true);
    restyle(cells.getCell(col("result")), { fill: { type: "pattern", pattern: "solid", fgColor: { argb: outcome.done ? "FFD9EAD3" : "FFF4CCCC" } } });
    if (outcome.done) summary.done++;
    else summary.refused++;
  }
  return summary;
}
