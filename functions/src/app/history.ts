import { createHash } from "node:crypto";
import type { Principal } from "../domain/access.js";
import type { Channel } from "../domain/enums.js";
import type { FieldChange, HistoryEntry } from "../domain/outfall.js";
import { canonical } from "../domain/record.js";

export const GENESIS_HASH = "0".repeat(64);

/** Each entry's hash covers its content and the previous hash, so editing or dropping an entry breaks the chain. */
export function historyHash(entry: Omit<HistoryEntry, "hash">): string {
  return createHash("sha256").update(canonical(entry)).digest("hex");
}

export function historyEntry(args: {
  outfallId: string;
  version: number;
  at: string;
  who: Principal;
  channel: Channel;
  action: string;
  changes: FieldChange[];
  prevHash: string;
  note?: string;
  evidence?: string[];
}): HistoryEntry {
  const body: Omit<HistoryEntry, "hash"> = {
    outfallId: args.outfallId,
    version: args.version,
    at: args.at,
    actor: args.who.email,
    actorRole: args.who.role,
    channel: args.channel,
    action: args.action,
    ...(args.note ? { note: args.note } : {}),
    ...(args.evidence?.length ? { evidence: args.evidence } : {}),
    changes: args.changes,
    prevHash: args.prevHash,
  };
  return { ...body, hash: historyHash(body) };
}

/** Verifies a record's whole history chain (oldest first). */
export function verifyChain(entries: HistoryEntry[], head: string): boolean {
  let prev = GENESIS_HASH;
  for (const { hash, ...body } of entries) {
    if (body.prevHash !== prev || historyHash(body) !== hash) return false;
    prev = hash;
  }
  return prev === head;
}
