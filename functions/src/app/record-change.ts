// One place that turns "this record becomes that" into a write: version bump, bookkeeping, the history
// entry chained to the previous one. Used by edits, photo evidence and lifecycle transitions.
import { backoff } from "../backoff.js";
import type { Principal } from "../domain/access.js";
import type { Channel } from "../domain/enums.js";
import type { FieldChange, Outfall } from "../domain/outfall.js";
import { diffRecords } from "../domain/record.js";
import type { Attachment, OutfallWrite } from "../ports/outfall-repository.js";
import type { Deps } from "./deps.js";
import { NotFound, VersionConflict } from "./errors.js";
import { historyEntry } from "./history.js";

export interface UpdateArgs {
  previous: Outfall;
  next: Outfall;
  who: Principal;
  channel: Channel;
  now: string;
  action: string;
  /** Defaults to the field-by-field difference. */
  changes?: FieldChange[];
  note?: string;
  evidence?: string[];
}

/** The writer's name as the record keeps it (updatedByName), when the directory has one. */
export const writerName = (who: Principal): { updatedByName?: string } => (who.name ? { updatedByName: who.name } : {});

export function updateWrite({ previous, next, who, channel, now, action, changes, note, evidence }: UpdateArgs): Extract<OutfallWrite, { kind: "update" }> {
  const version = previous.version + 1;
  const candidate: Outfall = { ...next, version, updatedAt: now, updatedBy: who.email, ...writerName(who) };
  if (!who.name) delete candidate.updatedByName;
  const history = historyEntry({
    outfallId: previous.id,
    version,
    at: now,
    who,
    channel,
    action,
    changes: changes ?? diffRecords(previous, candidate),
    prevHash: previous.historyHash,
    note,
    evidence,
  });
  return { kind: "update", record: { ...candidate, historyHash: history.hash }, previous, history };
}

export interface Change {
  next: Outfall;
  action: string;
  changes?: FieldChange[];
  note?: string;
  evidence?: string[];
  /** An item written once in the record's transaction (a patrol, a monitoring result). */
  attachment?: Attachment;
}

/** The change's attachment exists already: an earlier attempt of the same request wrote it, with its record. */
export class AttachmentExists extends Error {}

/**
 * Applies `change` to the current record and writes it. With `expectedVersion` a concurrent change is a
 * 409 for the caller to resolve; without it (system-side changes such as confirming a photo, which do not
 * depend on what the caller saw) the change is recomputed on the fresh record and retried.
 */
export async function changeRecord(
  deps: Deps,
  who: Principal,
  id: string,
  channel: Channel,
  change: (current: Outfall) => Change | Promise<Change>,
  expectedVersion?: number,
  /** The record as the caller just read it, saving the first read. */
  known?: Outfall,
): Promise<Outfall> {
  for (let attempt = 0; attempt < 5; attempt++) {
    await backoff(attempt);
    const current = attempt === 0 && known ? known : await deps.outfalls.get(id);
    if (!current) throw new NotFound("该排污口");
    if (expectedVersion !== undefined && current.version !== expectedVersion) throw new VersionConflict(current, expectedVersion);
    const { next, action, changes, note, evidence, attachment } = await change(current);
    const write = updateWrite({ previous: current, next, who, channel, now: deps.clock.now().toISOString(), action, changes, note, evidence });
    if (attachment) write.attachment = attachment;
    const [outcome] = await deps.outfalls.write([write]);
    if (outcome!.ok) return write.record;
    if (outcome!.reason === "conflict" && expectedVersion === undefined) continue;
    if (outcome!.reason === "conflict") throw new VersionConflict(outcome!.current, expectedVersion!);
    if (outcome!.reason === "replayed" && attachment) throw new AttachmentExists();
    throw new Error(`unexpected ${outcome!.reason} while changing ${id}`);
  }
  throw new Error(`record ${id} kept changing under a system update`);
}
