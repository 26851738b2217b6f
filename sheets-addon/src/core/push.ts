// 推送修改 / 推送选中行: stale marks cleared, new and changed rows sent (push-send.ts), the answers written back
// in one go (push-writeback.ts), and one closing summary whose counts add up to the rows sent.
import { type Layout, SYNC_KEY } from "./columns.js";
import { COLOURS, STATUS_TEXT, statusKind } from "./marks.js";
import { type RowPlan, clearedPlan, statusPlan } from "./plan.js";
import type { Env } from "./ports.js";
import { sendRows } from "./push-send.js";
import { type Sent, type WriteBackCounts, writeBack } from "./push-writeback.js";
import { type RowAnalysis, cellAccessor } from "./rows.js";
import { analyse, openSession, syncedIdsKey, updateSummary, where, withLock, writePlans } from "./session.js";
import { TITLE, tuning } from "./settings.js";
import type { BatchRow } from "./types.js";

export interface PushSummary extends WriteBackCounts {
  /** Rows sent. */
  rows: number;
  /** HTTP requests made for the batches (retries included). */
  requests: number;
  chunks: { rows: number; bytes: number; attempts: number }[];
  message: string;
  /** Cells the shared normalizer rewrote before sending (DMS coordinates, full-width, phones …), by sheet row. */
  normalized: { row: number; field: string; label: string; rule: string; original: string; value: string; message: string }[];
}

/** `rows` or `ids` restrict the push. */
/** `full`: answers with whole records — for rows whose cells may lag behind the version they are sent on
 *  (保留我的修改 moves a row to the server's version without its content), where the lean answer's changes
 *  would not be enough to bring the row up to date. */
export function push(env: Env, options: { rows?: number[]; ids?: string[]; full?: boolean } = {}): PushSummary {
  return withLock(env, () => {
    const s = openSession(env, { create: false });
    const t = tuning(env);
    const started = env.clock.now();
    const grid = s.ledger.read(s.width);
    const analysis = analyse(s, grid);
    const wanted = (a: RowAnalysis) =>
      (!options.rows || options.rows.includes(a.row)) && (!options.ids || ("id" in a && options.ids.includes(a.id)));
    const w0 = where(s, grid);
    const housekeeping: RowPlan[] = [];
    for (const a of analysis) {
      if (!wanted(a)) continue;
      const sync = String(cellAccessor(grid, s.positions, a.row - grid.firstRow)(SYNC_KEY)?.value ?? "");
      // A clean row (edits undone, or a wrong value put back) loses its stale status and marks.
      const kind = statusKind(sync);
      if (a.kind === "clean" && (kind === "pending" || kind === "invalid" || kind === "forbidden" || kind === "failed")) {
        housekeeping.push(clearedPlan(w0, a.row, STATUS_TEXT.reverted));
      }
      if (a.kind === "duplicate") housekeeping.push(statusPlan(w0, a.row, STATUS_TEXT.duplicate(a.of), null));
      if (a.kind === "broken") housekeeping.push(statusPlan(w0, a.row, STATUS_TEXT.broken(a.message), COLOURS.invalid));
    }
    const sent = analysis.filter((a): a is Sent => (a.kind === "new" || a.kind === "changed") && wanted(a));
    const summary: PushSummary = {
      rows: sent.length,
      created: 0,
      saved: 0,
      unchanged: 0,
      invalid: 0,
      conflict: 0,
      forbidden: 0,
      failed: 0,
      notSent: 0,
      lost: 0,
      requests: 0,
      chunks: [],
      message: "",
      normalized: normalizedCells(s.layout, sent),
    };
    if (!sent.length) {
      writePlans(s, grid, housekeeping);
      updateSummary(s);
      summary.message = "没有需要推送的修改";
      env.ui.toast(summary.message, TITLE, 5);
      return summary;
    }

    const batchRows: BatchRow[] = sent.map((a) => ({
      ...(a.kind === "changed" ? { id: a.id, expectedVersion: a.version } : {}),
      clientRef: String(a.row),
      values: a.values,
    }));
    const sheetRows = new Map<string, { row: number; tempId: string }>();
    grid.values.forEach((_, i) => {
      const cell = cellAccessor(grid, s.positions, i);
      const id = String(cell("_id")?.value ?? "").trim();
      if (id && !sheetRows.has(id)) sheetRows.set(id, { row: grid.firstRow + i, tempId: String(cell("tempId")?.value ?? "").trim() });
    });
    const answers = sendRows(env, s, t, batchRows, started, (id) => sheetRows.get(id), options.full === true);
    summary.requests = answers.requests;
    summary.chunks = answers.chunks;
    writeBack(env, s, sent, housekeeping, answers, summary);
    updateSummary(s);
    // Rows created here count as synced; rows deleted since the pull still show as missing next time.
    const synced = env.documentSettings.get(syncedIdsKey(s));
    if (synced !== null && summary.created) env.documentSettings.set(syncedIdsKey(s), String(Number(synced) + summary.created));
    summary.message = closingMessage(summary);
    env.ui.toast(summary.message, TITLE, 15);
    if (summary.normalized.length) env.ui.alert(normalizedMessage(summary.normalized), "推送前已规范的单元格");
    if (summary.invalid || summary.conflict || summary.forbidden || summary.failed || summary.notSent || summary.lost) {
      env.ui.alert(summary.message, "推送结果");
    }
    return summary;
  });
}

/** What the shared normalizer changed in the rows sent (for changed rows, only in the fields sent). */
function normalizedCells(layout: Layout, sent: Sent[]): PushSummary["normalized"] {
  return sent.flatMap((a) =>
    a.read.normalized
      .filter((n) => a.kind === "new" || a.changed.some((f) => n.field === f || n.field.startsWith(`${f}.`) || n.field.startsWith(`${f}[`)))
      .map((n) => ({ row: a.row, label: layout.byKey.get(n.field)?.label ?? n.field, ...n })),
  );
}

export function normalizedMessage(cells: PushSummary["normalized"]): string {
  const lines = cells.slice(0, 20).map((n) => `第 ${n.row} 行「${n.label}」：${n.original.replace(/\r?\n/g, "⏎")} → ${n.value}（${n.message}）`);
  if (cells.length > 20) lines.push(`……另有 ${cells.length - 20} 处`);
  return `推送前已自动规范 ${cells.length} 处（原值见下）：\n${lines.join("\n")}`;
}

export function closingMessage(s: PushSummary): string {
  const parts = [`推送完成：共 ${s.rows} 行`, `新增 ${s.created}`, `保存 ${s.saved}`, `无变化 ${s.unchanged}`];
  if (s.invalid) parts.push(`有误 ${s.invalid}（已标红并加批注）`);
  if (s.conflict) parts.push(`冲突 ${s.conflict}（见「冲突」表，请选择采用服务器版本或保留我的修改）`);
  if (s.forbidden) parts.push(`无权修改 ${s.forbidden}`);
  if (s.failed) parts.push(`发送失败 ${s.failed}（请稍后再推送）`);
  if (s.notSent) parts.push(`未发送 ${s.notSent}（时间已到，请再推送一次）`);
  if (s.lost) parts.push(`${s.lost} 行推送后在表格中找不到了（已被删除或改动），下次拉取会补回`);
  return parts.join("，");
}
