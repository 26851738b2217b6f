// An open ledger: the API, the user, the columns located in the sheet, and the helpers that read and write rows
// under the document lock. Pull, push and conflict resolution all start here.
import { type Layout, SYNC_KEY, buildLayout, locateColumns } from "./columns.js";
import type { CellContext } from "./convert.js";
import type { Api } from "./http.js";
import type { ConflictEntry, RowPlan, Where } from "./plan.js";
import type { Env, LedgerPort, PlacedColumn } from "./ports.js";
import { type Grid, type RowAnalysis, analyseRows, cellAccessor } from "./rows.js";
import { CONFLICT_HIDDEN, CONFLICT_SHEET, CONFLICT_WIDTHS, LEDGER_SHEET, SUMMARY_SHEET, encodeConflicts, summaryTable } from "./tables.js";
import { formatChinaTime, isBlank } from "./text.js";
import { compileWrites } from "./writes.js";
import type { Me } from "./types.js";
import { SETTING_SUBDISTRICT, UserError, hints, loadMe, loadReference, requireApi } from "./settings.js";

export const FROZEN_COLUMNS = 3;

export interface Session {
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

export function openSession(env: Env, options: { create: boolean; freshReference?: boolean }): Session {
  const api = requireApi(env);
  const me = loadMe(env, api);
  const subdistrict = me.subdistrict ?? env.documentSettings.get(SETTING_SUBDISTRICT) ?? undefined;
  const ref = loadReference(env, api, options.freshReference);
  const layout = buildLayout(ref, subdistrict ? { subdistrict } : {});
  const ledger = env.workbook.ledger(options.create);
  if (!ledger) throw new UserError(`还没有「${LEDGER_SHEET}」表：请先用${hints(env).pull}把台账拉进表格`);
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

export function withLock<T>(env: Env, run: () => T): T {
  if (!env.lock.tryLock(30_000)) {
    throw new UserError("其他人（或另一个窗口）正在拉取或推送这个表格，请等它完成后再试");
  }
  try {
    return run();
  } finally {
    env.lock.release();
  }
}

export const where = (s: Session, grid: Grid): Where => ({ layout: s.layout, positions: s.positions, grid, ctx: s.ctx });

export function analyse(s: Session, grid: Grid): RowAnalysis[] {
  // New rows that leave 属地街道 blank belong to the sheet's subdistrict (the clerk's own).
  return analyseRows(grid, s.positions, s.ctx, s.subdistrict ? { defaultSubdistrict: s.subdistrict } : {});
}

export function writePlans(s: Session, grid: Grid, plans: RowPlan[]) {
  if (!plans.length) return;
  const writes = compileWrites(grid, s.positions, plans);
  const capacity = s.ledger.rowCapacity();
  s.ledger.write(writes);
  if (writes.lastRow > capacity) {
    // New rows at the end get the columns' formats and dropdowns.
    s.ledger.setupColumns(placedColumns(s), { initial: false, frozenColumns: FROZEN_COLUMNS });
  }
}

export const placedColumns = (s: Session): PlacedColumn[] => s.layout.columns.map((column) => ({ index: s.positions.get(column.key)!, column }));

export const syncedIdsKey = (s: Session) => `SYNCED_IDS:${s.ledger.sheetId}`;

/** Distinct outfall ids in the sheet. */
export function syncedIds(analysis: RowAnalysis[]): number {
  const ids = new Set<string>();
  for (const a of analysis) if (a.kind === "clean" || a.kind === "changed" || a.kind === "broken") ids.add(a.id);
  return ids.size;
}

/** Returns the distinct ids in the sheet, which pull remembers so that the next pull notices deleted rows. */
export function updateSummary(s: Session): number {
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

export function writeConflicts(env: Env, entries: ConflictEntry[]) {
  env.workbook.writeTable(CONFLICT_SHEET, encodeConflicts(entries), { hiddenColumns: CONFLICT_HIDDEN, widths: CONFLICT_WIDTHS });
}
