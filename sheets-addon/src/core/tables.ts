// The two side sheets: 冲突 (each conflicting outfall, mine against theirs per column, with the server's record
// kept in a hidden column for take-theirs) and 汇总 (counts by state).
import type { ConflictEntry } from "./plan.js";
import { statusKind } from "./marks.js";
import type { Option } from "./types.js";

export const CONFLICT_SHEET = "冲突";
export const SUMMARY_SHEET = "汇总";
export const LEDGER_SHEET = "排污口台账";

export const CONFLICT_HEADER = ["临时编号", "排污口名称", "台账行号", "字段", "我的值", "服务器的值", "谁改的", "服务器版本", "服务器修改人", "服务器修改时间", "系统编号", "服务器记录"];
/** 1-based columns hidden in the 冲突 sheet (系统编号, 服务器记录). */
export const CONFLICT_HIDDEN = [11, 12];
export const CONFLICT_WIDTHS = [100, 240, 70, 160, 200, 200, 90, 80, 160, 130, 80, 80];

const SIDE_TEXT = { mine: "您改的", theirs: "对方改的", both: "双方都改了", unknown: "" } as const;
const SIDE_OF = Object.fromEntries(Object.entries(SIDE_TEXT).map(([k, v]) => [v, k])) as Record<string, ConflictEntry["diffs"][number]["side"]>;

/** Conflict entries → the 冲突 sheet's rows (header first). */
export function encodeConflicts(entries: ConflictEntry[]): unknown[][] {
  const rows: unknown[][] = [CONFLICT_HEADER];
  for (const e of entries) {
    const diffs = e.diffs.length ? e.diffs : [{ column: "", label: "（内容相同，仅版本不同）", mine: "", theirs: "", side: "unknown" as const }];
    diffs.forEach((d, i) => {
      rows.push([
        e.tempId,
        e.name,
        e.row,
        d.label,
        d.mine,
        d.theirs,
        SIDE_TEXT[d.side],
        e.serverVersion,
        e.updatedBy,
        e.updatedAt,
        e.id,
        i === 0 ? JSON.stringify(e.record) : "",
      ]);
    });
  }
  return rows;
}

/** The 冲突 sheet's rows → entries (rows without an id or a parsable record are skipped). */
export function decodeConflicts(rows: unknown[][]): ConflictEntry[] {
  const entries = new Map<string, ConflictEntry>();
  for (const r of rows.slice(1)) {
    const id = String(r[10] ?? "").trim();
    if (!id) continue;
    let entry = entries.get(id);
    if (!entry) {
      let record: Record<string, unknown> | undefined;
      try {
        record = JSON.parse(String(r[11] ?? "")) as Record<string, unknown>;
      } catch {
        record = undefined;
      }
      if (!record) continue;
      entry = {
        id,
        tempId: String(r[0] ?? ""),
        name: String(r[1] ?? ""),
        row: Number(r[2]) || 0,
        serverVersion: Number(r[7]) || 0,
        updatedBy: String(r[8] ?? ""),
        updatedAt: String(r[9] ?? ""),
        diffs: [],
        record,
      };
      entries.set(id, entry);
    }
    if (String(r[3] ?? "").startsWith("（内容相同")) continue;
    entry.diffs.push({ column: "", label: String(r[3] ?? ""), mine: String(r[4] ?? ""), theirs: String(r[5] ?? ""), side: SIDE_OF[String(r[6] ?? "")] ?? "unknown" });
  }
  return [...entries.values()];
}

/** Replaces the entries of `resolved` ids and of the new conflicts; keeps the others. */
export function mergeConflicts(existing: ConflictEntry[], added: ConflictEntry[], resolved: Set<string>): ConflictEntry[] {
  const addedIds = new Set(added.map((e) => e.id));
  return [...existing.filter((e) => !resolved.has(e.id) && !addedIds.has(e.id)), ...added];
}

export interface SummaryInput {
  statuses: Option[];
  /** For every data row: the 状态 label, the 同步状态 text, overdue, whether it has an id, whether it is dirty. */
  rows: { status: string; sync: string; overdue: boolean; synced: boolean; dirty: boolean }[];
  now: string;
  subdistrictName?: string;
}

/** The 汇总 sheet: counts by state, overdue, and what still needs the clerk's attention. */
export function summaryTable(input: SummaryInput): unknown[][] {
  const counts = new Map<string, number>();
  let total = 0;
  let overdue = 0;
  let pendingNew = 0;
  let pendingEdit = 0;
  let invalid = 0;
  let conflict = 0;
  for (const r of input.rows) {
    const kind = statusKind(r.sync);
    if (kind === "invalid") invalid++;
    if (kind === "conflict") conflict++;
    if (!r.synced) {
      pendingNew++;
      continue;
    }
    if (r.dirty) pendingEdit++;
    total++;
    if (r.overdue) overdue++;
    counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  }
  const known = new Set(input.statuses.map((s) => s.label));
  const other = [...counts.entries()].filter(([label]) => !known.has(label)).reduce((n, [, c]) => n + c, 0);
  return [
    [`排污口台账汇总${input.subdistrictName ? `（${input.subdistrictName}）` : ""}`, ""],
    ["更新时间", input.now],
    ["", ""],
    ["状态", "数量"],
    ...input.statuses.map((s) => [s.label, counts.get(s.label) ?? 0]),
    ...(other ? [["其他", other]] : []),
    ["合计", total],
    ["", ""],
    ["其中逾期", overdue],
    ["", ""],
    ["待推送（新增）", pendingNew],
    ["待推送（已修改）", pendingEdit],
    ["有误待改正", invalid],
    ["冲突待处理", conflict],
  ];
}

