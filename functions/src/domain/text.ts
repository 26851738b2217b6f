/**
 * Full-width / half-width helpers for text pasted from old ledgers, Word files and IME input.
 *
 * "Full-width" here means the full-width ASCII variants U+FF01–U+FF5E (！ … ～, including
 * ０–９, Ａ–Ｚ, ａ–ｚ) and the ideographic space U+3000. Other CJK punctuation (、。「」) is left alone.
 */

const FULLWIDTH_RE = /[\uFF01-\uFF5E\u3000]/;
const FULLWIDTH_RE_GLOBAL = /[\uFF01-\uFF5E\u3000]/g;
/** Offset between a full-width ASCII variant and its ASCII counterpart (U+FF01 − U+0021). */
const FULLWIDTH_OFFSET = 0xfee0;

/** True if `s` contains at least one full-width ASCII variant or an ideographic space. */
export function hasFullWidth(s: string): boolean {
  return FULLWIDTH_RE.test(s);
}

/** Replaces full-width ASCII variants with ASCII and the ideographic space with a plain space. */
export function toHalfWidth(s: string): string {
  return s.replace(FULLWIDTH_RE_GLOBAL, (ch) =>
    ch === "\u3000" ? " " : String.fromCharCode(ch.charCodeAt(0) - FULLWIDTH_OFFSET),
  );
}
