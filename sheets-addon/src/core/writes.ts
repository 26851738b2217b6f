// Row plans → a few rectangular writes. Whole rows are written only where a plan rewrites the row; other plans
// touch single cells, so a colleague's edit in another row (or another cell of a marked row) is not overwritten
// with what this run read earlier.
import type { RowPlan } from "./plan.js";
import type { Grid } from "./rows.js";

export interface Block<T> {
  /** 1-based sheet row and column of the top-left cell. */
  row: number;
  column: number;
  cells: T[][];
}

export interface Writes {
  values: Block<unknown>[];
  notes: Block<string>[];
  backgrounds: Block<string | null>[];
  /** The last sheet row written (the sheet must have at least this many rows). */
  lastRow: number;
  /** Columns the writes span. */
  width: number;
}

function runs(rows: number[]): number[][] {
  const sorted = [...new Set(rows)].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && last[last.length - 1] === r - 1) last.push(r);
    else out.push([r]);
  }
  return out;
}

export function compileWrites(grid: Grid, positions: Map<string, number>, plans: RowPlan[]): Writes {
  const width = Math.max(grid.width, ...[...positions.values()].map((p) => p + 1));
  const byRow = new Map<number, RowPlan>();
  for (const p of plans) {
    const seen = byRow.get(p.row);
    byRow.set(
      p.row,
      seen
        ? {
            row: p.row,
            full: seen.full || p.full,
            set: { ...seen.set, ...p.set },
            notes: { ...seen.notes, ...p.notes },
            backgrounds: { ...seen.backgrounds, ...p.backgrounds },
          }
        : p,
    );
  }
  const base = <T>(source: T[][], row: number, blank: T): T[] => {
    const existing = source[row - grid.firstRow] ?? [];
    return Array.from({ length: width }, (_, i) => (i < existing.length ? existing[i]! : blank));
  };
  const writes: Writes = { values: [], notes: [], backgrounds: [], lastRow: 0, width };

  // Whole rows.
  const fullRows = [...byRow.values()].filter((p) => p.full).map((p) => p.row);
  for (const run of runs(fullRows)) {
    const cells = run.map((row) => {
      const out = base<unknown>(grid.values, row, "");
      const plan = byRow.get(row)!;
      for (const key of Object.keys(plan.set)) {
        const pos = positions.get(key);
        if (pos !== undefined) out[pos] = plan.set[key];
      }
      return out;
    });
    writes.values.push({ row: run[0]!, column: 1, cells });
  }

  // Single cells, grouped by column into vertical runs.
  const byColumn = new Map<number, Map<number, unknown>>();
  for (const plan of byRow.values()) {
    if (plan.full) continue;
    for (const key of Object.keys(plan.set)) {
      const pos = positions.get(key);
      if (pos === undefined) continue;
      if (!byColumn.has(pos)) byColumn.set(pos, new Map());
      byColumn.get(pos)!.set(plan.row, plan.set[key]);
    }
  }
  for (const [pos, cells] of byColumn) {
    for (const run of runs([...cells.keys()])) {
      writes.values.push({ row: run[0]!, column: pos + 1, cells: run.map((r) => [cells.get(r)]) });
    }
  }

  // Notes and fills: whole rows for the rows that change any, from what was read.
  const layered = <T>(kind: "notes" | "backgrounds", source: T[][], blank: T): Block<T>[] => {
    const rows = [...byRow.values()].filter((p) => Object.keys(p[kind]).some((k) => positions.has(k))).map((p) => p.row);
    return runs(rows).map((run) => ({
      row: run[0]!,
      column: 1,
      cells: run.map((row) => {
        const out = base<T>(source, row, blank);
        const changes = byRow.get(row)![kind] as Record<string, T>;
        for (const key of Object.keys(changes)) {
          const pos = positions.get(key);
          if (pos !== undefined) out[pos] = changes[key]!;
        }
        return out;
      }),
    }));
  };
  writes.notes = layered<string>("notes", grid.notes, "");
  // "#ffffff" is how Sheets reports "no fill"; writing null keeps it that way instead of painting white.
  writes.backgrounds = layered<string | null>("backgrounds", grid.backgrounds as (string | null)[][], null).map((b) => ({
    ...b,
    cells: b.cells.map((r) => r.map((c) => (c && c.toLowerCase() !== "#ffffff" ? c : null))),
  }));
  writes.lastRow = Math.max(0, ...[...byRow.keys()]);
  return writes;
}
