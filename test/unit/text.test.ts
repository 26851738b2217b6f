import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { hasFullWidth, toHalfWidth } from "../../functions/src/domain/text.js";

describe("hasFullWidth", () => {
  it("finds full-width digits, letters, punctuation and the ideographic space", () => {
    // Prepare
    const inputs = ["１２０.5", "Ａ", "ｚ", "120，30", "a\u3000b", "\uFF01", "\uFF5E"];

    // Act
    const results = inputs.map(hasFullWidth);

    // Assess
    expect(results).toEqual([true, true, true, true, true, true, true]);
  });

  it("ignores ASCII, Chinese characters and CJK punctuation outside the range", () => {
    // Prepare: U+FF00 and U+FF5F lie just outside; 、。「」 are not full-width ASCII variants
    const inputs = ["120.123456", "凯旋街道", "、。「」", "\uFF00", "\uFF5F", "", "a b"];

    // Act
    const results = inputs.map(hasFullWidth);

    // Assess
    expect(results).toEqual([false, false, false, false, false, false, false]);
  });
});

describe("toHalfWidth", () => {
  it("converts full-width ASCII variants and the ideographic space", () => {
    // Prepare
    const input = "９１３５Ｍａ\u3000（１２０．５）！～";

    // Act
    const output = toHalfWidth(input);

    // Assess
    expect(output).toBe("9135Ma (120.5)!~");
  });

  it("leaves other text untouched", () => {
    // Prepare
    const input = "凯旋街道新塘路桥东南120米2#城镇雨洪排口、。";

    // Act
    const output = toHalfWidth(input);

    // Assess
    expect(output).toBe(input);
  });

  it("always yields text without full-width characters, and is the identity on printable ASCII", () => {
    // Prepare: strings mixing characters around the full-width block, ideographic spaces and anything else
    const unit = fc.oneof(
      fc.integer({ min: 0xff00, max: 0xff60 }).map((cp) => String.fromCharCode(cp)),
      fc.constant("\u3000"),
      fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
    );
    const mixed = fc.string({ unit });

    // Act / Assess
    fc.assert(
      fc.property(mixed, (s) => {
        expect(hasFullWidth(toHalfWidth(s))).toBe(false);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(toHalfWidth(s)).toBe(s);
      }),
    );
  });

  it("maps every full-width variant to the ASCII character 0xFEE0 below it", () => {
    // Prepare
    const mapped: string[] = [];

    // Act
    for (let cp = 0xff01; cp <= 0xff5e; cp++) mapped.push(toHalfWidth(String.fromCharCode(cp)));

    // Assess
    expect(mapped.join("")).toBe(Array.from({ length: 94 }, (_, i) => String.fromCharCode(0x21 + i)).join(""));
  });
});
