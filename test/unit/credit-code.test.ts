import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  CREDIT_CODE_CHARSET,
  CREDIT_CODE_MESSAGES,
  checkCreditCode,
  creditCodeCheckChar,
  creditCodeMessage,
  type CreditCodeProblem,
} from "../../functions/src/domain/credit-code.js";

const charOf = fc.constantFrom(...CREDIT_CODE_CHARSET.split(""));
const digit = fc.constantFrom(..."0123456789".split(""));

/** 17 characters shaped like a real code: any allowed char at 1–2 and 9–17, digits at 3–8. */
const first17 = fc
  .tuple(fc.array(charOf, { minLength: 2, maxLength: 2 }), fc.array(digit, { minLength: 6, maxLength: 6 }), fc.array(charOf, { minLength: 9, maxLength: 9 }))
  .map(([a, b, c]) => [...a, ...b, ...c].join(""));

const validCode = first17.map((s) => s + creditCodeCheckChar(s)!);

describe("creditCodeCheckChar", () => {
  it("computes the check character of published codes", () => {
    // Prepare: codes published by their holders (GB 32100 example, large enterprises)
    const codes = ["91350100M000100Y43", "91330100799655058B", "91110108551385082Q", "914403001922038216"];

    // Act
    const computed = codes.map((c) => creditCodeCheckChar(c.slice(0, 17)));

    // Assess
    expect(computed).toEqual(["3", "B", "Q", "6"]);
  });

  it("maps a weighted sum of 0 to check character 0, not to 31", () => {
    // Prepare: all zeros gives sum 0 → 31 − 0 = 31 → 0
    const zeros = "0".repeat(17);

    // Act
    const check = creditCodeCheckChar(zeros);

    // Assess
    expect(check).toBe("0");
  });

  it("computes the check by hand for a single non-zero position", () => {
    // Prepare: value 1 at position 2 (weight 3): 31 − 3 = 28 → charset[28] = "W" (no S, V between R and W)
    const s = "01" + "0".repeat(15);

    // Act
    const check = creditCodeCheckChar(s);

    // Assess
    expect(check).toBe("W");
  });

  it("returns undefined for a wrong length or a character outside the charset", () => {
    // Prepare
    const inputs = ["9135010".padEnd(16, "0"), "9135010".padEnd(18, "0"), "91350100I00010Y4", "91350100O000100Y4"];

    // Act
    const results = inputs.map(creditCodeCheckChar);

    // Assess
    expect(results).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe("checkCreditCode", () => {
  it("accepts published codes", () => {
    // Prepare
    const codes = ["91350100M000100Y43", "91330100799655058B", "91110108551385082Q", "914403001922038216"];

    // Act
    const problems = codes.map(checkCreditCode);

    // Assess
    expect(problems).toEqual([undefined, undefined, undefined, undefined]);
  });

  it("reports a wrong check character", () => {
    // Prepare
    const code = "91350100M000100Y44";

    // Act
    const problem = checkCreditCode(code);

    // Assess
    expect(problem).toBe("check");
  });

  it("reports length problems", () => {
    // Prepare
    const inputs = ["", "91350100M000100Y4", "91350100M000100Y433", " 91350100M000100Y43"];

    // Act
    const problems = inputs.map(checkCreditCode);

    // Assess
    expect(problems).toEqual(["length", "length", "length", "length"]);
  });

  it("reports full-width characters, including a full-width code of the right length", () => {
    // Prepare: the whole code full-width, one full-width digit, and an ideographic space
    const all = "９１３５０１００Ｍ０００１００Ｙ４３";
    const one = "91350100M000100Y4３";
    const space = "91350100M000100Y43\u3000";

    // Act
    const problems = [all, one, space].map(checkCreditCode);

    // Assess
    expect(problems).toEqual(["fullwidth", "fullwidth", "fullwidth"]);
  });

  it("reports lowercase letters", () => {
    // Prepare
    const code = "91350100m000100y43";

    // Act
    const problem = checkCreditCode(code);

    // Assess
    expect(problem).toBe("lowercase");
  });

  it("reports letters excluded from the charset and other characters", () => {
    // Prepare: I, O, S, V, Z are not used; nor are hyphens
    const inputs = ["I1350100M000100Y43", "91350100M0O0100Y43", "91350100M000100S43", "91350100M000100V43", "9135010-M000100Y43"];

    // Act
    const problems = inputs.map(checkCreditCode);

    // Assess
    expect(problems).toEqual(["charset", "charset", "charset", "charset", "charset"]);
  });

  it("reports a non-digit administrative division code in positions 3–8", () => {
    // Prepare: letter at position 5, with a check character that is otherwise right
    const body = "9135A100M000100Y4";
    const code = body + creditCodeCheckChar(body)!;

    // Act
    const problem = checkCreditCode(code);

    // Assess
    expect(problem).toBe("region");
  });

  it("accepts every generated well-formed code", () => {
    // Prepare / Act / Assess
    fc.assert(
      fc.property(validCode, (code) => {
        expect(checkCreditCode(code)).toBeUndefined();
      }),
    );
  });

  it("detects every single-character substitution at every position, check character included", () => {
    // Prepare: 31 is prime and every weight is non-zero mod 31, so this must hold everywhere
    const arb = fc.tuple(validCode, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }));

    fc.assert(
      fc.property(arb, ([code, pos, shift]) => {
        // Act: replace the char at pos by a different allowed char (keeping digits at 3–8)
        const inRegion = pos >= 2 && pos <= 7;
        const alphabet = inRegion ? "0123456789" : CREDIT_CODE_CHARSET;
        const old = alphabet.indexOf(code.charAt(pos));
        const replacement = alphabet.charAt((old + (shift % alphabet.length || 1)) % alphabet.length);
        const mutated = code.slice(0, pos) + replacement + code.slice(pos + 1);

        // Assess
        expect(replacement).not.toBe(code.charAt(pos));
        expect(checkCreditCode(mutated)).toBe("check");
      }),
      { numRuns: 2000 },
    );
  });

  it("detects every substitution exhaustively for one code", () => {
    // Prepare
    const code = "91330100799655058B";
    let undetected = 0;

    // Act
    for (let pos = 0; pos < 18; pos++) {
      for (const ch of CREDIT_CODE_CHARSET) {
        if (ch === code.charAt(pos)) continue;
        const mutated = code.slice(0, pos) + ch + code.slice(pos + 1);
        if (checkCreditCode(mutated) === undefined) undetected++;
      }
    }

    // Assess
    expect(undetected).toBe(0);
  });
});

describe("messages", () => {
  it("has a Chinese message for every problem", () => {
    // Prepare
    const problems: CreditCodeProblem[] = ["length", "fullwidth", "lowercase", "charset", "region", "check"];

    // Act
    const messages = problems.map((p) => CREDIT_CODE_MESSAGES[p]);

    // Assess
    for (const m of messages) expect(m).toMatch(/^统一社会信用代码.+/);
    expect(new Set(messages).size).toBe(problems.length);
  });

  it("names the expected check character", () => {
    // Prepare
    const code = "91350100M000100Y44";

    // Act
    const message = creditCodeMessage("check", code);

    // Assess
    expect(message).toBe("统一社会信用代码校验位错误（第18位应为3），请核对后重新填写");
  });

  it("falls back to the generic message when the expected character cannot be computed", () => {
    // Prepare
    const code = "short";

    // Act
    const [check, length] = [creditCodeMessage("check", code), creditCodeMessage("length", code)];

    // Assess
    expect(check).toBe(CREDIT_CODE_MESSAGES.check);
    expect(length).toBe("统一社会信用代码应为18位，请核对后重新填写");
  });
});
