// 拉取本街道台账: pages of records from the API merged into the sheet, never overwriting unpushed edits.
import { hash53 } from "./hash.js";
import { planPull } from "./plan.js";
import type { Env } from "./ports.js";
import { analyse, openSession, syncedIds, syncedIdsKey, updateSummary, where, withLock, writePlans } from "./session.js";
import { TITLE, UserError, hints, tuning } from "./settings.js";
import type { ServerRecord } from "./types.js";

export interface PullSummary {
  incremental: boolean;
  /** Rows had been deleted in the sheet, so everything was pulled to restore them. */
  restoredDeleted: boolean;
  received: number;
  added: number;
  updated: number;
  kept: number;
  unchanged: number;
  pages: number;
  serverTime: string;
}

/** 拉取本街道台账: everything the first time (or when `full`), afterwards only what changed since the last
 *  pull, with a few minutes of overlap. Local edits not yet pushed are never overwritten. */
export function pull(env: Env, options: { full?: boolean } = {}): PullSummary {
  return withLock(env, () => {
    const s = openSession(env, { create: true });
    if (!s.subdistrict) throw new UserError(`您的账号没有绑定街道：${hints(env).subdistrict}`);
    const t = tuning(env);
    const key = `LAST_PULL:${s.ledger.sheetId}:${s.subdistrict}:${hash53(s.api.baseUrl)}`;
    const last = env.documentSettings.get(key);
    // Rows deleted in the sheet since the last sync are brought back by listing everything.
    const before = Number(env.documentSettings.get(syncedIdsKey(s)) ?? 0);
    const rowsDeleted = !!last && !options.full && syncedIds(analyse(s, s.ledger.read(s.width))) < before;
    const updatedSince = !options.full && !rowsDeleted && last ? new Date(Date.parse(last) - t.overlapMs).toISOString() : undefined;
    const records: ServerRecord[] = [];
    let cursor: string | undefined;
    let serverTime = "";
    let pages = 0;
    do {
      const page = s.api.listPage({
        ...(s.me.subdistrict ? {} : { subdistrict: s.subdistrict }),
        ...(updatedSince ? { updatedSince } : {}),
        ...(cursor ? { cursor } : {}),
        limit: t.pageSize,
        ...(env.nextSteps ? { include: "actions" as const } : {}),
      });
      pages++;
      serverTime ||= page.serverTime;
      records.push(...page.items);
      cursor = page.nextCursor;
      if (cursor) env.ui.toast(`正在拉取：已收到 ${records.length} 条…`, TITLE, 5);
    } while (cursor);

    const grid = s.ledger.read(s.width);
    const analysis = analyse(s, grid);
    const planned = planPull(where(s, grid), analysis, records, { full: !updatedSince });
    writePlans(s, grid, planned.plans);
    env.documentSettings.set(key, serverTime);
    env.documentSettings.set(syncedIdsKey(s), String(updateSummary(s)));
    const summary: PullSummary = {
      incremental: !!updatedSince,
      restoredDeleted: rowsDeleted,
      received: records.length,
      added: planned.added,
      updated: planned.updated,
      kept: planned.kept,
      unchanged: planned.unchanged,
      pages,
      serverTime,
    };
    env.ui.toast(
      `${rowsDeleted ? "发现表中有行被删除（服务器上的记录不会因此删除），已全部重新拉取以恢复。" : ""}${updatedSince ? "增量" : "全部"}拉取完成：新增 ${summary.added} 行，更新 ${summary.updated} 行${summary.kept ? `，${summary.kept} 行有未推送的修改且服务器已更新（见同步状态）` : ""}`,
      TITLE,
      10,
    );
    return summary;
  });
}
