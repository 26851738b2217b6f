// What to write where: API answers (pull pages, batch results) → row plans. A plan names cells by column key;
// writes.ts turns plans into a few range writes. Pure: no sheet, no network.
import { EXTRA_PARTIES_KEY, HASH_KEY, ID_KEY, type Layout, SYNC_KEY, VERSION_KEY } from "./columns.js";
import { type CellContext, formatCell, parseCell, readFields, recordToCells } from "./convert.js";
import { COLOURS, NOTE_CONFLICT, NOTE_INVALID, STATUS_TEXT, isNoFill, isOurColour, isOurNote } from "./marks.js";
import { type Grid, type RowAnalysis, type SyncState, encodeState, sideOf } from "./rows.js";
import { formatChinaTime } from "./text.js";
import type { Rec, RowResult, ServerRecord, Violation } from "./types.js";

export interface RowPlan {
  /** Sheet row number. */
  row: number;
  /** True: the row's cells are rewritten (cells not in `set` keep their current value). */
  full: boolean;
  /** Cell values by column key. */
  set: Record<string, unknown>;
  /** Notes by column key ("" clears). */
  notes: Record<string, string>;
  /** Fill colours by column key (null: no fill). */
  backgrounds: Record<string, string | null>;
}

export interface Where {
  layout: Layout;
  positions: Map<string, number>;
  grid: Grid;
  ctx: CellContext;
}

const rowValues = (w: Where, row: number) => w.grid.values[row - w.grid.firstRow];
const rowNotes = (w: Where, row: number) => w.grid.notes[row - w.grid.firstRow];
const rowBackgrounds = (w: Where, row: number) => w.grid.backgrounds[row - w.grid.firstRow];

function currentOf(w: Where, row: number, key: string) {
  const pos = w.positions.get(key);
  if (pos === undefined) return { value: undefined, note: undefined, background: undefined };
  return { value: rowValues(w, row)?.[pos], note: rowNotes(w, row)?.[pos], background: rowBackgrounds(w, row)?.[pos] };
}

/** Our marks cleared from a row: our notes removed, our colours back to the row's base (overdue or none). */
function clearMarks(w: Where, row: number, plan: RowPlan, overdue: boolean) {
  for (const col of w.layout.columns) {
    const { note, background } = currentOf(w, row, col.key);
    if (col.key !== SYNC_KEY && isOurNote(note) && !(col.key in plan.notes)) plan.notes[col.key] = "";
    if (col.key in plan.backgrounds) continue;
    const base = overdue && col.key !== SYNC_KEY ? COLOURS.overdue : null;
    if (isOurColour(background) || (isNoFill(background) && base)) {
      if ((background ?? null) !== base) plan.backgrounds[col.key] = base;
    }
  }
}

const emptyPlan = (row: number, full = false): RowPlan => ({ row, full, set: {}, notes: {}, backgrounds: {} });

/** The row rewritten from a server record: values, hidden id/version/hash, marks cleared, overdue shown. */
export function recordPlan(w: Where, row: number, record: Rec, status: string): RowPlan {
  const plan = emptyPlan(row, true);
  const cells = recordToCells(record, w.ctx);
  const read = readFields((key) => ({ value: cells[key] ?? "" }), w.ctx);
  cells[HASH_KEY] = encodeState(read);
  cells[SYNC_KEY] = status;
  for (const key of Object.keys(cells)) if (w.positions.has(key)) plan.set[key] = cells[key];
  const overdue = (record as ServerRecord).overdue === true;
  plan.backgrounds[SYNC_KEY] = null;
  clearMarks(w, row, plan, overdue);
  return plan;
}

/** Info columns a lean answer's write-back clears rather than keeps: they describe the record's state before
 *  the write (the full answer did not carry them either; the next pull fills them). */
const STALE_AFTER_WRITE = new Set(["allowedActions", "blockers"]);

/** The row rewritten from a lean batch answer (`changes` instead of the whole record): the row's fields and
 *  what it sent (defaults filled in for the clerk included), with what the server changed over them. Edit columns, id, version and sync state are rewritten as from a
 *  full record; an info column (状态, 截止日期, 已逾期, 修改人 …) only when the answer names it. */
export function changesPlan(w: Where, row: number, fields: Rec, result: Pick<RowResult, "id" | "tempId" | "version" | "changes">, status: string): RowPlan {
  const changes = result.changes ?? {};
  const record: Rec = { ...fields, ...changes, id: result.id, tempId: result.tempId, version: result.version };
  if (!("overdue" in changes)) record.overdue = isOverdueRow(w, row);
  const plan = recordPlan(w, row, record, status);
  for (const col of w.layout.columns) {
    if (col.role === "info" && col.key !== "tempId" && !(col.key in changes) && !STALE_AFTER_WRITE.has(col.key)) delete plan.set[col.key];
  }
  return plan;
}

/** The column a violation belongs to (`responsibleParties[2].creditCode` → 其他责任主体), if the sheet has it. */
export function columnForViolation(field: string, w: Pick<Where, "layout" | "positions">): string | undefined {
  const has = (key: string) => (w.positions.has(key) ? key : undefined);
  if (!field) return undefined;
  const party = /^responsibleParties(?:\[(\d+)\])?(?:\.(\w+))?/.exec(field);
  if (party) {
    const index = Number(party[1] ?? 0);
    if (index >= 1) return has(EXTRA_PARTIES_KEY);
    return has(`responsibleParties[0].${party[2] ?? "name"}`);
  }
  const plain = field.replace(/\[\d+\]/g, "");
  if (w.layout.byKey.get(plain)?.role === "edit" || plain === "datum") return has(plain);
  const nested = w.layout.columns.find((c) => c.role === "edit" && c.key.startsWith(`${plain}.`));
  return nested ? has(nested.key) : undefined;
}

function violationPlan(w: Where, row: number, violations: Violation[], status: string, overdue: boolean, appendUnplaced = true): RowPlan {
  const plan = emptyPlan(row);
  const byColumn = new Map<string, string[]>();
  const unplaced: string[] = [];
  for (const v of violations) {
    const key = columnForViolation(v.field, w);
    const line = `【${v.rule}】${v.message}`;
    if (key) byColumn.set(key, [...(byColumn.get(key) ?? []), line]);
    else unplaced.push(line);
  }
  for (const [key, lines] of byColumn) {
    plan.notes[key] = `${NOTE_INVALID}${lines.join("\n")}`;
    plan.backgrounds[key] = COLOURS.invalid;
  }
  plan.set[SYNC_KEY] = `${status}${appendUnplaced && unplaced.length ? `\n${unplaced.join("\n")}` : ""}`;
  plan.backgrounds[SYNC_KEY] = COLOURS.invalid;
  plan.notes[SYNC_KEY] = unplaced.length ? `${NOTE_INVALID}${unplaced.join("\n")}` : "";
  clearMarks(w, row, plan, overdue);
  return plan;
}

export interface ConflictDiff {
  column: string;
  label: string;
  mine: string;
  theirs: string;
  side: "mine" | "theirs" | "both" | "unknown";
}

export interface ConflictEntry {
  id: string;
  tempId: string;
  name: string;
  row: number;
  serverVersion: number;
  updatedBy: string;
  updatedAt: string;
  diffs: ConflictDiff[];
  record: Rec;
}

const shown = (v: unknown) => (v === undefined || v === null ? "" : String(v));

/** Mine against theirs, column by column, with who changed each since the last sync. */
export function conflictEntry(w: Where, row: number, current: ServerRecord, state: SyncState | undefined): ConflictEntry {
  const theirsCells = recordToCells(current as Rec, w.ctx);
  const theirsRead = readFields((key) => ({ value: theirsCells[key] ?? "" }), w.ctx);
  const mineCell = (key: string) => (w.positions.has(key) ? { value: currentOf(w, row, key).value ?? "" } : undefined);
  const mineRead = readFields(mineCell, w.ctx);
  const diffs: ConflictDiff[] = [];
  for (const col of w.layout.columns) {
    if (col.role !== "edit" || !w.positions.has(col.key)) continue;
    const mine = shown(formatCell(col, parseCell(col, currentOf(w, row, col.key).value, w.ctx), w.ctx));
    const theirs = shown(theirsCells[col.key]);
    if (mine === theirs) continue;
    const field = col.field!;
    diffs.push({ column: col.key, label: col.label, mine, theirs, side: sideOf(field, mineRead.fields[field], theirsRead.fields[field], state) });
  }
  return {
    id: current.id,
    tempId: current.tempId,
    name: String(current.name ?? ""),
    row,
    serverVersion: current.version,
    // People by name where the record keeps one (updatedByName), else by e-mail.
    updatedBy: String(current.updatedByName ?? current.updatedBy),
    updatedAt: formatChinaTime(current.updatedAt),
    diffs,
    record: current as Rec,
  };
}

function conflictPlan(w: Where, row: number, entry: ConflictEntry, overdue: boolean): RowPlan {
  const plan = emptyPlan(row);
  for (const d of entry.diffs) {
    const who = { mine: "（您改的）", theirs: "（对方改的）", both: "（双方都改了）", unknown: "" }[d.side];
    plan.notes[d.column] = `${NOTE_CONFLICT}服务器第${entry.serverVersion}版的值${who}：${d.theirs || "（空）"}`;
    plan.backgrounds[d.column] = COLOURS.conflict;
  }
  plan.set[SYNC_KEY] = STATUS_TEXT.conflict(entry.serverVersion, entry.updatedBy, entry.updatedAt);
  plan.backgrounds[SYNC_KEY] = COLOURS.conflict;
  plan.notes[SYNC_KEY] = "";
  clearMarks(w, row, plan, overdue);
  return plan;
}

/** A status-only plan (the rest of the row untouched). */
export function statusPlan(w: Where, row: number, text: string, colour: string | null): RowPlan {
  const plan = emptyPlan(row);
  plan.set[SYNC_KEY] = text;
  plan.backgrounds[SYNC_KEY] = colour;
  if (colour === null) {
    const { background } = currentOf(w, row, SYNC_KEY);
    if (!isOurColour(background)) delete plan.backgrounds[SYNC_KEY];
  }
  return plan;
}

const isOverdueRow = (w: Where, row: number) => String(currentOf(w, row, "overdue").value ?? "") === "是";

/** A row back to its synced content: status set, our notes and colours removed. */
export function clearedPlan(w: Where, row: number, status: string): RowPlan {
  const plan = emptyPlan(row);
  plan.set[SYNC_KEY] = status;
  if (isOurColour(currentOf(w, row, SYNC_KEY).background)) plan.backgrounds[SYNC_KEY] = null;
  plan.notes[SYNC_KEY] = "";
  clearMarks(w, row, plan, isOverdueRow(w, row));
  return plan;
}

/** Where a row that was sent is now (rows can be sorted, moved or edited while a push runs). */
export interface Located {
  row: number;
  /** The row's content differs from what was sent. */
  edited: boolean;
}

/** The plan for one row's batch result. */
export function resultPlan(
  w: Where,
  sent: Extract<RowAnalysis, { kind: "new" | "changed" }>,
  at: Located,
  result: RowResult,
): { plan: RowPlan; conflict?: ConflictEntry } {
  const overdue = isOverdueRow(w, at.row);
  switch (result.outcome) {
    case "ok": {
      const record = result.record as Rec;
      if (at.edited) {
        // Keep the clerk's newer edits; take the id and version so the next push updates this record.
        const plan = statusPlan(w, at.row, STATUS_TEXT.editedDuringPush, COLOURS.pending);
        plan.set[ID_KEY] = result.id;
        plan.set[VERSION_KEY] = result.version;
        if (w.positions.has("tempId")) plan.set.tempId = result.tempId;
        return { plan };
      }
      const status =
        sent.kind === "new" ? STATUS_TEXT.created(result.tempId ?? "") : result.unchanged ? STATUS_TEXT.unchanged(result.version!) : STATUS_TEXT.saved(result.version!);
      if (result.record === undefined && result.changes) return { plan: changesPlan(w, at.row, { ...sent.read.fields, ...sent.values }, result, status) };
      return { plan: recordPlan(w, at.row, record, status) };
    }
    case "invalid":
      return { plan: violationPlan(w, at.row, result.violations ?? [], STATUS_TEXT.invalid((result.violations ?? []).length), overdue) };
    case "forbidden": {
      const violations = result.violations ?? [];
      const message = violations.map((v) => v.message).join("；");
      return { plan: violationPlan(w, at.row, violations, STATUS_TEXT.forbidden(message), overdue, false) };
    }
    case "conflict": {
      const current = result.current as ServerRecord;
      const state = sent.kind === "changed" ? sent.state : undefined;
      const entry = conflictEntry(w, at.row, current, state);
      return { plan: conflictPlan(w, at.row, entry, overdue), conflict: entry };
    }
  }
}

export interface PullPlan {
  plans: RowPlan[];
  added: number;
  updated: number;
  /** Rows with unpushed edits that the server has moved past (left as they are, marked). */
  kept: number;
  /** Rows that still match the server: nothing written. */
  unchanged: number;
}

/** Merges pulled records into the sheet: new ones appended, clean rows updated, rows with unpushed edits kept
 *  (and marked when the server moved on), deleted rows restored. Records repeat across overlapping pages or
 *  pulls: the highest version of each id wins. */
export function planPull(w: Where, analysis: RowAnalysis[], records: ServerRecord[], options: { full: boolean }): PullPlan {
  const latest = new Map<string, ServerRecord>();
  for (const r of records) {
    const seen = latest.get(r.id);
    if (!seen || seen.version < r.version) latest.set(r.id, r);
  }
  const byId = new Map<string, RowAnalysis>();
  for (const a of analysis) if ((a.kind === "clean" || a.kind === "changed" || a.kind === "broken") && !byId.has(a.id)) byId.set(a.id, a);
  const out: PullPlan = { plans: [], added: 0, updated: 0, kept: 0, unchanged: 0 };
  const appends: ServerRecord[] = [];
  for (const record of latest.values()) {
    const a = byId.get(record.id);
    if (!a) appends.push(record);
    else if (a.kind === "broken") {
      out.plans.push(recordPlan(w, a.row, record as Rec, STATUS_TEXT.restored(record.version)));
      out.updated++;
    } else if (a.kind === "clean") {
      if (a.version < record.version) {
        out.plans.push(recordPlan(w, a.row, record as Rec, STATUS_TEXT.pulledUpdate(record.version)));
        out.updated++;
      } else out.unchanged++;
    } else if (a.kind === "changed") {
      if (record.version > a.version) {
        out.plans.push(statusPlan(w, a.row, STATUS_TEXT.serverAhead(record.version, String(record.updatedByName ?? record.updatedBy), formatChinaTime(record.updatedAt)), COLOURS.conflict));
        out.kept++;
      } else out.unchanged++;
    }
  }
  if (options.full) {
    for (const a of byId.values()) {
      if (!latest.has((a as { id: string }).id)) out.plans.push(statusPlan(w, a.row, STATUS_TEXT.gone, null));
    }
  }
  const lastUsed = analysis.reduce((max, a) => (a.kind === "blank" ? max : Math.max(max, a.row)), w.grid.firstRow - 1);
  const firstAppend = w.grid.values.length === 0 || analysis.every((a) => a.kind === "blank") ? w.grid.firstRow : lastUsed + 1;
  const initial = byId.size === 0;
  appends.sort((x, y) => String(x.tempId).localeCompare(String(y.tempId)));
  appends.forEach((record, i) => {
    out.plans.push(recordPlan(w, firstAppend + i, record as Rec, initial ? "" : STATUS_TEXT.pulledNew));
    out.added++;
  });
  return out;
}
