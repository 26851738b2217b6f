// Cell ↔ value for every kind of column, and whole records ↔ rows. What a clerk types is turned into what the
// API stores (labels → keys, 是/否 → booleans, dates → YYYY-MM-DD); what cannot be understood is sent as typed,
// so that the API, which owns validation, answers with the rule and a Chinese message for that very cell.
import { type Column, EXTRA_PARTIES_KEY, FIELDS, HASH_KEY, ID_KEY, type Layout, VERSION_KEY } from "./columns.js";
import { type Normalization, cleanText, noteOf, parseBool, parseCoordinate, parseDate, parsePhone } from "../../../functions/src/domain/normalize.js";
import { formatChinaTime, getPath, isBlank, isDate, toHalfWidth } from "./text.js";
import type { Rec } from "./types.js";

export interface CellContext {
  layout: Layout;
  /** A date cell (a Date object in the spreadsheet's time zone) → YYYY-MM-DD. */
  formatDate(date: Date): string;
}

/** Free-text columns where a line break is meant (a plan, a note); elsewhere newlines become spaces. */
const MULTILINE = /(^plan$|[Nn]ote$|Findings$|measures$|reason$|legalBasis$)/;
const PARTY_MEMBERS = ["name", "kind", "creditCode", "permitNo", "contact", "phone"] as const;

const textOf = (cell: unknown, ctx: CellContext): string => (isDate(cell) ? ctx.formatDate(cell) : String(cell).trim());

/** The value a cell holds for the API; undefined when the cell is blank. What the shared normalizer
 *  (functions/src/domain/normalize.ts) changed is appended to `notes`, with the cell's original text. */
export function parseCell(col: Column, cell: unknown, ctx: CellContext, notes?: Normalization[]): unknown {
  if (isBlank(cell)) return undefined;
  /** Records a change (`shown`: how the value reads in the report, a label rather than a key) and returns it. */
  const note = (rules: Parameters<typeof noteOf>[1], value: unknown, shown: unknown = value) => {
    const n = notes && noteOf(col.key, rules, cell, shown);
    if (n) notes!.push(n);
    return value;
  };
  switch (col.kind) {
    case "text": {
      if (isDate(cell)) return ctx.formatDate(cell);
      const c = cleanText(String(cell), MULTILINE.test(col.key));
      return note(c.rules, c.value);
    }
    case "time":
      return textOf(cell, ctx);
    case "code": {
      const text = textOf(cell, ctx);
      const half = toHalfWidth(text).trim();
      if (/phone$/.test(col.key)) {
        const phone = parsePhone(half);
        if (phone) return note(half !== text ? ["N-FULLWIDTH", ...phone.rules] : phone.rules, phone.value);
      }
      return note(half !== text ? ["N-FULLWIDTH"] : [], half);
    }
    case "number": {
      if (typeof cell === "number") return cell;
      if (col.key === "longitude" || col.key === "latitude") {
        const c = parseCoordinate(String(cell));
        if (c) return note(c.rules, c.value);
        return textOf(cell, ctx);
      }
      const text = toHalfWidth(textOf(cell, ctx)).replace(/\s+/g, "");
      return /^[-+]?\d+(\.\d+)?$/.test(text) ? note(text !== String(cell) ? ["N-NUMBER"] : [], Number(text)) : textOf(cell, ctx);
    }
    case "bool": {
      const b = parseBool(isDate(cell) ? "" : cell);
      return b ? note(b.rules, b.value, b.value ? "是" : "否") : textOf(cell, ctx);
    }
    case "date": {
      if (isDate(cell)) return ctx.formatDate(cell);
      const d = parseDate(cell);
      return d ? note(d.rules, d.value) : String(cell).trim();
    }
    case "choice": {
      const text = textOf(cell, ctx);
      const key = col.lookup?.keyOf(text);
      if (key === undefined) return text;
      return note(text === String(key) || text === col.lookup!.labelOf(key) ? [] : ["N-ALIAS"], key, col.lookup!.labelOf(key));
    }
    case "multi": {
      const items = textOf(cell, ctx)
        .split(/[、,，;；\n]+/)
        .map((s) => s.trim())
        .filter(Boolean)
        .map((s) => col.lookup?.keyOf(s) ?? s);
      return items.filter((v, i) => items.indexOf(v) === i);
    }
    case "parties":
      return parseParties(textOf(cell, ctx), ctx);
  }
}

function parseParties(text: string, ctx: CellContext): Rec[] | undefined {
  const kinds = ctx.layout.lookups.get("partyKind");
  const parties = text
    .split(/[；;\n]+/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const parts = entry.split(/[|｜]/).map((s) => s.trim());
      const party: Rec = {};
      PARTY_MEMBERS.forEach((member, i) => {
        const raw = parts[i];
        if (!raw) return;
        if (member === "kind") party.kind = kinds?.keyOf(raw) ?? raw;
        else if (member === "name" || member === "contact") party[member] = raw;
        else party[member] = toHalfWidth(raw);
      });
      return party;
    })
    .filter((p) => Object.keys(p).length > 0);
  return parties.length ? parties : undefined;
}

function formatParties(parties: unknown, ctx: { layout: Layout }): string {
  if (!Array.isArray(parties) || !parties.length) return "";
  const kinds = ctx.layout.lookups.get("partyKind");
  return parties
    .map((p: Rec) => {
      const parts = PARTY_MEMBERS.map((m) => {
        const v = p?.[m];
        if (v === undefined || v === null) return "";
        return m === "kind" ? (kinds?.labelOf(v) ?? String(v)) : String(v);
      });
      while (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
      return parts.join("|");
    })
    .join("；");
}

/** What a cell shows for a stored value; "" when there is none. */
export function formatCell(col: Column, value: unknown, ctx: { layout: Layout }): unknown {
  if (value === undefined || value === null) return "";
  switch (col.kind) {
    case "number":
      return typeof value === "number" ? value : String(value);
    case "bool":
      return value === true ? "是" : value === false ? "否" : String(value);
    case "choice":
      return col.lookup ? col.lookup.labelOf(value) : String(value);
    case "multi":
      return Array.isArray(value) ? value.map((v) => (col.lookup ? col.lookup.labelOf(v) : String(v))).join("、") : String(value);
    case "parties":
      return formatParties(value, ctx);
    case "blockers":
      return Array.isArray(value)
        ? (value as { action?: string; rule?: string; message?: string }[])
            .map((b) => `${col.lookup ? col.lookup.labelOf(b.action) : String(b.action)}：${b.message ?? ""}${b.rule ? `【${b.rule}】` : ""}`)
            .join("；")
        : String(value);
    case "time":
      return formatChinaTime(String(value));
    case "legacy": {
      const ref = value as { code?: string; file?: string; sheet?: string; row?: number };
      return [ref.code && `旧编号 ${ref.code}`, `${ref.file ?? ""}${ref.sheet ? `「${ref.sheet}」` : ""} 第 ${ref.row ?? "?"} 行`].filter(Boolean).join("，");
    }
    default:
      return String(value);
  }
}

/** The cells of a row showing `record` (hash column excluded: it is computed from these cells). */
export function recordToCells(record: Rec, ctx: { layout: Layout }): Record<string, unknown> {
  const cells: Record<string, unknown> = {};
  for (const col of ctx.layout.columns) {
    switch (col.role) {
      case "edit":
        cells[col.key] =
          col.key === EXTRA_PARTIES_KEY
            ? formatParties(Array.isArray(record.responsibleParties) ? record.responsibleParties.slice(1) : [], ctx)
            : formatCell(col, getPath(record, col.key), ctx);
        break;
      case "input":
        cells[col.key] = "";
        break;
      case "info":
        cells[col.key] = formatCell(col, record[col.key], ctx);
        break;
      case "system":
        if (col.key === ID_KEY) cells[col.key] = record.id ?? "";
        if (col.key === VERSION_KEY) cells[col.key] = record.version ?? "";
        break;
      default:
        break;
    }
  }
  delete cells[HASH_KEY];
  return cells;
}

export interface RowFields {
  /** Top-level field → value as the API would store it (undefined: blank). */
  fields: Record<string, unknown>;
  /** The 坐标系 the row's coordinates are in, when declared. */
  datum?: unknown;
  /** Fields one of whose columns is missing from the sheet: neither compared nor sent. */
  unavailable: Set<string>;
  /** What the shared normalizer changed in the row's cells (full-width, DMS, phone, dates, aliases …). */
  normalized: Normalization[];
}

const fieldColumns = new WeakMap<Layout, Map<string, Column[]>>();
/** The edit columns of each field, computed once per layout (readFields runs for every row). */
function columnsByField(layout: Layout): Map<string, Column[]> {
  let map = fieldColumns.get(layout);
  if (!map) {
    map = new Map(FIELDS.map((f) => [f, layout.columns.filter((c) => c.role === "edit" && c.field === f)]));
    fieldColumns.set(layout, map);
  }
  return map;
}

/** Reads a row's editable fields. `cell(key)` gives the cell of a column, or undefined if the sheet lacks it. */
export function readFields(cell: (key: string) => { value: unknown } | undefined, ctx: CellContext): RowFields {
  const fields: Record<string, unknown> = {};
  const unavailable = new Set<string>();
  const normalized: Normalization[] = [];
  const byField = columnsByField(ctx.layout);
  for (const field of FIELDS) {
    const cols = byField.get(field)!;
    const cells = cols.map((c) => cell(c.key));
    if (cells.some((c) => c === undefined)) {
      unavailable.add(field);
      continue;
    }
    const parsed = cols.map((c, i) => parseCell(c, cells[i]!.value, ctx, normalized));
    if (field === "responsibleParties") {
      const first: Rec = {};
      let extras: unknown;
      cols.forEach((c, i) => {
        if (c.key === EXTRA_PARTIES_KEY) extras = parsed[i];
        else if (parsed[i] !== undefined) first[c.key.slice(c.key.indexOf(".") + 1)] = parsed[i];
      });
      const list = [...(Object.keys(first).length ? [first] : []), ...(Array.isArray(extras) ? extras : [])];
      fields[field] = list.length ? list : undefined;
    } else if (cols.length === 1 && cols[0]!.key === field) {
      const v = parsed[0];
      fields[field] = Array.isArray(v) && !v.length ? undefined : v;
    } else {
      const obj: Rec = {};
      cols.forEach((c, i) => {
        if (parsed[i] !== undefined) obj[c.key.slice(field.length + 1)] = parsed[i];
      });
      fields[field] = Object.keys(obj).length ? obj : undefined;
    }
  }
  const datumCol = ctx.layout.byKey.get("datum");
  const datumCell = cell("datum");
  const datum = datumCol && datumCell ? parseCell(datumCol, datumCell.value, ctx) : undefined;
  return { fields, ...(datum !== undefined ? { datum } : {}), unavailable, normalized };
}
