/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015.
 *
 * 18 characters: 1 registration-authority code, 1 category code, 6-digit administrative division
 * code (positions 3–8), 9-character organisation code (positions 9–17), 1 check character.
 * Charset: 0-9 and upper-case letters except I, O, S, V, Z (31 symbols, values 0–30).
 * Check character: C18 = 31 − (Σ Ci·Wi mod 31), with 31 mapped to 0, Wi = 3^(i−1) mod 31.
 *
 * Because 31 is prime and every weight is non-zero mod 31, any single-character substitution
 * (including in the check character) changes the result, so it is always detected.
 *
 * We validate length, charset, digits in positions 3–8 and the check character only; the
 * registration-authority and category codes are not checked against their code lists.
 */
import { hasFullWidth } from "./text.js";

export const CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
export const CREDIT_CODE_WEIGHTS: readonly number[] = [
  1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];
export const CREDIT_CODE_LENGTH = 18;

export type CreditCodeProblem = "length" | "fullwidth" | "lowercase" | "charset" | "region" | "check";

/**
 * Check character for the first 17 characters, or undefined if `first17` is not exactly 17
 * characters of the allowed charset.
 */
export function creditCodeCheckChar(first17: string): string | undefined {
  if (first17.length !== CREDIT_CODE_LENGTH - 1) return undefined;
  let sum = 0;
  for (let i = 0; i < first17.length; i++) {
    const value = CREDIT_CODE_CHARSET.indexOf(first17.charAt(i));
    if (value < 0) return undefined;
    sum += value * CREDIT_CODE_WEIGHTS[i]!;
  }
  const check = (31 - (sum % 31)) % 31;
  return CREDIT_CODE_CHARSET.charAt(check);
}

/**
 * Returns the first problem found, or undefined if the code is valid. Order of checks:
 * fullwidth, lowercase (both reported before length, because a pasted full-width or lower-case
 * code is usually otherwise right), then length, charset, region (positions 3–8 digits), check.
 */
export function checkCreditCode(code: string): CreditCodeProblem | undefined {
  if (hasFullWidth(code)) return "fullwidth";
  if (/[a-z]/.test(code)) return "lowercase";
  if (code.length !== CREDIT_CODE_LENGTH) return "length";
  for (const ch of code) {
    if (!CREDIT_CODE_CHARSET.includes(ch)) return "charset";
  }
  if (!/^\d{6}$/.test(code.slice(2, 8))) return "region";
  if (creditCodeCheckChar(code.slice(0, 17)) !== code.charAt(17)) return "check";
  return undefined;
}

/** Generic messages; for `check` prefer `creditCodeMessage`, which names the expected character. */
export const CREDIT_CODE_MESSAGES: Record<CreditCodeProblem, string> = {
  length: "统一社会信用代码应为18位，请核对后重新填写",
  fullwidth: "统一社会信用代码含全角字符，请改为半角数字和大写字母",
  lowercase: "统一社会信用代码含小写字母，请改为大写字母",
  charset: "统一社会信用代码只能包含数字和大写字母（不含 I、O、S、V、Z），请核对后重新填写",
  region: "统一社会信用代码第3至8位应为行政区划代码（6位数字），请核对后重新填写",
  check: "统一社会信用代码校验位错误，请核对后重新填写",
};

/**
 * Message for `problem` found in `code`. For `check` it names the expected 18th character,
 * e.g. 统一社会信用代码校验位错误（第18位应为X），请核对后重新填写.
 */
export function creditCodeMessage(problem: CreditCodeProblem, code: string): string {
  if (problem === "check") {
    const expected = creditCodeCheckChar(code.slice(0, 17));
    if (expected !== undefined) {
      return `统一社会信用代码校验位错误（第18位应为${expected}），请核对后重新填写`;
    }
  }
  return CREDIT_CODE_MESSAGES[problem];
}
