import { createHash } from "node:crypto";
import jcs from "canonicalize";
import type { Principal } from "../domain/access.js";
import type { Channel } from "../domain/enums.js";
import type { FieldChange, HistoryEntry } from "../domain/outfall.js";
import { canonical } from "../domain/record.js";

export const GENESIS_HASH = "0".repeat(64);

/** The canonical form of entries written from now on: RFC 8785 (JSON Canonicalization Scheme). */
export const CANON_JCS = "jcs";

/**
 * Each entry's hash covers its content and the previous hash, so editing or dropping an entry breaks the
 * chain. Entries marked `canon: "jcs"` are hashed in RFC 8785 form (the marker itself is covered, so it
 * cannot be stripped or added without breaking the hash); entries written before it (no `canon`) keep
 * verifying in the form they were written in — history is never re-hashed (functions/README.md).
 */
export function historyHash(entry: Omit<HistoryEntry, "hash">): string {
  const form = entry.canon === CANON_JCS ? jcs(entry) : legacyCanonical(entry);
  return createHash("sha256").update(form!).digest("hex");
}

/** The form entries without `canon` were hashed in: keys sorted with localeCompare, then JSON. Verification only. */
const legacyCanonical = canonical;

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
    canon: CANON_JCS,
  };
  return { ...body, hash: historyHash(body) };
}

/** Verifies a record's whole history chain (oldest first). */
export function verifyChain(entries: HistoryEntry[], head: string): boolean {
  return chainBreak(entries, head) === undefined;
}

/** Where a record's history chain (oldest first) breaks, or undefined when it verifies up to `head`. */
export function chainBreak(entries: HistoryEntry[], head: string, expectedCount?: number): { version: number; reason: string } | undefined {
  let prev = GENESIS_HASH;
  let n = 0;
  for (const { hash, ...body } of entries) {
    n++;
    if (body.version !== n) return { version: n, reason: `entry ${n} is missing (found version ${body.version})` };
    if (body.prevHash !== prev) return { version: n, reason: "prevHash does not name the previous entry's hash" };
    if (historyHash(body) !== hash) return { version: n, reason: "content does not match its hash (edited)" };
    prev = hash;
  }
  if (expectedCount !== undefined && n !== expectedCount) return { version: n + 1, reason: `${expectedCount - n} entries missing at the end` };
  if (prev !== head) return { version: n, reason: "the record's historyHash is not the last entry's hash" };
  return undefined;
}
