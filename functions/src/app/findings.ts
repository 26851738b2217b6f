// What patrols and monitoring share: an item kept in the outfall's partition, written once in the same
// transaction as the record it changes (supervision timestamps, problems found, a reopening) and that
// record's history entry. With an Idempotency-Key the item's id comes from the key, so a retried request
// answers the item the first attempt wrote instead of writing a second one.
import { createHash } from "node:crypto";
import type { Principal } from "../domain/access.js";
import { type Channel, PROBLEM } from "../domain/enums.js";
import type { Outfall } from "../domain/outfall.js";
import { deriveFields } from "../domain/record.js";
import { applyFinding } from "../domain/supervision/patrol.js";
import type { Violation } from "../domain/violations.js";
import type { Attachment } from "../ports/outfall-repository.js";
import type { Deps } from "./deps.js";
import { InvalidInput, NotFound } from "./errors.js";
import { AttachmentExists, changeRecord } from "./record-change.js";

type Problem = (typeof PROBLEM.keys)[number];

/** The item's id: derived from the caller and their Idempotency-Key, else a new one. */
export function findingId(deps: Deps, who: Principal, idempotencyKey: string | undefined, kind: string): string {
  if (!idempotencyKey) return deps.newId();
  return createHash("sha256").update(`${kind}\u0000${who.email}\u0000${idempotencyKey}`).digest("hex").slice(0, 26).toUpperCase();
}

export interface FindingWrite<T> {
  kind: Attachment["kind"];
  id: string;
  /** History action when the record is not reopened. */
  action: string;
  /** Problems what was found shows. */
  problems: (current: Outfall) => Problem[];
  /** Compact fields the record keeps (lastPatrolAt, lastMonitoringAt). */
  touch: (current: Outfall) => Partial<Outfall>;
  /** Refusals that depend on the current record (photos of this outfall). */
  check?: (current: Outfall) => Violation[];
  note: string;
  evidence: string[];
  item: (made: { added: Problem[]; reopened: boolean; version: number; now: string }) => T;
}

/** Writes the finding with its record; `created` is false when an earlier attempt wrote it. */
export async function writeFinding<T extends Record<string, unknown>>(
  deps: Deps,
  who: Principal,
  record: Outfall,
  channel: Channel,
  spec: FindingWrite<T>,
): Promise<{ item: T; created: boolean; record?: Outfall }> {
  const earlier = await deps.outfalls.attachment(record.id, spec.kind, spec.id);
  if (earlier) return { item: earlier as T, created: false };
  let item: T | undefined;
  try {
    const written = await changeRecord(
      deps,
      who,
      record.id,
      channel,
      (current) => {
        const refused = spec.check?.(current) ?? [];
        if (refused.length) throw new InvalidInput(refused);
        const now = deps.clock.now().toISOString();
        const found = applyFinding(current, spec.problems(current), who, now, deps.reference, spec.touch(current));
        if (Array.isArray(found)) throw new InvalidInput(found);
        deriveFields(found.next, deps.reference);
        item = spec.item({ added: found.added, reopened: found.reopened, version: current.version + 1, now });
        const problemNote = found.added.length ? `；发现问题：${found.added.map((p) => PROBLEM.label(p)).join("、")}` : "";
        return {
          next: found.next,
          action: found.reopened ? "reopen" : spec.action,
          note: `${spec.note}${problemNote}${found.reopened ? "；已重新打开" : ""}`,
          evidence: spec.evidence,
          attachment: { kind: spec.kind, id: spec.id, body: item },
        };
      },
      undefined,
      record,
    );
    return { item: item!, created: true, record: written };
  } catch (error) {
    if (!(error instanceof AttachmentExists)) throw error;
    const stored = await deps.outfalls.attachment(record.id, spec.kind, spec.id);
    if (!stored) throw new NotFound("该记录");
    return { item: stored as T, created: false };
  }
}
