// Dirty detection (architecture.md §5). Each synced row keeps, in its hidden hash column, the hash of the row
// as last synced plus a short fingerprint per field. A row is changed when a field's fingerprint differs;
// only the changed fields are sent (a JSON merge patch on the version the row was based on), so untouched
// fields are neither re-validated nor rewritten, and the server's history lists exactly what the clerk changed.
import { FIELDS, HASH_KEY, ID_KEY, LIST_FIELDS, VERSION_KEY } from "./columns.js";
import { type CellContext, type RowFields, readFields } from "./convert.js";
import { fingerprint, hash53 } from "./hash.js";
import { canonical, isBlank } from "./text.js";
import type { Rec } from "./types.js";

const STATE_VERSION = "h1";

export interface SyncState {
  rowHash: string;
  /** Fingerprint per field in FIELDS order ("" for a blank field). */
  fps: string[];
}

const fpOf = (value: unknown) => (value === undefined ? "" : fingerprint(canonical(value)));

/** Hash of the row's content: its fields and the declared 坐标系. */
export function rowHash(read: RowFields): string {
  return hash53(canonical([FIELDS.map((f) => (read.unavailable.has(f) ? "?" : (read.fields[f] ?? null))), read.datum ?? null]));
}

/** The hash column's text for a row as it is now: `h1:<row hash>:<fp>,<fp>,…`. */
export function encodeState(read: RowFields): string {
  return `${STATE_VERSION}:${rowHash(read)}:${FIELDS.map((f) => fpOf(read.fields[f])).join(",")}`;
}

export function decodeState(text: unknown): SyncState | undefined {
  if (typeof text !== "string") return undefined;
  const parts = text.split(":");
  if (parts.length !== 3 || parts[0] !== STATE_VERSION) return undefined;
  const fps = parts[2]!.split(",");
  return fps.length === FIELDS.length ? { rowHash: parts[1]!, fps } : undefined;
}

/** Fields whose content differs from the last sync (all available fields when the state is unknown). */
export function changedFields(read: RowFields, state: SyncState | undefined): string[] {
  return FIELDS.filter((f, i) => !read.unavailable.has(f) && (!state || state.fps[i] !== fpOf(read.fields[f])));
}

/** Who changed a field since the last sync: mine, theirs, both (or unknown without a state). */
export function sideOf(field: string, mine: unknown, theirs: unknown, state: SyncState | undefined): "mine" | "theirs" | "both" | "unknown" {
  if (!state) return "unknown";
  const base = state.fps[FIELDS.indexOf(field)];
  const m = fpOf(mine) !== base;
  const t = fpOf(theirs) !== base;
  return m && t ? "both" : m ? "mine" : t ? "theirs" : "unknown";
}

export interface Grid {
  /** Sheet row number of values[0]. */
  firstRow: number;
  width: number;
  values: unknown[][];
  notes: string[][];
  backgrounds: string[][];
}

/** Cell accessor for one grid row: undefined for columns the sheet does not have. */
export function cellAccessor(grid: Grid, positions: Map<string, number>, index: number) {
  const row = grid.values[index] ?? [];
  return (key: string): { value: unknown } | undefined => {
    const col = positions.get(key);
    return col === undefined ? undefined : { value: row[col] ?? "" };
  };
}

export type RowAnalysis =
  | { kind: "blank"; row: number }
  | { kind: "clean"; row: number; id: string; version: number; read: RowFields; state: SyncState | undefined }
  | { kind: "duplicate"; row: number; id: string; of: number }
  | { kind: "broken"; row: number; id: string; message: string }
  | {
      kind: "new";
      row: number;
      values: Rec;
      read: RowFields;
      hash: string;
      /** A copy of another row (same hidden id) that was edited: sent as a new outfall. */
      copiedFrom?: number;
    }
  | {
      kind: "changed";
      row: number;
      id: string;
      version: number;
      values: Rec;
      changed: string[];
      read: RowFields;
      state: SyncState | undefined;
      hash: string;
    };

export interface AnalyseOptions {
  /** Subdistrict filled into new rows that leave it blank (the clerk's own). */
  defaultSubdistrict?: string;
}

function newValues(read: RowFields, options: AnalyseOptions): Rec {
  const values: Rec = {};
  for (const f of FIELDS) if (!read.unavailable.has(f) && read.fields[f] !== undefined) values[f] = read.fields[f];
  if (read.datum !== undefined) values.datum = read.datum;
  if (values.subdistrict === undefined && options.defaultSubdistrict && !read.unavailable.has("subdistrict")) {
    values.subdistrict = options.defaultSubdistrict;
  }
  return values;
}

function patchValues(read: RowFields, changed: string[], stateKnown: boolean): Rec {
  const values: Rec = {};
  for (const f of changed) {
    // Without a known last-synced state a blank cell says nothing about the server's value: leave it alone.
    if (read.fields[f] === undefined && !stateKnown) continue;
    values[f] = read.fields[f] ?? (LIST_FIELDS.includes(f) ? [] : null);
  }
  if (read.datum !== undefined || changed.includes("longitude") || changed.includes("latitude")) {
    // The API converts and bounds-checks a coordinate pair, so both go together.
    values.longitude = read.fields.longitude ?? null;
    values.latitude = read.fields.latitude ?? null;
    if (read.datum !== undefined) values.datum = read.datum;
  }
  return values;
}

/** Classifies every row of the grid: blank, clean, new, changed, a duplicate of another row, or broken. */
export function analyseRows(grid: Grid, positions: Map<string, number>, ctx: CellContext, options: AnalyseOptions = {}): RowAnalysis[] {
  const seen = new Map<string, number>();
  return grid.values.map((_, index): RowAnalysis => {
    const row = grid.firstRow + index;
    const cell = cellAccessor(grid, positions, index);
    const read = readFields(cell, ctx);
    const idCell = cell(ID_KEY)?.value;
    const id = isBlank(idCell) ? undefined : String(idCell).trim();
    const hasContent = Object.keys(read.fields).some((f) => read.fields[f] !== undefined) || read.datum !== undefined;
    if (!id) {
      if (!hasContent) return { kind: "blank", row };
      return { kind: "new", row, values: newValues(read, options), read, hash: rowHash(read) };
    }
    const state = decodeState(cell(HASH_KEY)?.value);
    const changed = changedFields(read, state);
    const dirty = changed.length > 0 || read.datum !== undefined;
    const first = seen.get(id);
    if (first !== undefined) {
      // The same hidden id in a second row: a copied row. Edited, it becomes a new outfall; untouched, it is
      // only reported (deleting it changes nothing on the server).
      if (!dirty) return { kind: "duplicate", row, id, of: first };
      return { kind: "new", row, values: newValues(read, options), read, hash: rowHash(read), copiedFrom: first };
    }
    seen.set(id, row);
    const versionCell = cell(VERSION_KEY)?.value;
    const version = typeof versionCell === "number" ? versionCell : Number(String(versionCell ?? "").trim());
    if (!Number.isInteger(version) || version < 1) {
      return { kind: "broken", row, id, message: "隐藏的版本号缺失或被改动，请用「全部重新拉取」恢复该行后再修改" };
    }
    if (!dirty) return { kind: "clean", row, id, version, read, state };
    return { kind: "changed", row, id, version, values: patchValues(read, changed, state !== undefined), changed, read, state, hash: rowHash(read) };
  });
}
