import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GENESIS_HASH, chainBreak, historyEntry, historyHash, verifyChain } from "../../functions/src/app/history.js";
import type { FieldChange, HistoryEntry } from "../../functions/src/domain/outfall.js";
import { canonical } from "../../functions/src/domain/record.js";

const who = { email: "clerk@test", role: "clerk" as const, subdistrict: "kaixuan" };
const entry = (version: number, prevHash: string, changes: FieldChange[] = [{ field: "sizeMm", before: null, after: String(version) }]) =>
  historyEntry({ outfallId: "X", version, at: "2024-01-01T00:00:00.000Z", who, channel: "api", action: "update", changes, prevHash });

/** An entry as written before RFC 8785: no `canon`, hashed over the localeCompare-sorted JSON. */
function legacyEntry(version: number, prevHash: string): HistoryEntry {
  const { canon: _canon, hash: _hash, ...body } = entry(version, prevHash);
  return { ...body, hash: createHash("sha256").update(canonical(body)).digest("hex") };
}

describe("history hash chain", () => {
  it("hashes new entries over their RFC 8785 form (keys in UTF-16 code unit order)", () => {
    // Prepare
    const e = entry(1, GENESIS_HASH, [{ field: "note", before: { b: 1, B: 2, _: 3, a: 1e21 }, after: "é" }]);
    // Act
    const { hash, ...body } = e;
    // Assess
    expect(e.canon).toBe("jcs");
    expect(hash).toBe(historyHash(body));
    const expectedForm =
      `{"action":"update","actor":"clerk@test","actorRole":"clerk","at":"2024-01-01T00:00:00.000Z","canon":"jcs","changes":[{"after":"é","before":{"B":2,"_":3,"a":1e+21,"b":1},"field":"note"}],"channel":"api","outfallId":"X","prevHash":"${GENESIS_HASH}","version":1}`;
    expect(hash).toBe(createHash("sha256").update(expectedForm).digest("hex"));
  });

  it("keeps verifying a chain whose older entries were written in the legacy form", () => {
    // Prepare
    const first = legacyEntry(1, GENESIS_HASH);
    const second = legacyEntry(2, first.hash);
    const third = entry(3, second.hash);
    // Act
    const verdict = chainBreak([first, second, third], third.hash);
    // Assess
    expect(verdict).toBeUndefined();
  });

  it("breaks when an entry is edited, its canon marker stripped, or one is dropped", () => {
    // Prepare
    const first = entry(1, GENESIS_HASH);
    const second = entry(2, first.hash);
    const third = entry(3, second.hash);
    const { canon: _c, ...stripped } = second;
    // Act + Assess
    expect(verifyChain([first, second, third], third.hash)).toBe(true);
    expect(chainBreak([first, { ...second, note: "改过" }, third], third.hash)).toMatchObject({ version: 2 });
    expect(chainBreak([first, stripped as HistoryEntry, third], third.hash)).toMatchObject({ version: 2 });
    expect(chainBreak([first, third], third.hash)).toMatchObject({ version: 2 });
    expect(chainBreak([first, second], third.hash)).toMatchObject({ version: 2 });
  });
});
