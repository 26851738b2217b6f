// The steps of a write after each row was validated on its own (outfalls.ts `upsertRows`): the checks that
// span the batch (duplicate codes, the plan's rules with their cross-record facts), temp ids, the writes
// each row becomes (record and history entry), and writing them slice by slice.
import type { Principal } from "../domain/access.js";
import type { Channel, Status } from "../domain/enums.js";
import { fieldLabel } from "../domain/fields.js";
import type { Outfall } from "../domain/outfall.js";
import { type Editable, diffRecords } from "../domain/record.js";
import { stampProtectedApproval } from "../domain/rules.js";
import { type Violation, violation } from "../domain/violations.js";
import type { OutfallWrite, WriteOutcome } from "../ports/outfall-repository.js";
import type { Deps } from "./deps.js";
import { GENESIS_HASH, historyEntry } from "./history.js";
import { updateWrite, writerName } from "./record-change.js";
import { gatherFacts, ruleViolations } from "./rule-context.js";
import { reserveTempIds } from "./temp-ids.js";

/** A validated row waiting to be written: a new record's fields, or an update with the version it was based on. */
export type Pending =
  | { kind: "create"; index: number; fields: Editable & { status: Status } }
  | { kind: "update"; index: number; record: Outfall; previous: Outfall };

/** Rows per slice of a batch's writes, and slices in flight at once (about 3 transactions each). */
const SLICE_ROWS = 100;
const SLICES_IN_FLIGHT = 3;

/**
 * Checks, builds (`prepare`) and writes a batch's rows slice by slice, preparing the next slice while the
 * ones before it are being written: the store works while the function computes instead of waiting for the
 * whole batch to be built (issue 20: a 500-row push spent ~300 ms computing before its first transaction).
 * Slices are prepared in row order, so temp ids still follow the rows. On a failure nothing more is started
 * and every started write is awaited before it propagates, so no write lands after the answer.
 */
export async function writeInSlices(
  deps: Deps,
  pending: Pending[],
  prepare: (slice: Pending[]) => { pending: Pending; write: OutfallWrite }[],
): Promise<{ pending: Pending; write: OutfallWrite; outcome: WriteOutcome }[]> {
  const done: { pending: Pending; write: OutfallWrite; outcome: WriteOutcome }[][] = [];
  const inFlight = new Set<Promise<void>>();
  const failures: unknown[] = [];
  try {
    for (let start = 0; start < pending.length && !failures.length; start += SLICE_ROWS) {
      const prepared = prepare(pending.slice(start, start + SLICE_ROWS));
      const slot = done.push([]) - 1;
      const job: Promise<void> = deps.outfalls
        .write(prepared.map((p) => p.write))
        .then(
          (outcomes) => void (done[slot] = prepared.map((p, n) => ({ ...p, outcome: outcomes[n]! }))),
          (error: unknown) => void failures.push(error),
        )
        .finally(() => inFlight.delete(job));
      inFlight.add(job);
      // Let the slice's requests go out before computing the next one (a PATCH's one row has no next one).
      if (start + SLICE_ROWS < pending.length) await new Promise((resolve) => setImmediate(resolve));
      while (inFlight.size >= SLICES_IN_FLIGHT) await Promise.race(inFlight);
    }
  } finally {
    await Promise.all(inFlight);
  }
  if (failures.length) throw failures[0];
  return done.flat();
}

/** The plan's rules (R-STORM, R-PROTECTED, …) on every row, with the facts they need read once per batch. */
export async function checkPlanRules(deps: Deps, who: Principal, pending: Pending[], reject: (i: number, o: "invalid", v: Violation[]) => void, now: string) {
  const candidate = (p: Pending) => (p.kind === "create" ? (p.fields as Outfall) : p.record);
  const facts = await gatherFacts(deps, pending.map((p) => ({ previous: p.kind === "update" ? p.previous : undefined, next: candidate(p) })));
  for (const p of pending) {
    const next = candidate(p);
    const broken = ruleViolations(deps, who, facts, p.kind === "update" ? p.previous : undefined, next);
    if (broken.length) reject(p.index, "invalid", broken);
    else stampProtectedApproval(next, who, now);
  }
}

const UNIQUE_CODES = ["nationalCode", "provincialCode"] as const;

export function rejectDuplicateCodesWithinBatch(pending: Pending[], reject: (i: number, o: "invalid", v: Violation[]) => void) {
  for (const field of UNIQUE_CODES) {
    const firstRow = new Map<string, number>();
    for (const p of pending) {
      const value = p.kind === "create" ? p.fields[field] : p.record[field];
      if (!value) continue;
      const first = firstRow.get(value);
      if (first === undefined) firstRow.set(value, p.index);
      else reject(p.index, "invalid", [violation(field, "R-UNIQUE", `「${fieldLabel(field)}」${value} 与本批第 ${first + 1} 行重复，同一编码不能重复`)]);
    }
  }
}

/** Temp ids for the new records among `pending` (by row index), reserved all at once. */
export async function reserveCreateTempIds(deps: Deps, pending: Pending[]): Promise<Map<number, string>> {
  const creates = pending.filter((p): p is Extract<Pending, { kind: "create" }> => p.kind === "create");
  const reserved = await reserveTempIds(deps, creates.map((p) => p.fields.subdistrict!));
  return new Map(creates.map((p, n) => [p.index, reserved[n]!]));
}

/** The writes of checked rows: new records with their ids, temp ids and first history entry, updates with theirs. Pure computation. */
export function buildWrites(who: Principal, pending: Pending[], tempIds: Map<number, string>, channel: Channel, now: string, newId: () => string): OutfallWrite[] {
  return pending.map((p): OutfallWrite => {
    if (p.kind === "create") {
      const base = {
        ...p.fields,
        id: newId(),
        tempId: tempIds.get(p.index)!,
        version: 1,
        createdAt: now,
        createdBy: who.email,
        updatedAt: now,
        updatedBy: who.email,
        ...writerName(who),
      } as Omit<Outfall, "historyHash">;
      const history = historyEntry({
        outfallId: base.id,
        version: 1,
        at: now,
        who,
        channel,
        action: "create",
        changes: diffRecords(undefined, base as Outfall),
        prevHash: GENESIS_HASH,
      });
      return { kind: "create", record: { ...base, historyHash: history.hash } as Outfall, history };
    }
    return updateWrite({ previous: p.previous, next: p.record, who, channel, now, action: "update" });
  });
}
