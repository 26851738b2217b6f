// Supervision from the spreadsheet (督导, issue 19): the 巡查记录 sheet (one patrol a row, dropdowns from the
// API's patrol lists, each row sent once with an idempotency key kept in a hidden column), the 督导交办 sheet
// (the subdistrict's assigned tasks, answered once), and the 超期未监测 list for departments.
import { cardApi } from "./card-session.js";
import { hash106 } from "./hash.js";
import { type Outcome, describeFailure } from "./http.js";
import type { Env } from "./ports.js";
import { TITLE, UserError } from "./settings.js";
import { LEDGER_SHEET } from "./tables.js";
import { trimReference } from "./reference.js";
import type { Option } from "./types.js";

export const PATROL_SHEET = "巡查记录";
export const TASK_SHEET = "督导交办";
export const MONITORING_SHEET = "超期未监测";

const DONE = "已记录";
const ANSWERED = "已反馈";
const REFUSED = "未通过";

/** The 巡查记录 columns: header, the API's body field (observations.* for what was seen), its vocabulary. */
const PATROL_COLUMNS = [
  { label: "临时编号", width: 120 },
  { label: "巡查时间", field: "patrolledAt", width: 140 },
  { label: "巡查人", field: "patroller", width: 90 },
  { label: "巡查类型", field: "kind", vocabulary: "patrolKind", width: 100 },
  { label: "天气", field: "weather", vocabulary: "patrolWeather", width: 130 },
  { label: "出水情况", field: "observations.flow", vocabulary: "patrolFlow", width: 100 },
  { label: "颜色", field: "observations.colour", vocabulary: "patrolColour", width: 120 },
  { label: "浑浊度", field: "observations.turbidity", vocabulary: "patrolTurbidity", width: 80 },
  { label: "气味", field: "observations.odour", vocabulary: "patrolOdour", width: 130 },
  { label: "油膜", field: "observations.oilFilm", vocabulary: "patrolOilFilm", width: 80 },
  { label: "漂浮物", field: "observations.floatables", vocabulary: "patrolFloatables", width: 110 },
  { label: "淤积", field: "observations.deposits", vocabulary: "patrolDeposits", width: 110 },
  { label: "设施破损", field: "observations.damage", vocabulary: "patrolDamage", width: 100 },
  { label: "标识牌状况", field: "observations.signboard", vocabulary: "patrolSignboard", width: 150 },
  { label: "说明", field: "note", width: 200 },
  { label: "结果", width: 70 },
  { label: "发现问题", width: 150 },
  { label: "提示", width: 320 },
  { label: "幂等键" },
] as const;
type PatrolLabel = (typeof PATROL_COLUMNS)[number]["label"];
export const PATROL_HEADER: string[] = PATROL_COLUMNS.map((c) => c.label);
const pcol = (label: PatrolLabel) => PATROL_HEADER.indexOf(label);

export const TASK_HEADER = ["事项编号", "交办事项", "发现的问题", "办理期限", "状态", "反馈内容", "佐证", "结果", "提示"] as const;
const tcol = (label: (typeof TASK_HEADER)[number]) => TASK_HEADER.indexOf(label);

const text = (v: unknown) => (v === null || v === undefined ? "" : v instanceof Date ? v.toISOString() : String(v).trim());

/** The patrol lists of GET /v1/reference (labels, the dropdowns' values). */
function patrolLists(env: Env): Record<string, Option[]> {
  const api = cardApi(env);
  return trimReference(api.reference()).vocabularies;
}

function readTable(env: Env, name: string, header: readonly string[]): unknown[][] {
  const table = env.workbook.readTable(name);
  if (!table.length) return [[...header]];
  return table.map((r) => header.map((_, i) => (r as unknown[])[i] ?? ""));
}

function writePatrols(env: Env, rows: unknown[][], lists: Record<string, Option[]>) {
  const dropdowns: Record<number, string[]> = {};
  PATROL_COLUMNS.forEach((c, i) => {
    if ("vocabulary" in c) dropdowns[i + 1] = (lists[c.vocabulary] ?? []).map((o) => o.label);
  });
  env.workbook.writeTable(PATROL_SHEET, rows, {
    hiddenColumns: [pcol("幂等键") + 1],
    widths: PATROL_COLUMNS.map((c) => ("width" in c ? c.width : 60)),
    dropdowns,
  });
}

/** 巡查记录：打开记录表 — the sheet (created with its dropdowns; rows already typed are kept). */
export function openPatrolSheet(env: Env): { rows: number } {
  const rows = readTable(env, PATROL_SHEET, PATROL_HEADER);
  writePatrols(env, rows, patrolLists(env));
  env.workbook.activate(PATROL_SHEET);
  env.ui.toast("每行一次巡查：填写临时编号、巡查时间（如 2026-11-30 09:30）、巡查人和所见情况后点「巡查记录：推送」", TITLE, 8);
  return { rows: rows.length - 1 };
}

/** A 巡查时间 cell as an ISO time in China time (a date cell carries the wall-clock time). */
function chinaTime(v: unknown): string | undefined {
  if (v instanceof Date) {
    const shifted = new Date(v.getTime() - v.getTimezoneOffset() * 60_000);
    return `${shifted.toISOString().slice(0, 16)}:00+08:00`;
  }
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:：](\d{2}))?$/.exec(text(v));
  if (!m) return undefined;
  const two = (s: string | undefined) => (s ?? "0").padStart(2, "0");
  return `${m[1]}-${two(m[2])}-${two(m[3])}T${two(m[4])}:${two(m[5])}:00+08:00`;
}

/** The ledger's 临时编号 → 系统编号 (from the hidden id column). */
function idsByTempId(env: Env): Map<string, string> {
  const table = env.workbook.readTable(LEDGER_SHEET);
  const header = (table[0] ?? []).map(text);
  const temp = header.indexOf("临时编号");
  const id = header.indexOf("系统编号");
  const out = new Map<string, string>();
  if (temp < 0 || id < 0) return out;
  for (const r of table.slice(1)) if (text(r[temp]) && text(r[id])) out.set(text(r[temp]), text(r[id]));
  return out;
}

/** The patrol body of a row: labels sent as typed (the API turns them into keys, or says which is wrong). */
function patrolBody(row: unknown[]): Record<string, unknown> {
  const body: Record<string, unknown> = { kind: "日常巡查" };
  const observations: Record<string, string> = {};
  for (const c of PATROL_COLUMNS) {
    if (!("field" in c)) continue;
    const value = c.field === "patrolledAt" ? (chinaTime(row[pcol(c.label)]) ?? text(row[pcol(c.label)])) : text(row[pcol(c.label)]);
    if (!value) continue;
    if (c.field.startsWith("observations.")) observations[c.field.slice(13)] = value;
    else body[c.field] = value;
  }
  body.observations = observations;
  return body;
}

function refusalText(outcome: Outcome, baseUrl: string): string {
  if ("response" in outcome && outcome.response.status >= 400 && outcome.response.status < 500) {
    try {
      const problem = JSON.parse(outcome.response.body) as { detail?: string; errors?: { field: string; rule: string; message: string }[] };
      if (problem.errors?.length) return problem.errors.map((e) => `【${e.rule}】${e.message}`).join("；");
      if (problem.detail) return problem.detail;
    } catch {
      // not a problem document
    }
  }
  return describeFailure(outcome, baseUrl).message;
}

export interface SupervisionSummary {
  sent: number;
  done: number;
  refused: number;
}

/** 巡查记录：推送 — every row with a 临时编号 not yet 已记录. Each row's idempotency key is written into the
 *  hidden column before it is sent, so the row is recorded once however often it is pushed (the API answers
 *  a repeated key with the first patrol). */
export function pushPatrols(env: Env): SupervisionSummary {
  const rows = readTable(env, PATROL_SHEET, PATROL_HEADER);
  const pending = rows.slice(1).filter((r) => text(r[pcol("临时编号")]) && text(r[pcol("结果")]) !== DONE);
  if (!pending.length) throw new UserError(`「${PATROL_SHEET}」表中没有待推送的巡查：请填写临时编号等各列后再推送`);
  const lists = patrolLists(env);
  const problem = new Map((lists.problem ?? []).map((o) => [String(o.key), o.label]));
  // Keys first: a push cut off after sending finds them and sends the same keys again.
  let keyed = false;
  pending.forEach((r, n) => {
    if (text(r[pcol("幂等键")])) return;
    r[pcol("幂等键")] = `sheet-patrol-${hash106(`${env.workbook.id}|${env.clock.now()}|${n}|${JSON.stringify(r)}`)}`;
    keyed = true;
  });
  if (keyed) writePatrols(env, rows, lists);
  const ids = idsByTempId(env);
  const api = cardApi(env);
  const summary: SupervisionSummary = { sent: 0, done: 0, refused: 0 };
  for (const r of pending) {
    summary.sent++;
    const tempId = text(r[pcol("临时编号")]);
    const id = ids.get(tempId);
    let ok = false;
    let message = "";
    let found = "";
    if (!id) message = `临时编号「${tempId}」不在「${LEDGER_SHEET}」中：请核对编号，或先拉取本街道台账`;
    else {
      const [outcome] = api.send([api.request("post", `/v1/outfalls/${encodeURIComponent(id)}/patrols`, JSON.stringify(patrolBody(r)), { "Idempotency-Key": text(r[pcol("幂等键")]) })]);
      if (outcome && "response" in outcome && outcome.response.status < 300) {
        const patrol = JSON.parse(outcome.response.body) as { problemsFound?: string[]; reopened?: boolean };
        ok = true;
        found = (patrol.problemsFound ?? []).map((p) => problem.get(p) ?? p).join("、") + (patrol.reopened ? "（排污口已重新打开）" : "");
      } else message = refusalText(outcome!, api.baseUrl);
    }
    r[pcol("结果")] = ok ? DONE : REFUSED;
    r[pcol("发现问题")] = found;
    r[pcol("提示")] = message;
    if (ok) summary.done++;
    else summary.refused++;
  }
  writePatrols(env, rows, lists);
  env.ui.toast(`巡查记录 ${summary.sent} 条：已记录 ${summary.done}${summary.refused ? `，未通过 ${summary.refused}（见「提示」列）` : ""}`, TITLE, 5);
  return summary;
}

interface TaskItem {
  id: string;
  title: string;
  finding: string;
  deadline: string;
  status: string;
  statusLabel?: string;
  overdue?: boolean;
  version: number;
}

const TASK_STATUS: Record<string, string> = { assigned: "已交办", answered: "已反馈（待审核）", accepted: "已办结", returned: "已退回（重新办理）" };

/** 督导交办：拉取 — the caller's assigned tasks; typed answers of tasks already listed are kept. */
export function pullTasks(env: Env): { count: number } {
  const api = cardApi(env);
  const { items } = api.getJson<{ items: TaskItem[] }>("/v1/tasks", { limit: "500" });
  const old = new Map(readTable(env, TASK_SHEET, TASK_HEADER).slice(1).map((r) => [text(r[tcol("事项编号")]), r]));
  const rows = items.map((t) => {
    const kept = old.get(t.id);
    const answered = t.status === "answered" || t.status === "accepted";
    return [
      t.id,
      t.title,
      t.finding,
      t.deadline,
      `${t.statusLabel ?? TASK_STATUS[t.status] ?? t.status}${t.overdue ? "（已逾期）" : ""}`,
      kept?.[tcol("反馈内容")] ?? "",
      kept?.[tcol("佐证")] ?? "",
      answered ? ANSWERED : t.status === "returned" ? "" : (kept?.[tcol("结果")] ?? ""),
      kept?.[tcol("提示")] ?? "",
    ];
  });
  env.workbook.writeTable(TASK_SHEET, [[...TASK_HEADER], ...rows], { widths: [200, 180, 280, 100, 110, 300, 200, 70, 300] });
  env.workbook.activate(TASK_SHEET);
  env.ui.toast(items.length ? `督导交办事项 ${items.length} 项：在「反馈内容」填写办理情况后点「督导交办：发送反馈」` : "没有交办给您的督导事项", TITLE, 6);
  return { count: items.length };
}

/** 督导交办：发送反馈 — each row with a 反馈内容 not yet 已反馈, against the task's current version (a second
 *  send meets a task that has moved on and is refused: never answered twice). */
export function answerTasks(env: Env): SupervisionSummary {
  const rows = readTable(env, TASK_SHEET, TASK_HEADER);
  const api = cardApi(env);
  const summary: SupervisionSummary = { sent: 0, done: 0, refused: 0 };
  for (const r of rows.slice(1)) {
    const id = text(r[tcol("事项编号")]);
    const answer = text(r[tcol("反馈内容")]);
    if (!id || !answer || text(r[tcol("结果")]) === ANSWERED) continue;
    summary.sent++;
    const path = `/v1/tasks/${encodeURIComponent(id)}`;
    const [fresh] = api.send([api.request("get", path)]);
    let outcome = fresh!;
    if ("response" in outcome && outcome.response.status === 200) {
      const task = JSON.parse(outcome.response.body) as TaskItem;
      const evidence = text(r[tcol("佐证")])
        .split(/[;；\n]/)
        .map((s) => s.trim())
        .filter(Boolean);
      [outcome] = api.send([api.request("post", `${path}/answer`, JSON.stringify({ expectedVersion: task.version, answer, evidence }))]) as [Outcome];
    }
    if ("response" in outcome && outcome.response.status < 300) {
      const task = JSON.parse(outcome.response.body) as TaskItem;
      r[tcol("状态")] = task.statusLabel ?? TASK_STATUS[task.status] ?? task.status;
      r[tcol("结果")] = ANSWERED;
      r[tcol("提示")] = "";
      summary.done++;
    } else {
      r[tcol("结果")] = REFUSED;
      r[tcol("提示")] = refusalText(outcome, api.baseUrl);
      summary.refused++;
    }
  }
  if (!summary.sent) throw new UserError(`「${TASK_SHEET}」表中没有待发送的反馈：请先拉取交办事项，在「反馈内容」列填写后再发送`);
  env.workbook.writeTable(TASK_SHEET, rows, { widths: [200, 180, 280, 100, 110, 300, 200, 70, 300] });
  env.ui.toast(`交办反馈 ${summary.sent} 项：已反馈 ${summary.done}${summary.refused ? `，未通过 ${summary.refused}（见「提示」列）` : ""}`, TITLE, 5);
  return summary;
}

/** 超期未监测排污口 (GET /v1/lists/monitoring-overdue) into its own sheet, for the departments that sample. */
export function pullMonitoringOverdue(env: Env): { count: number } {
  const api = cardApi(env);
  const list = api.getJson<{ title: string; columns: { key: string; label: string }[]; rows: Record<string, unknown>[] }>("/v1/lists/monitoring-overdue");
  const rows = [list.columns.map((c) => c.label), ...list.rows.map((item) => list.columns.map((c) => text(item[c.key])))];
  env.workbook.writeTable(MONITORING_SHEET, rows);
  env.workbook.activate(MONITORING_SHEET);
  env.ui.toast(list.rows.length ? `${list.title}：${list.rows.length} 个排污口超过监测计划频次未监测` : "没有超期未监测的排污口", TITLE, 6);
  return { count: list.rows.length };
}
