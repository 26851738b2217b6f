// Tamper evidence beyond the hash chain: every day the chain heads of all outfalls are written into a signed
// manifest in write-once storage. Whoever can write the table could rewrite a record's whole history and
// recompute every hash; they cannot rewrite the anchored heads. `verifyHistory` checks both.
import jcs from "canonicalize";
import type { HistoryEntry } from "../domain/outfall.js";
import type { AnchorSigner, AnchorStore } from "../ports/anchors.js";
import type { Deps } from "./deps.js";
import { chainBreak } from "./history.js";
import { allOutfalls } from "./outfalls.js";

export const ANCHOR_FORMAT = "outfall-ledger-anchor/1";

export interface AnchorManifest {
  format: typeof ANCHOR_FORMAT;
  at: string;
  count: number;
  /** Every outfall's last history entry, sorted by id. */
  heads: { id: string; version: number; hash: string }[];
}

export interface SignedAnchor {
  manifest: AnchorManifest;
  signature: { alg: "Ed25519"; keyId: string; value: string };
}

/** The manifest's name: one per UTC timestamp of the run, so a retried run of the same schedule is a no-op. */
export const anchorName = (at: Date) => `anchors/${at.toISOString().replace(/[:.]/g, "-")}.json`;

export async function anchorHeads(deps: Deps, store: AnchorStore, signer: AnchorSigner, at: Date): Promise<{ name: string; count: number; created: boolean }> {
  const records = await allOutfalls(deps);
  const heads = records.map((r) => ({ id: r.id, version: r.version, hash: r.historyHash })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const manifest: AnchorManifest = { format: ANCHOR_FORMAT, at: at.toISOString(), count: heads.length, heads };
  const signed: SignedAnchor = { manifest, signature: { alg: "Ed25519", keyId: signer.keyId, value: signer.sign(Buffer.from(jcs(manifest)!, "utf8")) } };
  const name = anchorName(at);
  const created = await store.put(name, JSON.stringify(signed));
  return { name, count: heads.length, created };
}

export interface HistoryBreak {
  outfallId?: string;
  version?: number;
  anchor?: string;
  reason: string;
}

export interface HistoryReport {
  records: number;
  entries: number;
  anchors: number;
  breaks: HistoryBreak[];
}

async function fullHistory(deps: Deps, id: string): Promise<HistoryEntry[]> {
  const entries: HistoryEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.outfalls.history(id, 1000, cursor);
    entries.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return entries;
}

/** Checks every record's chain (content, links, count, head) and every anchor (signature, and that each
 *  anchored head is still the entry at that version). */
export async function verifyHistory(deps: Deps, store: AnchorStore, signer: AnchorSigner): Promise<HistoryReport> {
  const breaks: HistoryBreak[] = [];
  const records = await allOutfalls(deps);
  const hashes = new Map<string, string[]>();
  let entries = 0;
  for (const record of records) {
    const history = await fullHistory(deps, record.id);
    entries += history.length;
    hashes.set(
      record.id,
      history.map((e) => e.hash),
    );
    const broken = chainBreak(history, record.historyHash, record.version);
    if (broken) breaks.push({ outfallId: record.id, ...broken });
  }
  const names = (await store.list()).sort();
  for (const name of names) {
    let anchor: SignedAnchor;
    try {
      anchor = JSON.parse(await store.get(name)) as SignedAnchor;
    } catch {
      breaks.push({ anchor: name, reason: "the manifest cannot be read" });
      continue;
    }
    const body = Buffer.from(jcs(anchor.manifest) ?? "", "utf8");
    if (anchor.signature?.keyId !== signer.keyId || !signer.verify(body, anchor.signature.value)) {
      breaks.push({ anchor: name, reason: "the manifest's signature does not verify" });
      continue;
    }
    for (const head of anchor.manifest.heads) {
      const chain = hashes.get(head.id);
      if (!chain) breaks.push({ anchor: name, outfallId: head.id, reason: "an anchored outfall is missing" });
      else if (chain[head.version - 1] !== head.hash) {
        breaks.push({ anchor: name, outfallId: head.id, version: head.version, reason: "the entry differs from the anchored head (history rewritten after anchoring)" });
      }
    }
  }
  return { records: records.length, entries, anchors: names.length, breaks };
}
