// Use cases on outfall records. Every write path (POST, PATCH, batch rows from a spreadsheet) goes through
// `upsertRows`, so the same validation, scope rules, concurrency check and history apply to all of them.
import { type Principal, outfallScope, readableSubdistricts } from "../domain/access.js";
import type { Channel, Inventory, Status } from "../domain/enums.js";
import { fieldLabel } from "../domain/fields.js";
import { referenceChoices, toKeys } from "../domain/labels.js";
import { type HistoryEntry, type Outfall, OutfallCreateInput, OutfallPatch } from "../domain/outfall.js";
import { deriveStatus } from "../domain/campaign.js";
import { applyPatch, buildNewOutfall, canonical, diffRecords } from "../domain/record.js";
import { type Violation, violation } from "../domain/violations.js";
import type { WrittenRow } from "../ports/idempotency-store.js";
import { InvalidCursor, type Page } from "../ports/outfall-repository.js";
import type { Deps } from "./deps.js";
import { Forbidden, InvalidInput, NotFound, PreconditionRequired, VersionConflict } from "./errors.js";
import { type Pending, buildWrites, checkPlanRules, rejectDuplicateCodesWithinBatch, reserveCreateTempIds, writeInSlices } from "./row-writes.js";

/** The derived fields a spreadsheet shows (整治截止日期, 已逾期): in a row's `changed` when the write moved them. */
export const DERIVED_SHOWN = ["effectiveDeadline", "overdue"] as const;

export interface RowRequest {
  /** Absent for a new outfall. */
  id?: string;
  /** The version the edit was based on; required for updates. */
  expectedVersion?: number;
  values: unknown;
  /** Echoed back, e.g. the sheet row number. */
  clientRef?: string;
}

export type RowResult = { index: number; clientRef?: string } & (
  | {
      outcome: "ok";
      id: string;
      tempId: string;
      version: number;
      unchanged?: boolean;
      record: Outfall;
      /** The top-level fields a client sending this row does not know yet: for an update, those that differ
       *  from the version it was based on; for a create, those that differ from what it sent. Absent on rows
       *  answered from an earlier attempt's marker (then every field counts as changed). */
      changed?: string[];
    }
  | { outcome: "invalid"; violations: Violation[] }
  | { outcome: "forbidden"; violations: Violation[] }
  | { outcome: "conflict"; violations: Violation[]; current: Outfall }
);

/** The message for a subdistrict filter naming no subdistrict of the district. */
export const unknownSubdistrict = (deps: Deps, value: string) =>
  `「属地街道」「${value}」不在本区街道名单中，可选：${referenceChoices(deps.reference, "subdistrict")}`;

const subdistrictName = (deps: Deps, key: string) => deps.reference.subdistrictByKey.get(key)?.name ?? key;

/** R-SCOPE of a read or write; `category` is the outfall's (undefined for a record not yet built). */
export function scopeViolation(deps: Deps, who: Principal, action: "read" | "create" | "update", subdistrict: string, category?: string) {
  const department = who.department ? deps.reference.departmentByKey.get(who.department) : undefined;
  const own = who.subdistrict ? subdistrictName(deps, who.subdistrict) : undefined;
  return outfallScope(who, action, subdistrict, subdistrictName(deps, subdistrict), { department, category }, own);
}

function conflictViolation(expected: number | undefined, current: Outfall): Violation {
  return violation(
    "version",
    "R-VERSION",
    `您修改的是第 ${expected ?? "?"} 版，服务器上已是第 ${current.version} 版（${current.updatedByName ?? current.updatedBy} 于 ${current.updatedAt} 修改）。请查看最新内容后决定保留哪一方的修改`,
  );
}

/** The rows of a request with an Idempotency-Key that earlier attempts wrote, and how to mark the rest. */
export interface RowIdempotency {
  key: string;
  requestHash: string;
  written: Map<number, WrittenRow>;
}

/** The rows earlier attempts of a request wrote (their markers), each with its record as it is now. */
export async function writtenRows(deps: Deps, key: string, requestHash: string): Promise<Map<number, WrittenRow>> {
  const markers = await deps.idempotency.rowMarkers(key, requestHash);
  if (!markers.size) return new Map();
  const records = await deps.outfalls.getMany([...markers.values()].map((m) => m.id));
  return new Map(
    [...markers.values()].map((m) => {
      const record = records.get(m.id);
      // A marker lands in the same transaction as its record: one without the other is a broken store.
      if (!record) throw new Error(`row ${m.index} is marked written as ${m.id}, which cannot be read`);
      return [m.index, { index: m.index, record }] as const;
    }),
  );
}

/** Validates, authorizes and writes rows; each row's outcome is independent of the others. With
 *  `idempotency`, rows an earlier attempt wrote are answered as written and every write carries its marker. */
export async function upsertRows(deps: Deps, who: Principal, requests: RowRequest[], channel: Channel, idempotency?: RowIdempotency): Promise<RowResult[]> {
  // Chinese labels and aliases (凯旋, 运河, 封堵) become keys before anything reads the values.
  const rows = requests.map((r) => ({ ...r, values: toKeys(r.id === undefined ? OutfallCreateInput : OutfallPatch, r.values, deps.reference) }));
  const now = deps.clock.now().toISOString();
  const results: (RowResult | undefined)[] = rows.map(() => undefined);
  const meta = (i: number) => ({ index: i, ...(rows[i]!.clientRef !== undefined ? { clientRef: rows[i]!.clientRef } : {}) });
  const reject = (i: number, outcome: "invalid" | "forbidden", violations: Violation[]) => {
    results[i] = { ...meta(i), outcome, violations };
  };
  const asWritten = ({ index, record: r }: WrittenRow, changed?: string[]) => {
    results[index] = { ...meta(index), outcome: "ok", id: r.id, tempId: r.tempId, version: r.version, record: r, ...(changed ? { changed } : {}) };
  };
  // What a client sending the row does not know: for an update, the fields the write changed that it did not
  // send as stored (a label stored as its key, a field set by a rule) and the derived fields that moved; for a
  // create, every field stored otherwise than sent (defaults, the name, keys for labels) and the derived ones.
  const changedBy = (p: Pending, record: Outfall): string[] => {
    const sent = (requests[p.index]!.values ?? {}) as Partial<Outfall>;
    if (p.kind === "create") return [...diffRecords(sent, record).map((c) => c.field).filter((f) => f !== "id" && f !== "tempId"), ...DERIVED_SHOWN];
    const sentAsStored = (f: string) => f in sent && canonical((sent as Record<string, unknown>)[f]) === canonical((record as Record<string, unknown>)[f]);
    const before = deriveStatus(p.previous, deps.campaign, deps.reference, deps.clock.now());
    const after = deriveStatus(record, deps.campaign, deps.reference, deps.clock.now());
    return [
      ...diffRecords(p.previous, record).map((c) => c.field).filter((f) => !sentAsStored(f)),
      ...DERIVED_SHOWN.filter((k) => canonical(before[k]) !== canonical(after[k])),
    ];
  };
  const seenIds = new Set<string>();
  for (const row of idempotency?.written.values() ?? []) {
    asWritten(row);
    if (rows[row.index]!.id) seenIds.add(rows[row.index]!.id!);
  }

  const ids = rows.flatMap((r, i) => (r.id && !results[i] ? [r.id] : []));
  const currents = ids.length ? await deps.outfalls.getMany(ids) : new Map<string, Outfall>();
  const pending: Pending[] = [];

  rows.forEach((row, i) => {
    if (results[i]) return; // written by an earlier attempt of the same request
    if (row.id === undefined) {
      const target = (row.values as { subdistrict?: unknown } | null)?.subdistrict;
      const denied = typeof target === "string" ? scopeViolation(deps, who, "create", target) : undefined;
      if (denied) return reject(i, "forbidden", [denied]);
      const built = buildNewOutfall(row.values, deps.reference);
      if (!built.ok) return reject(i, "invalid", built.violations);
      const deniedBuilt = scopeViolation(deps, who, "create", built.value.subdistrict!, built.value.category);
      if (deniedBuilt) return reject(i, "forbidden", [deniedBuilt]);
      pending.push({ kind: "create", index: i, fields: built.value });
      return;
    }
    if (seenIds.has(row.id)) {
      return reject(i, "invalid", [violation("id", "R-BATCH", "同一批次中同一条排污口出现了两次，请合并为一行")]);
    }
    seenIds.add(row.id);
    const current = currents.get(row.id);
    if (!current) return reject(i, "invalid", [violation("id", "R-NOT-FOUND", `排污口 ${row.id} 不存在`)]);
    const denied = scopeViolation(deps, who, "update", current.subdistrict, current.category);
    if (denied) return reject(i, "forbidden", [denied]);
    if (row.expectedVersion === undefined) {
      return reject(i, "invalid", [violation("expectedVersion", "R-PRECONDITION", "修改时须带上所依据的版本号，以免覆盖他人的修改")]);
    }
    if (row.expectedVersion !== current.version) {
      results[i] = { ...meta(i), outcome: "conflict", violations: [conflictViolation(row.expectedVersion, current)], current };
      return;
    }
    const patched = applyPatch(current, row.values, deps.reference);
    if (!patched.ok) return reject(i, "invalid", patched.violations);
    const next = patched.value;
    if (next.subdistrict !== current.subdistrict || next.category !== current.category) {
      const movedDenied = scopeViolation(deps, who, "update", next.subdistrict, next.category);
      if (movedDenied) return reject(i, "forbidden", [movedDenied]);
    }
    if (!diffRecords(current, next).length) {
      results[i] = { ...meta(i), outcome: "ok", id: current.id, tempId: current.tempId, version: current.version, unchanged: true, record: current, changed: [] };
      return;
    }
    pending.push({ kind: "update", index: i, record: next, previous: current });
  });

  rejectDuplicateCodesWithinBatch(pending, reject);
  // Temp ids are reserved while the rules' facts are read (one round trip instead of two): a row the rules
  // then refuse leaves a gap in its subdistrict's sequence, as a write refused for a duplicate code does.
  const checked = pending.filter((p) => !results[p.index]);
  const [tempIds] = await Promise.all([reserveCreateTempIds(deps, checked), checkPlanRules(deps, who, checked, reject, now)]);
  const written = await writeInSlices(
    deps,
    pending.filter((p) => !results[p.index]),
    (slice) =>
      buildWrites(who, slice, tempIds, channel, now, deps.newId).map((write, n) => ({
        pending: slice[n]!,
        write: idempotency ? { ...write, marker: { key: idempotency.key, requestHash: idempotency.requestHash, index: slice[n]!.index } } : write,
      })),
  );
  // Rows a concurrent attempt of the same request wrote first: answered from its markers.
  const replayed =
    idempotency && written.some(({ outcome: o }) => !o.ok && o.reason === "replayed") ? await writtenRows(deps, idempotency.key, idempotency.requestHash) : undefined;

  written.forEach(({ pending: row, write, outcome }) => {
    const { index } = row;
    if (outcome.ok) {
      asWritten({ index, record: write.record }, changedBy(row, write.record));
    } else if (outcome.reason === "replayed") {
      const marked = replayed?.get(index);
      if (!marked) throw new Error(`row ${index} was marked written but its marker cannot be read`);
      asWritten(marked);
    } else if (outcome.reason === "duplicate") {
      const value = write.record[outcome.field];
      reject(index, "invalid", [
        violation(outcome.field, "R-UNIQUE", `「${fieldLabel(outcome.field)}」${value} 已被另一个排污口${outcome.ownerId ? `（${outcome.ownerId}）` : ""}使用，同一编码不能重复`),
      ]);
    } else if (outcome.current) {
      results[index] = {
        ...meta(index),
        outcome: "conflict",
        violations: [conflictViolation(rows[index]!.expectedVersion, outcome.current)],
        current: outcome.current,
      };
    } else {
      throw new Error(`write of row ${index} was refused without a current record`);
    }
  });
  // A row found changed before it was written may have been changed by a concurrent attempt of this very
  // request (same key): its marker says so, and then the row is answered as written, not as a conflict.
  if (idempotency && results.some((r) => r?.outcome === "conflict")) {
    const late = await writtenRows(deps, idempotency.key, idempotency.requestHash);
    results.forEach((r, i) => {
      const marked = late.get(i);
      if (r?.outcome === "conflict" && marked) asWritten(marked);
    });
  }
  return results as RowResult[];
}

/** Turns a single row's result into the answer of POST/PATCH, or the error to report. */
function single(result: RowResult): Outfall {
  switch (result.outcome) {
    case "ok":
      return result.record;
    case "forbidden":
      throw new Forbidden(result.violations[0]!);
    case "conflict":
      throw new VersionConflict(result.current, result.current.version);
    case "invalid":
      if (result.violations.some((v) => v.rule === "R-NOT-FOUND")) throw new NotFound("该排污口");
      if (result.violations.some((v) => v.rule === "R-PRECONDITION")) throw new PreconditionRequired();
      throw new InvalidInput(result.violations);
  }
}

export async function createOutfall(deps: Deps, who: Principal, body: unknown, channel: Channel, idempotency?: RowIdempotency): Promise<Outfall> {
  const [result] = await upsertRows(deps, who, [{ values: body }], channel, idempotency);
  return single(result!);
}

export async function patchOutfall(
  deps: Deps,
  who: Principal,
  id: string,
  expectedVersion: number | undefined,
  body: unknown,
  channel: Channel,
): Promise<Outfall> {
  if (expectedVersion === undefined) {
    // Tell an unknown id or an out-of-scope record apart before asking for the version.
    await getOutfall(deps, who, id);
    throw new PreconditionRequired();
  }
  const [result] = await upsertRows(deps, who, [{ id, expectedVersion, values: body }], channel);
  if (result!.outcome === "conflict") throw new VersionConflict(result!.current, expectedVersion);
  return single(result!);
}

export async function getOutfall(deps: Deps, who: Principal, id: string): Promise<Outfall> {
  const record = await deps.outfalls.get(id);
  if (!record) throw new NotFound("该排污口");
  const denied = scopeViolation(deps, who, "read", record.subdistrict);
  if (denied) throw new Forbidden(denied);
  return record;
}

export interface ListRequest {
  subdistrict?: string;
  status?: Status[];
  category?: string[];
  inventory?: Inventory;
  updatedSince?: string;
  cursor?: string;
  limit: number;
}

export async function listOutfalls(deps: Deps, who: Principal, req: ListRequest): Promise<Page<Outfall>> {
  const allowed = readableSubdistricts(who);
  const subdistrict = req.subdistrict ?? (allowed?.length === 1 ? allowed[0] : undefined);
  if (subdistrict !== undefined && !deps.reference.subdistrictByKey.has(subdistrict)) {
    throw new InvalidInput([violation("subdistrict", "R-REFERENCE", unknownSubdistrict(deps, subdistrict))]);
  }
  if (allowed && (subdistrict === undefined || !allowed.includes(subdistrict))) {
    throw new Forbidden(scopeViolation(deps, who, "read", subdistrict ?? "全区")!);
  }
  // Sort keys hold UTC timestamps; "+08:00" input must compare on the same clock.
  const updatedSince = req.updatedSince ? new Date(req.updatedSince).toISOString() : undefined;
  // The stormwater inventory is the records whose subcategory is flagged stormwater in the reference data.
  const stormwater = deps.reference.subcategories.filter((s) => s.stormwater).map((s) => s.key);
  const { inventory, ...rest } = req;
  const subcategory = inventory ? (inventory === "stormwater" ? { in: stormwater } : { notIn: stormwater }) : undefined;
  return withCursorCheck(() => deps.outfalls.list({ ...rest, subdistrict, updatedSince, ...(subcategory ? { subcategory } : {}) }));
}

async function withCursorCheck<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidCursor) {
      throw new InvalidInput([violation("cursor", "R-FORMAT", "翻页游标无效或不属于这个列表，请从第一页重新获取")]);
    }
    throw error;
  }
}

export async function outfallHistory(deps: Deps, who: Principal, id: string, limit: number, cursor?: string): Promise<Page<HistoryEntry>> {
  await getOutfall(deps, who, id);
  return withCursorCheck(() => deps.outfalls.history(id, limit, cursor));
}

/** Every record of a subdistrict (or the district), page by page. */
export async function allOutfalls(deps: Deps, subdistrict?: string): Promise<Outfall[]> {
  const items: Outfall[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.outfalls.list({ subdistrict, limit: 1000, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
