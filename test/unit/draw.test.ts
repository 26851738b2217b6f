import { describe, expect, it } from "vitest";
import { applySubstitutions, populationHash, runDraw, shuffle, stream } from "../../functions/src/domain/supervision/draw.js";

const population = Array.from({ length: 40 }, (_, i) => `01J${String(i).padStart(4, "0")}`);
const inspectors = ["ZF-01", "ZF-02", "ZF-03", "ZF-04", "ZF-05"].map((key) => ({ key, name: key }));
const SEED = "a".repeat(64);
const draw = (seed: string, pop: readonly string[] = population) => runDraw({ seed, population: pop, inspectors, count: 6, inspectorsPerTarget: 2 });

describe("draw algorithm (SHA-256 counter mode + Fisher–Yates)", () => {
  it("the same seed and population give the same draw, whatever order the population is listed in", () => {
    // Act
    const first = draw(SEED);
    const second = draw(SEED, [...population].reverse());
    // Assess
    expect(second).toEqual(first);
    expect(first.pairings).toHaveLength(6);
    expect(new Set(first.order)).toEqual(new Set(population));
    expect(first.pairings.every((p) => p.inspectors.length === 2 && p.inspectors[0] !== p.inspectors[1])).toBe(true);
  });

  it("a different seed gives a different draw", () => {
    // Act / Assess
    expect(draw("b".repeat(64)).pairings.map((p) => p.targetId)).not.toEqual(draw(SEED).pairings.map((p) => p.targetId));
  });

  it("is pinned: the stream and the shuffle of a known seed never change (the published algorithm)", () => {
    // Act
    const rand = stream("seed", "targets");
    const values = Array.from({ length: 5 }, () => rand(100));
    // Assess: the first five uint32 of SHA-256("seed:targets:0"), big-endian, modulo 100.
    expect(values).toEqual([36, 92, 52, 95, 89]);
    expect(populationHash(["b", "a"])).toBe("7e18f737311b2dc3b2f269dd78396b0351f14fb66efa879f768cb23181883c78");
  });

  it("draws each position about equally often (rejection sampling, no modulo bias)", () => {
    // Prepare
    const rand = stream("uniform", "test");
    const counts = [0, 0, 0];
    // Act
    for (let i = 0; i < 3000; i++) counts[rand(3)]!++;
    // Assess
    for (const c of counts) expect(c).toBeGreaterThan(900);
  });

  it("replays substitutions: a target takes the next reserve outfall, a recused inspector the next in the pool", () => {
    // Prepare
    const outcome = draw(SEED);
    const [first] = outcome.pairings;
    // Act
    const pairings = applySubstitutions(outcome, { seed: SEED, inspectors }, [
      { kind: "target", targetId: first!.targetId, reason: "已拆除" },
      { kind: "recusal", targetId: outcome.order[6]!, inspectorKey: first!.inspectors[0]!, reason: "亲属关系" },
    ]);
    // Assess
    expect(pairings[0]!.targetId).toBe(outcome.order[6]);
    expect(pairings[0]!.inspectors).not.toContain(first!.inspectors[0]);
    expect(pairings[0]!.inspectors).toContain(first!.inspectors[1]);
    expect(pairings.slice(1)).toEqual(outcome.pairings.slice(1));
  });
});
