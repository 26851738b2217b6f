// Record ids and temp ids: ULIDs from the pooled random bytes, and one sequence reservation per subdistrict.
import { isValid } from "ulid";
import { describe, expect, it } from "vitest";
import { loadReference } from "../../functions/reference/index.js";
import { reserveTempIds } from "../../functions/src/app/temp-ids.js";
import type { Deps } from "../../functions/src/app/deps.js";
import { newUlid } from "../../functions/src/ids.js";

describe("newUlid", () => {
  it("makes valid, distinct, time-ordered ids across several refills of its random pool", () => {
    // Act: 1,000 ids use 16,000 random bytes, four refills of the 4 KB pool
    const ids = Array.from({ length: 1000 }, () => newUlid());
    // Assess
    expect(ids.every((id) => isValid(id))).toBe(true);
    expect(new Set(ids).size).toBe(1000);
    expect(ids.map((id) => id.slice(0, 10))).toEqual([...ids.map((id) => id.slice(0, 10))].sort());
    // Every one of the 32 characters turns up in the random part: the bytes are spread over the alphabet.
    expect(new Set(ids.flatMap((id) => [...id.slice(10)])).size).toBe(32);
  });
});

describe("reserveTempIds", () => {
  it("reserves once per subdistrict, all at once, and numbers each subdistrict's new records in order", async () => {
    // Prepare: a counter per short code that answers after a delay, recording how many reservations overlap
    const reference = loadReference();
    const [a, b] = reference.subdistricts;
    const counters = new Map<string, number>([[a!.shortCode, 7]]);
    let inFlight = 0;
    let most = 0;
    const calls: [string, number][] = [];
    const outfalls = {
      async reserveTempSequence(shortCode: string, count: number) {
        calls.push([shortCode, count]);
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 10));
        inFlight--;
        const first = (counters.get(shortCode) ?? 0) + 1;
        counters.set(shortCode, first + count - 1);
        return first;
      },
    } as unknown as Deps["outfalls"];
    // Act
    const ids = await reserveTempIds({ outfalls, reference }, [a!.key, b!.key, a!.key]);
    // Assess
    expect(calls).toEqual([
      [a!.shortCode, 2],
      [b!.shortCode, 1],
    ]);
    expect(most).toBe(2);
    const prefix = reference.district.tempIdPrefix;
    expect(ids).toEqual([`${prefix}-${a!.shortCode}-0008`, `${prefix}-${b!.shortCode}-0001`, `${prefix}-${a!.shortCode}-0009`]);
  });
});
