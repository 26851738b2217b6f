// The write path's reads: which cross-record facts a change needs (only what a rule could answer
// differently for), and a request's read-ahead serving each record once.
import { describe, expect, it } from "vitest";
import { withReadAhead } from "../../functions/src/app/read-ahead.js";
import type { Outfall } from "../../functions/src/domain/outfall.js";
import { factsNeeded } from "../../functions/src/domain/rules.js";
import type { OutfallRepository } from "../../functions/src/ports/outfall-repository.js";
import { outfall } from "./outfall-fixture.js";

const ENTERPRISE = { kind: "enterprise", name: "杭州某厂", creditCode: "91330102MA2B3C4D5E" } as const;
const kept = (overrides: Partial<Outfall> = {}) =>
  outfall({ category: "industrial", action: "keep", status: "remediating", responsibleParties: [ENTERPRISE] as Outfall["responsibleParties"], ...overrides });

describe("factsNeeded", () => {
  it("reads everything a new record's rules need", () => {
    // Act
    const needed = factsNeeded(undefined, kept({ action: "merge", mergeInto: "SC-KX-0002", status: "traced" }));
    // Assess
    expect(needed).toEqual({ mergeRefs: ["SC-KX-0002"], creditCodes: [] });
    expect(factsNeeded(undefined, kept())).toEqual({ mergeRefs: [], creditCodes: [ENTERPRISE.creditCode] });
  });

  it("reads nothing when the inputs of the cross-record rules did not change", () => {
    // Prepare
    const before = kept();
    // Act / Assess
    expect(factsNeeded(before, { ...before, address: "新地址" })).toEqual({ mergeRefs: [], creditCodes: [] });
    const merging = kept({ action: "merge", mergeInto: "SC-KX-0002", status: "traced" });
    expect(factsNeeded(merging, { ...merging, name: "改名" })).toEqual({ mergeRefs: [], creditCodes: [] });
  });

  it("reads the enterprise's outfalls when the record becomes kept or its parties change", () => {
    // Prepare
    const planned = kept({ action: "ban" });
    const other = { ...ENTERPRISE, creditCode: "91330102MA2B3C4D6F" };
    // Act / Assess
    expect(factsNeeded(planned, kept()).creditCodes).toEqual([ENTERPRISE.creditCode]);
    expect(factsNeeded(kept(), kept({ responsibleParties: [other] as Outfall["responsibleParties"] })).creditCodes).toEqual([other.creditCode]);
    expect(factsNeeded(kept(), kept({ filingRef: "上环备〔2025〕1号" })).creditCodes).toEqual([]);
  });

  it("reads the merge target again when the target, the action or the state changes", () => {
    // Prepare
    const merging = kept({ action: "merge", mergeInto: "SC-KX-0002", status: "traced" });
    // Act / Assess
    expect(factsNeeded(merging, { ...merging, mergeInto: "SC-KX-0003" }).mergeRefs).toEqual(["SC-KX-0003"]);
    expect(factsNeeded(merging, { ...merging, status: "remediating" }).mergeRefs).toEqual(["SC-KX-0002"]);
    expect(factsNeeded(kept({ status: "traced" }), { ...merging }).mergeRefs).toEqual(["SC-KX-0002"]);
  });
});

describe("withReadAhead", () => {
  function fakeRepository() {
    const store = new Map([["A", outfall({ id: "A" })], ["B", outfall({ id: "B" })]]);
    const calls: string[][] = [];
    const repo = {
      getMany: async (ids: string[]) => {
        calls.push(ids);
        return new Map(ids.flatMap((id): [string, Outfall][] => (store.has(id) ? [[id, store.get(id)!]] : [])));
      },
      get: async (id: string) => {
        calls.push([id]);
        return store.get(id);
      },
      isEmpty: async () => false,
    } as unknown as OutfallRepository;
    return { repo, calls, store };
  }

  it("reads ahead at once and serves the first read of the record from it", async () => {
    // Prepare
    const { repo, calls } = fakeRepository();
    // Act
    const ahead = withReadAhead(repo, ["A"]);
    const calledAtOnce = calls.length;
    const first = await ahead.getMany(["A"]);
    // Assess
    expect(calledAtOnce).toBe(1);
    expect(first.get("A")?.id).toBe("A");
    expect(calls).toEqual([["A"]]);
  });

  it("goes to the store for a second read, other ids and other methods", async () => {
    // Prepare
    const { repo, calls, store } = fakeRepository();
    const ahead = withReadAhead(repo, ["A"]);
    await ahead.get("A");
    store.set("A", outfall({ id: "A", version: 2 }));
    // Act
    const again = await ahead.get("A");
    const other = await ahead.getMany(["A", "B"]);
    const empty = await ahead.isEmpty();
    // Assess
    expect(again?.version).toBe(2);
    expect([...other.keys()].sort()).toEqual(["A", "B"]);
    expect(empty).toBe(false);
    expect(calls).toEqual([["A"], ["A"], ["A", "B"]]);
  });

  it("answers a missing record as missing", async () => {
    // Prepare
    const { repo } = fakeRepository();
    // Act
    const ahead = withReadAhead(repo, ["Z"]);
    // Assess
    expect(await ahead.get("Z")).toBeUndefined();
  });
});
