// The sync engine: settings, pull, push, conflict resolution, dropdown refresh. It runs against the ports of
// ports.ts, so the same code drives Google Sheets (src/gas/) and, later, Excel/WPS workbooks.
import { type Chunk, DEFAULT_LIMITS, chunkRows, splitChunk } from "./chunk.js";
import { type Layout, SYNC_KEY, VERSION_KEY, buildLayout, locateColumns } from "./columns.js";
import { type CellContext, readFields } from "./convert.js";
import { hash53 } from "./hash.js";
import { Api, ApiError, DEFAULT_RETRY, describeFailure } from "./http.js";
import { COLOURS, STATUS_TEXT, statusKind } from "./marks.js";
import { type ConflictEntry, type Located, type RowPlan, type Where, clearedPlan, planPull, recordPlan, resultPlan, statusPlan } from "./plan.js";
import type { Env, LedgerPort, PlacedColumn, Tuning } from "./ports.js";
import { trimReference } from "./reference.js";
import { type Grid, type RowAnalysis, analyseRows, cellAccessor, rowHash } from "./rows.js";
import { CONFLICT_HIDDEN, CONFLICT_SHEET, CONFLICT_WIDTHS, LEDGER_SHEET, SUMMARY_SHEET, decodeConflicts, encodeConflicts, mergeConflicts, summaryTable } from "./tables.js";
import { formatChinaTime, isBlank } from "./text.js";
import { compileWrites } from "./writes.js";
import type { BatchResponse, BatchRow, Me, Reference, RowResult, ServerRecord } from "./types.js";

/** A problem the clerk can fix, said in Chinese (shown as it is, without a stack trace). */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }
}

export const SETTING_API_URL = "API_BASE_URL";
export const SETTING_SUBDISTRICT = "SUBDISTRICT";
const FROZEN_COLUMNS = 3;
const REFERENCE_TTL = 6 * 3600;
const ME_TTL = 600;

export const DEFAULT_TUNING: Tuning = {
  limits: DEFAULT_LIMITS,
  retry: DEFAULT_RETRY,
  parallel: 3,
  timeBudgetMs: 4 * 60_000,
  pageSize: 200,
  overlapMs: 5 * 60_000,
};

const tuning = (env: Env): Tuning => ({ ...DEFAULT_TUNING, ...(env.tuning ?? {}) });
const TITLE = "排污口";

// ------------------------------------------------------------------------------------------------
// Settings
// ------------------------------------------------------------------------------------------------

/** `https://…` (or `http://localhost…` / `http://127.0.0.1…` for a local stack), without a trailing slash. */
export function normalizeApiUrl(input: string): string {
  const url = input.trim().replace(/\/+$/, "");
  const https = /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[\w.~/-]*)?$/;
  const local = /^http:\/\/(localhost|127\.0\.0\.1)(:\d{1,5})?(\/[\w.~/-]*)?$/;
  if (!https.test(url) && !local.test(url)) {
    throw new UserError("接口地址应以 https:// 开头，例如 https://abc123.execute-api.ap-east-1.amazonaws.com（向管理员索取）");
  }
  return url;
}

function apiUrlOf(env: Env): { url: string; source: "document" | "script" | "none" } {
  const doc = env.documentSettings.get(SETTING_API_URL);
  if (doc) return { url: doc, source: "document" };
  const script = env.scriptSettings.get(SETTING_API_URL);
  if (script) return { url: script, source: "script" };
  return { url: "", source: "none" };
}

function apiFor(env: Env, url: string): Api {
  return new Api({ baseUrl: url, token: () => env.identityToken(), http: env.http, clock: env.clock, retry: tuning(env).retry });
}

function requireApi(env: Env): Api {
  const { url } = apiUrlOf(env);
  if (!url) throw new UserError("还没有设置台账接口地址：请打开「排污口 → 设置」填写（向管理员索取）");
  return apiFor(env, url);
}

function cachedJson<T>(cache: Env["cache"], key: string, ttl: number, load: () => T, fresh = false): T {
  if (!fresh) {
    const hit = cache.get(key);
    if (hit) {
      try {
        return JSON.parse(hit) as T;
      } catch {
        cache.remove(key);
      }
    }
  }
  const value = load();
  try {
    cache.put(key, JSON.stringify(value), ttl);
  } catch {
    // A value too large for the cache is simply fetched again next time.
  }
  return value;
}

const meKey = (api: Api) => `me:${hash53(api.baseUrl)}`;
const refKey = (api: Api) => `ref:${hash53(api.baseUrl)}`;

function loadMe(env: Env, api: Api, fresh = false): Me {
  return cachedJson(env.userCache, meKey(api), ME_TTL, () => api.me(), fresh);
}

function loadReference(env: Env, api: Api, fresh = false): Reference {
  return cachedJson(env.cache, refKey(api), REFERENCE_TTL, () => trimReference(api.reference()), fresh);
}

export interface SettingsInfo {
  apiUrl: string;
  source: "document" | "script" | "none";
  scriptDefault: string;
  subdistrict: string;
  me?: Me;
  /** Subdistricts to choose from, for users not bound to one. */
  subdistricts?: { key: string; label: string }[];
  error?: string;
}

export function settingsInfo(env: Env): SettingsInfo {
  const { url, source } = apiUrlOf(env);
  const info: SettingsInfo = {
    apiUrl: url,
    source,
    scriptDefault: env.scriptSettings.get(SETTING_API_URL) ?? "",
    subdistrict: env.documentSettings.get(SETTING_SUBDISTRICT) ?? "",
  };
  if (!url) return info;
  try {
    const api = apiFor(env, url);
    info.me = loadMe(env, api, true);
    if (!info.me.subdistrict) {
      info.subdistricts = loadReference(env, api).lists.subdistricts!.map((o) => ({ key: String(o.key), label: o.label }));
    }
  } catch (error) {
    info.error = messageOf(error);
  }
  return info;
}

export function saveSettings(env: Env, form: { apiUrl?: string; subdistrict?: string }): SettingsInfo {
  if (form.apiUrl !== undefined) {
    const before = apiUrlOf(env).url;
    if (form.apiUrl.trim() === "") env.documentSettings.remove(SETTING_API_URL);
    else env.documentSettings.set(SETTING_API_URL, normalizeApiUrl(form.apiUrl));
    if (before) {
      const old = apiFor(env, before);
      env.userCache.remove(meKey(old));
      env.cache.remove(refKey(old));
    }
  }
  if (form.subdistrict !== undefined) {
    if (form.subdistrict) env.documentSettings.set(SETTING_SUBDISTRICT, form.subdistrict);
    else env.documentSettings.remove(SETTING_SUBDISTRICT);
  }
  return settingsInfo(env);
}

export function messageOf(error: unknown): string {
  if (error instanceof UserError || error instanceof ApiError) return error.message;
  return error instanceof Error ? `插件出错：${error.message}` : String(error);
}

// ------------------------------------------------------------------------------------------------
// Opening the ledger
// ------------------------------------------------------------------------------------------------

interface Session {
  env: Env;
  api: Api;
  me: Me;
  layout: Layout;
  ledger: LedgerPort;
  positions: Map<string, number>;
  ctx: CellContext;
  subdistrict?: string;
  width: number;
}

function openSession(env: Env, options: { create: boolean; freshReference?: boolean }): Session {
  const api = requireApi(env);
  const me = loadMe(env, api);
  const subdistrict = me.subdistrict ?? env.documentSettings.get(SETTING_SUBDISTRICT) ?? undefined;
  const ref = loadReference(env, api, options.freshReference);
  const layout = buildLayout(ref, subdistrict ? { subdistrict } : {});
  const ledger = env.workbook.ledger(options.create);
  if (!ledger) throw new UserError(`还没有「${LEDGER_SHEET}」表：请先用「拉取本街道台账」把台账拉进表格`);
  const header = ledger.readHeader();
  const used = header.labels.reduce<number>((last, label, i) => (isBlank(label) ? last : i + 1), 0);
  let positions: Map<string, number>;
  if (used === 0) {
    positions = new Map(layout.columns.map((c, i) => [c.key, i]));
    ledger.setupColumns(
      layout.columns.map((column, index) => ({ index, column })),
      { initial: true, frozenColumns: FROZEN_COLUMNS },
    );
  } else {
    const located = locateColumns(layout, header.labels, header.notes);
    positions = located.positions;
    if (located.missing.length) {
      // A deleted column comes back at the end; its fields were neither compared nor sent meanwhile.
      const added: PlacedColumn[] = located.missing.map((column, i) => ({ index: used + i, column }));
      for (const p of added) positions.set(p.column.key, p.index);
      ledger.setupColumns(added, { initial: false, frozenColumns: FROZEN_COLUMNS });
    }
  }
  const width = Math.max(...positions.values()) + 1;
  return { env, api, me, layout, ledger, positions, ctx: { layout, formatDate: (d) => env.formatDate(d) }, subdistrict, width };
}

function withLock<T>(env: Env, run: () => T): T {
  if (!env.lock.tryLock(30_000)) {
    throw new UserError("其他人（或另一个窗口）正在拉取或推送这个表格，请等它完成后再试");
  }
  try {
    return run();
  } finally {
    env.lock.release();
  }
}

const where = (s: Session, grid: Grid): Where => ({ layout: s.layout, positions: s.positions, grid, ctx: s.ctx });

function analyse(s: Session, grid: Grid): RowAnalysis[] {
  // New rows that leave 属地街道 blank belong to the sheet's subdistrict (the clerk's own).
  return analyseRows(grid, s.positions, s.ctx, s.subdistrict ? { defaultSubdistrict: s.subdistrict } : {});
}

function writePlans(s: Session, grid: Grid, plans: RowPlan[]) {
  if (!plans.length) return;
  const writes = compileWrites(grid, s.positions, plans);
  const capacity = s.ledger.rowCapacity();
  s.ledger.write(writes);
  if (writes.lastRow > capacity) {
    // New rows at the end get the columns' formats and dropdowns.
    s.ledger.setupColumns(placedColumns(s), { initial: false, frozenColumns: FROZEN_COLUMNS });
  }
}

const placedColumns = (s: Session): PlacedColumn[] => s.layout.columns.map((column) => ({ index: s.positions.get(column.key)!, column }));

const syncedIdsKey = (s: Session) => `SYNCED_IDS:${s.ledger.sheetId}`;

/** Distinct outfall ids in the sheet. */
function syncedIds(analysis: RowAnalysis[]): number {
  const ids = new Set<string>();
  for (const a of analysis) if (a.kind === "clean" || a.kind === "changed" || a.kind === "broken") ids.add(a.id);
  return ids.size;
}

/** Returns the distinct ids in the sheet, which pull remembers so that the next pull notices deleted rows. */
function updateSummary(s: Session): number {
  const grid = s.ledger.read(s.width);
  const analysis = analyse(s, grid);
  const rows = analysis
    .filter((a) => a.kind !== "blank")
    .map((a) => {
      const cell = cellAccessor(grid, s.positions, a.row - grid.firstRow);
      return {
        status: String(cell("status")?.value ?? ""),
        sync: String(cell(SYNC_KEY)?.value ?? ""),
        overdue: String(cell("overdue")?.value ?? "") === "是",
        synced: a.kind === "clean" || a.kind === "changed" || a.kind === "broken",
        dirty: a.kind === "changed",
      };
    });
  const subdistrictName = s.me.subdistrictName ?? s.layout.lookups.get("subdistricts")?.labelOf(s.subdistrict ?? "");
  s.env.workbook.writeTable(
    SUMMARY_SHEET,
    summaryTable({
      statuses: s.layout.ref.vocabularies.status ?? [],
      rows,
      now: formatChinaTime(new Date(s.env.clock.now()).toISOString()),
      ...(subdistrictName ? { subdistrictName } : {}),
    }),
    { widths: [180, 100] },
  );
  return syncedIds(analysis);
}

// ------------------------------------------------------------------------------------------------
// Pull
// ------------------------------------------------------------------------------------------------

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
    if (!s.subdistrict) throw new UserError("您的账号没有绑定街道：请在「排污口 → 设置」中选择要拉取的街道");
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

// ------------------------------------------------------------------------------------------------
// Push
// ------------------------------------------------------------------------------------------------

export interface PushSummary {
  /** Rows sent. */
  rows: number;
  created: number;
  saved: number;
  unchanged: number;
  invalid: number;
  conflict: number;
  forbidden: number;
  /** Rows of chunks that failed after retries. */
  failed: number;
  /** Rows not sent because the run's time was up. */
  notSent: number;
  /** Rows whose answer arrived but whose row could not be found again (deleted while pushing). */
  lost: number;
  /** HTTP requests made for the batches (retries included). */
  requests: number;
  chunks: { rows: number; bytes: number; attempts: number }[];
  message: string;
}

type Sent = Extract<RowAnalysis, { kind: "new" | "changed" }>;

/** 推送修改 / 推送选中行: only new and changed rows, in chunks with idempotency keys, retried with backoff;
 *  the answers written back in one go. `rows` or `ids` restrict the push. */
export function push(env: Env, options: { rows?: number[]; ids?: string[] } = {}): PushSummary {
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
    };
    if (!sent.length) {
      writePlans(s, grid, housekeeping);
      updateSummary(s);
      summary.message = "没有需要推送的修改";
      env.ui.toast(summary.message, TITLE, 5);
      return summary;
    }

    // Send.
    const byRef = new Map(sent.map((a) => [String(a.row), a]));
    const batchRows: BatchRow[] = sent.map((a) => ({
      ...(a.kind === "changed" ? { id: a.id, expectedVersion: a.version } : {}),
      clientRef: String(a.row),
      values: a.values,
    }));
    const scope = `${env.workbook.id}:${s.ledger.sheetId}`;
    const queue: Chunk[] = chunkRows(batchRows, scope, t.limits);
    const total = batchRows.length;
    const results = new Map<string, RowResult>();
    const failures = new Map<string, string>();
    let done = 0;
    let wave = 0;
    while (queue.length) {
      if (env.clock.now() - started > t.timeBudgetMs) {
        for (const c of queue.splice(0)) for (const r of c.rows) failures.set(r.clientRef!, STATUS_TEXT.notSent);
        break;
      }
      const group = queue.splice(0, Math.max(1, t.parallel));
      wave++;
      const outcomes = s.api.send(group.map((c) => s.api.batchRequest(c.body, c.key)));
      outcomes.forEach((outcome, i) => {
        const chunk = group[i]!;
        summary.requests += outcome.attempts;
        if ("response" in outcome && outcome.response.status === 413 && chunk.rows.length > 1) {
          queue.unshift(...splitChunk(chunk, scope));
          return;
        }
        summary.chunks.push({ rows: chunk.rows.length, bytes: chunk.bytes, attempts: outcome.attempts });
        if ("response" in outcome && outcome.response.status === 200) {
          const answer = JSON.parse(outcome.response.body) as BatchResponse;
          for (const r of answer.results) {
            const ref = chunk.rows[r.index]?.clientRef;
            if (ref !== undefined) results.set(ref, r);
          }
        } else {
          const message = describeFailure(outcome, s.api.baseUrl).message;
          for (const r of chunk.rows) failures.set(r.clientRef!, STATUS_TEXT.failed(message));
        }
        done += chunk.rows.length;
      });
      if (queue.length) env.ui.toast(`正在推送：已完成 ${done} / ${total} 行（第 ${wave} 组）…`, TITLE, 5);
    }

    // Write back: find each sent row again (rows may have been sorted or edited meanwhile) and annotate it.
    const after = s.ledger.read(s.width);
    const w = where(s, after);
    const located = locateSent(s, after, sent);
    const plans: RowPlan[] = [...housekeeping.filter((p) => located.rowsFree(p.row))];
    const conflicts: ConflictEntry[] = [];
    const resolved = new Set<string>();
    for (const [ref, a] of byRef) {
      const at = located.get(a);
      const result = results.get(ref);
      if (!at) {
        if (result) summary.lost++;
        continue;
      }
      if (!result) {
        const failure = failures.get(ref) ?? STATUS_TEXT.failed("没有收到这一行的结果");
        plans.push(statusPlan(w, at.row, failure, COLOURS.invalid));
        if (failure === STATUS_TEXT.notSent) summary.notSent++;
        else summary.failed++;
        continue;
      }
      const { plan, conflict } = resultPlan(w, a, at, result);
      plans.push(plan);
      if (conflict) conflicts.push(conflict);
      switch (result.outcome) {
        case "ok":
          if (a.kind === "new") summary.created++;
          else if (result.unchanged) summary.unchanged++;
          else summary.saved++;
          if (a.kind === "changed") resolved.add(a.id);
          break;
        case "invalid":
          summary.invalid++;
          break;
        case "forbidden":
          summary.forbidden++;
          break;
        case "conflict":
          summary.conflict++;
          break;
      }
    }
    writePlans(s, after, plans);
    if (conflicts.length || resolved.size) {
      const existing = decodeConflicts(env.workbook.readTable(CONFLICT_SHEET));
      if (conflicts.length || existing.some((e) => resolved.has(e.id))) {
        writeConflicts(env, mergeConflicts(existing, conflicts, resolved));
      }
    }
    updateSummary(s);
    // Rows created here count as synced; rows deleted since the pull still show as missing next time.
    const synced = env.documentSettings.get(syncedIdsKey(s));
    if (synced !== null && summary.created) env.documentSettings.set(syncedIdsKey(s), String(Number(synced) + summary.created));
    summary.message = closingMessage(summary);
    env.ui.toast(summary.message, TITLE, 15);
    if (summary.invalid || summary.conflict || summary.forbidden || summary.failed || summary.notSent || summary.lost) {
      env.ui.alert(summary.message, "推送结果");
    }
    return summary;
  });
}

function closingMessage(s: PushSummary): string {
  const parts = [`推送完成：共 ${s.rows} 行`, `新增 ${s.created}`, `保存 ${s.saved}`, `无变化 ${s.unchanged}`];
  if (s.invalid) parts.push(`有误 ${s.invalid}（已标红并加批注）`);
  if (s.conflict) parts.push(`冲突 ${s.conflict}（见「冲突」表，请选择采用服务器版本或保留我的修改）`);
  if (s.forbidden) parts.push(`无权修改 ${s.forbidden}`);
  if (s.failed) parts.push(`发送失败 ${s.failed}（请稍后再推送）`);
  if (s.notSent) parts.push(`未发送 ${s.notSent}（时间已到，请再推送一次）`);
  if (s.lost) parts.push(`${s.lost} 行推送后在表格中找不到了（已被删除或改动），下次拉取会补回`);
  return parts.join("，");
}

/** Finds each sent row in the re-read grid: at its old place if it still holds the same record and content,
 *  else by id (updates) or by content (new rows). */
function locateSent(s: Session, grid: Grid, sent: Sent[]) {
  const info = grid.values.map((_, i) => {
    const cell = cellAccessor(grid, s.positions, i);
    const id = String(cell("_id")?.value ?? "").trim();
    return { id, hash: rowHash(readFields(cell, s.ctx)) };
  });
  const rowOf = (index: number) => grid.firstRow + index;
  const used = new Set<number>();
  const found = new Map<Sent, Located>();
  const claim = (a: Sent, index: number, edited: boolean) => {
    used.add(rowOf(index));
    found.set(a, { row: rowOf(index), edited });
  };
  const sameKind = (a: Sent, i: number) => (a.kind === "changed" ? info[i]!.id === a.id : info[i]!.id === "");
  // 1. Same place, same record.
  for (const a of sent) {
    const i = a.row - grid.firstRow;
    if (i >= 0 && i < info.length && sameKind(a, i)) claim(a, i, info[i]!.hash !== a.hash);
  }
  // 2. Moved: by id, or by unchanged content for new rows.
  for (const a of sent) {
    if (found.has(a)) continue;
    const i = info.findIndex((r, j) => !used.has(rowOf(j)) && (a.kind === "changed" ? r.id === a.id : r.id === "" && r.hash === a.hash));
    if (i >= 0) claim(a, i, a.kind === "changed" && info[i]!.hash !== a.hash);
  }
  return { get: (a: Sent) => found.get(a), rowsFree: (row: number) => !used.has(row) };
}

function writeConflicts(env: Env, entries: ConflictEntry[]) {
  env.workbook.writeTable(CONFLICT_SHEET, encodeConflicts(entries), { hiddenColumns: CONFLICT_HIDDEN, widths: CONFLICT_WIDTHS });
}

// ------------------------------------------------------------------------------------------------
// Conflicts
// ------------------------------------------------------------------------------------------------

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
  if (!ids.length) throw new UserError("请先选中要处理的冲突行（在台账或「冲突」表中），或在「查看冲突」侧栏中点按钮");
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
    summary.push = push(env, { ids: ids.filter((id) => fresh.has(id) && !summary.missing.includes(id)) });
  }
  summary.message = [
    choice === "theirs" ? `已采用服务器版本：${summary.resolved} 条` : `已按服务器最新版本重新推送我的修改：${summary.resolved} 条`,
    ...(summary.missing.length ? [`${summary.missing.length} 条在台账中找不到`] : []),
    ...problems,
  ].join("；");
  env.ui.toast(summary.message, TITLE, 10);
  return summary;
}

// ------------------------------------------------------------------------------------------------
// Dropdowns
// ------------------------------------------------------------------------------------------------

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
