import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { TEMP_ID_PATTERN, formatTempId, parseTempId } from "../../functions/src/domain/temp-id.js";

describe("formatTempId", () => {
  it("zero-pads the sequence to 4 digits", () => {
    // Prepare
    const cases: [number, string][] = [
      [1, "SC-KX-0001"],
      [42, "SC-KX-0042"],
      [9999, "SC-KX-9999"],
    ];

    // Act
    const ids = cases.map(([seq]) => formatTempId("SC", "KX", seq));

    // Assess
    expect(ids).toEqual(cases.map(([, id]) => id));
  });

  it("grows past 4 digits from 10000 on", () => {
    // Prepare
    const seqs = [10000, 123456];

    // Act
    const ids = seqs.map((seq) => formatTempId("SC", "JB", seq));

    // Assess
    expect(ids).toEqual(["SC-JB-10000", "SC-JB-123456"]);
  });

  it("throws RangeError for a sequence that is not a positive integer", () => {
    // Prepare
    const bad = [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53];

    // Act / Assess
    for (const seq of bad) expect(() => formatTempId("SC", "KX", seq)).toThrow(RangeError);
  });

  it("throws RangeError for a prefix or short code that would not parse back", () => {
    // Prepare
    const bad: [string, string][] = [["", "KX"], ["SC", ""], ["sc", "KX"], ["SC", "K-X"], ["1SC", "KX"]];

    // Act / Assess
    for (const [prefix, code] of bad) expect(() => formatTempId(prefix, code, 1)).toThrow(RangeError);
  });
});

describe("parseTempId", () => {
  it("parses a temp id", () => {
    // Prepare
    const id = "SC-KX-0042";

    // Act
    const parsed = parseTempId(id);

    // Assess
    expect(parsed).toEqual({ prefix: "SC", shortCode: "KX", seq: 42 });
  });

  it("rejects malformed and non-canonical ids", () => {
    // Prepare: too few digits, padded beyond 4, zero, lower case, spaces, missing parts
    const bad = ["SC-KX-042", "SC-KX-00042", "SC-KX-0000", "sc-kx-0042", " SC-KX-0042", "SC-KX-0042 ", "SC-0042", "SC--0042", "SC-KX-99999999999999999999"];

    // Act
    const results = bad.map(parseTempId);

    // Assess
    expect(results).toEqual(bad.map(() => undefined));
    expect(bad.filter((id) => TEMP_ID_PATTERN.test(id))).toEqual(["SC-KX-99999999999999999999"]);
  });

  it("round-trips every formatted id", () => {
    // Prepare
    const segment = fc.stringMatching(/^[A-Z][A-Z0-9]{0,5}$/);
    const arb = fc.tuple(segment, segment, fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }));

    fc.assert(
      fc.property(arb, ([prefix, shortCode, seq]) => {
        // Act
        const id = formatTempId(prefix, shortCode, seq);

        // Assess
        expect(TEMP_ID_PATTERN.test(id)).toBe(true);
        expect(parseTempId(id)).toEqual({ prefix, shortCode, seq });
      }),
    );
  });

  it("formats every parsed id back to the same string", () => {
    // Prepare
    const arb = fc.stringMatching(/^[A-Z]{1,3}-[A-Z][A-Z0-9]{0,2}-\d{4,6}$/);

    fc.assert(
      fc.property(arb, (id) => {
        // Act
        const parsed = parseTempId(id);

        // Assess: either rejected as non-canonical, or canonical
        if (parsed) expect(formatTempId(parsed.prefix, parsed.shortCode, parsed.seq)).toBe(id);
        else expect(/-0000$|-0\d{4,}$/.test(id)).toBe(true);
      }),
    );
  });
});
