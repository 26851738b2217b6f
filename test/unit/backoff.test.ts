import { describe, expect, it } from "vitest";
import { backoffDelay } from "../../functions/src/backoff.js";

describe("jittered exponential backoff", () => {
  it("grows the cap exponentially up to the maximum and draws the wait uniformly below it", () => {
    // Prepare
    const policy = { baseMs: 10, maxMs: 300 };
    // Act
    const caps = [1, 2, 3, 4, 5, 6, 7].map((attempt) => backoffDelay(attempt, policy, () => 0.999999));
    const lows = [1, 4, 7].map((attempt) => backoffDelay(attempt, policy, () => 0));
    const mid = backoffDelay(3, policy, () => 0.5);
    // Assess
    expect(caps).toEqual([9, 19, 39, 79, 159, 299, 299]);
    expect(lows).toEqual([0, 0, 0]);
    expect(mid).toBe(20);
  });
});
