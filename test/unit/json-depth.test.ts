import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH, exceedsJsonDepth } from "../../functions/src/http/json-depth.js";

describe("JSON nesting depth", () => {
  it("allows the limit, refuses one more, and ignores brackets in strings and escaped quotes", () => {
    // Prepare
    const nest = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
    // Act / Assess
    expect(exceedsJsonDepth(nest(MAX_JSON_DEPTH))).toBe(false);
    expect(exceedsJsonDepth(nest(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(exceedsJsonDepth(`{"a":"${"[".repeat(100)}"}`)).toBe(false);
    expect(exceedsJsonDepth(`{"a":"\\"${"{".repeat(100)}"}`)).toBe(false);
    expect(exceedsJsonDepth(`[{"a":[{"b":[1]}]}]`, 4)).toBe(true);
    expect(exceedsJsonDepth(nest(3000))).toBe(true);
  });
});
