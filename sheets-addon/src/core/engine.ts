// The sync engine: settings, pull, push, conflict resolution, dropdown refresh. It runs against the ports of
// ports.ts, so the same code drives Google Sheets (src/gas/) and Excel/WPS workbooks (workbook/). The parts live
// in settings.ts, session.ts, pull.ts, push.ts (push-send.ts, push-writeback.ts) and conflicts.ts; this module
// gathers them and holds the two small commands that fit nowhere else.
import { STATUS_TEXT, statusKind } from "./marks.js";
import type { Env } from "./ports.js";
import { FROZEN_COLUMNS, openSession, placedColumns, withLock } from "./session.js";
import { TITLE } from "./settings.js";
import { isBlank } from "./text.js";

export * from "./conflicts.js";
export * from "./pull.js";
export * from "./push.js";
export * from "./settings.js";

/** 刷新下拉选项: fetches the reference data again and re-applies headers, choices and protections. */
export function refreshDropdowns(env: Env): { columns: number } {
  return withLock(env, () => {
    const s = openSession(env, { create: true, freshReference: true });
    const placed = placedColumns(s);
    s.ledger.setupColumns(placed, { initial: false, frozenColumns: FROZEN_COLUMNS });
    env.ui.toast("下拉选项已按台账系统的最新参考数据更新", TITLE, 5);
    return { columns: placed.length };
  });
}

/** onEdit (a simple trigger, no network): marks edited data rows 待推送. */
export function markEdited(
  header: { labels: unknown[]; notes: string[] },
  edited: { firstRow: number; rows: unknown[][]; firstColumn: number; columns: number },
): { column: number; values: string[] } | undefined {
  const find = (key: string) => header.notes.findIndex((n) => new RegExp(`^字段：${key}(\\s|$)`).test(n ?? ""));
  const sync = find("_sync");
  const id = find("_id");
  if (sync < 0) return undefined;
  const onlySync = edited.columns === 1 && edited.firstColumn - 1 === sync;
  if (onlySync || edited.firstRow < 2) return undefined;
  const values = edited.rows.map((r) => {
    const current = String(r[sync] ?? "");
    if (statusKind(current) === "conflict") return current;
    return id >= 0 && !isBlank(r[id]) ? STATUS_TEXT.pendingEdit : STATUS_TEXT.pendingNew;
  });
  return { column: sync + 1, values };
}
