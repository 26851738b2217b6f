// Conflicts: the 冲突 sheet, the selection, and 采用服务器版本 / 保留我的修改.
import { VERSION_KEY } from "./columns.js";
import { COLOURS, STATUS_TEXT } from "./marks.js";
import { type ConflictEntry, type RowPlan, recordPlan, statusPlan } from "./plan.js";
import type { Env } from "./ports.js";
import { type PushSummary, push } from "./push.js";
import { analyse, openSession, updateSummary, where, withLock, writeConflicts, writePlans } from "./session.js";
import { TITLE, UserError, hints, messageOf } from "./settings.js";
import { CONFLICT_SHEET, LEDGER_SHEET, decodeConflicts, mergeConflicts } from "./tables.js";
import type { ServerRecord } from "./types.js";

export type ConflictView = Omit<ConflictEntry, "record">;

export function listConflicts(env: Env): ConflictView[] {
  return decodeConflicts(env.workbook.readTable(CONFLICT_SHEET)).map(({ record: _record, ...rest }) => rest);
}

/** Ids of the outfalls selected in the ledger or in the 冲突 sheet. */
export function selectedIds(env: Env): string[] {
  const selection = env.workbook.selection();
  if (selection.sheet === CONFLICT_SHEET) {
    const rows = env.workbook.readTable(CONFLICT_SHEET);
    return unique(selection.rows.filter((r) => r >= 2).map((r) => String(rows[r - 1]?.[10] ?? "").trim()));
  }
  if (selection.sheet === LEDGER_SHEET) {
    const ledger = env.workbook.ledger(false);
    if (!ledger) return [];
    const header = ledger.readHeader();
    const idColumn = header.notes.findIndex((n) => /^字段：_id\b/.test(n ?? ""));
    if (idColumn < 0) return [];
    const grid = ledger.read(idColumn + 1);
    return unique(selection.rows.map((r) => String(grid.values[r - grid.firstRow]?.[idColumn] ?? "").trim()));
  }
  return [];
}

const unique = (ids: string[]) => ids.filter((id, i) => id && ids.indexOf(id) === i);

export interface ResolveSummary {
  resolved: number;
  missing: string[];
  push?: PushSummary;
  message: string;
}

/** 采用服务器版本 (theirs: the row gets the server's current record) or 保留我的修改 (mine: the row is based
 *  on the server's current version and pushed again, so only the fields the clerk changed overwrite). */
export function resolveConflicts(env: Env, ids: string[], choice: "theirs" | "mine"): ResolveSummary {
  if (!ids.length) throw new UserError(`请先选中要处理的冲突行（在台账或「冲突」表中），或${hints(env).conflicts}`);
  const s = openSession(env, { create: false });
  const outcomes = s.api.send(ids.map((id) => s.api.request("get", `/v1/outfalls/${encodeURIComponent(id)}`)));
  const fresh = new Map<string, ServerRecord>();
  const problems: string[] = [];
  outcomes.forEach((o, i) => {
    try {
      fresh.set(ids[i]!, s.api.json<ServerRecord>(o));
    } catch (error) {
      problems.push(`${ids[i]}：${messageOf(error)}`);
    }
  });
  const summary = withLock(env, (): ResolveSummary => {
    const grid = s.ledger.read(s.width);
    const analysis = analyse(s, grid);
    const w = where(s, grid);
    const plans: RowPlan[] = [];
    const missing: string[] = [];
    const done = new Set<string>();
    for (const [id, record] of fresh) {
      const a = analysis.find((x) => (x.kind === "clean" || x.kind === "changed" || x.kind === "broken") && x.id === id);
      if (!a) {
        missing.push(id);
        continue;
      }
      if (choice === "theirs") plans.push(recordPlan(w, a.row, record, STATUS_TEXT.tookTheirs(record.version)));
      else {
        const plan = statusPlan(w, a.row, STATUS_TEXT.pendingEdit, COLOURS.pending);
        plan.set[VERSION_KEY] = record.version;
        plans.push(plan);
      }
      done.add(id);
    }
    writePlans(s, grid, plans);
    const existing = decodeConflicts(env.workbook.readTable(CONFLICT_SHEET));
    if (existing.some((e) => done.has(e.id))) writeConflicts(env, mergeConflicts(existing, [], done));
    if (choice === "theirs") updateSummary(s);
    return { resolved: done.size, missing, message: "" };
  });
  if (choice === "mine" && summary.resolved) {
    summary.push = push(env, { ids: ids.filter((id) => fresh.has(id) && !summary.missing.includes(id)), full: true });
  }
  summary.message = [
    choice === "theirs" ? `已采用服务器版本：${summary.resolved} 条` : `已按服务器最新版本重新推送我的修改：${summary.resolved} 条`,
    ...(summary.missing.length ? [`${summary.missing.length} 条在台账中找不到`] : []),
    ...problems,
  ].join("；");
  env.ui.toast(summary.message, TITLE, 10);
  return summary;
}
