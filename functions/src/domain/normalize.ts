// Client-side normalization of what clerks paste from old ledgers (旧台账) into a sheet, a workbook or an import
// file: full-width characters, stray whitespace and newlines, dates in Chinese / dotted / slashed form or as an
// Excel serial, coordinates in degrees-minutes(-seconds), phone numbers, 是/否 words. The API stays strict:
// these helpers run in the add-on, the workbook tool and `npm run import` (one module for all three), and every
// change is reported with the original value. Pure, no dependencies, ES2020: it bundles into Apps Script.
import { toHalfWidth } from "./text.js";

/** One change made to a value, for the clerk's report. */
export interface Normalization {
  /** The record field path (longitude, responsibleParties[0].phone …). */
  field: string;
  rule: NormalizationRule;
  original: string;
  value: string;
  /** What was done, in Chinese. */
  message: string;
}

export type NormalizationRule = "N-FULLWIDTH" | "N-SPACE" | "N-DATE" | "N-DMS" | "N-PHONE" | "N-BOOL" | "N-ALIAS" | "N-NUMBER";

export const NORMALIZATION_MESSAGES: Record<NormalizationRule, string> = {
  "N-FULLWIDTH": "全角字母、数字已改为半角",
  "N-SPACE": "多余的空格、换行已去除",
  "N-DATE": "日期已改写为 YYYY-MM-DD",
  "N-DMS": "度分秒坐标已换算为十进制度",
  "N-PHONE": "电话号码已规范（区号-号码 / 11 位手机号）",
  "N-BOOL": "已识别为「是/否」",
  "N-ALIAS": "简称或旧称已换为标准名称",
  "N-NUMBER": "数字已规范",
};

export type Cleaned<T> = { value: T; rules: NormalizationRule[] };

const pad = (n: number) => String(n).padStart(2, "0");

/** Trims, turns newlines, tabs and runs of spaces (ideographic ones too) into one space, full-width digits and
 *  letters to half-width. `multiline` keeps line breaks (a plan or a note), tidying only the spaces around them. */
export function cleanText(raw: string, multiline = false): Cleaned<string> {
  const rules: NormalizationRule[] = [];
  // Chinese punctuation (，。（）) stays: only digits and letters are folded.
  const half = raw.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (ch) => toHalfWidth(ch));
  if (half !== raw) rules.push("N-FULLWIDTH");
  const s = half.replace(/\u3000/g, " ");
  const spaced = multiline
    ? s.replace(/\r\n?/g, "\n").replace(/[ \t\u00a0]+/g, " ").replace(/ *\n */g, "\n").replace(/\n{2,}/g, "\n").trim()
    : s
        // A line break next to a Chinese character is a wrapped cell, not a word break.
        .replace(/([\u4e00-\u9fff])[ \t]*\r?\n\s*|\s*\r?\n[ \t]*(?=[\u4e00-\u9fff])/g, "$1")
        .replace(/[\s\u00a0]+/g, " ")
        .trim();
  // A space between two Chinese characters is a typing slip (「凯旋 街道」), not a word break.
  const joined = spaced.replace(/([\u4e00-\u9fff]) (?=[\u4e00-\u9fff])/g, "$1");
  if (joined !== half) rules.push("N-SPACE");
  return { value: joined, rules };
}

/** Excel's day 0 is 1899-12-30 (with its 1900 leap-year bug folded in); serials 1–60000 cover 1900–2064. */
export function excelSerialToDate(serial: number): string | undefined {
  if (!Number.isFinite(serial) || serial < 1 || serial > 60000) return undefined;
  const d = new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86400000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function validDate(y: number, mo: number, d: number): string | undefined {
  if (y < 1900 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  const check = new Date(Date.UTC(y, mo - 1, d));
  return check.getUTCMonth() === mo - 1 ? `${y}-${pad(mo)}-${pad(d)}` : undefined;
}

/** `2024年3月5日`, `2024.3.5`, `2024/03/05`, `2024-3-5`, `20240305`, an Excel serial (45356, as number or
 *  text) → `2024-03-05`; undefined when it is not a date. */
export function parseDate(raw: unknown): Cleaned<string> | undefined {
  if (typeof raw === "number") {
    const v = excelSerialToDate(raw);
    return v ? { value: v, rules: ["N-DATE"] } : undefined;
  }
  if (typeof raw !== "string") return undefined;
  const text = toHalfWidth(raw).replace(/\s+/g, "");
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m) {
    const v = validDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return v ? { value: v, rules: v === raw ? [] : ["N-DATE"] } : undefined;
  }
  if (/^\d{5}(\.\d+)?$/.test(text)) return parseDate(Number(text));
  return undefined;
}

/** Decimal degrees from `120.1754`, `120°10'30.5"`, `120度10分30.5秒`, `E120°10.5'`, `东经120°10′30″`, `30:16:28`.
 *  `dms` tells whether minutes/seconds were converted. Undefined when it is not a coordinate. */
export function parseCoordinate(raw: unknown): (Cleaned<number> & { dms: boolean }) | undefined {
  if (typeof raw === "number") return Number.isFinite(raw) ? { value: raw, rules: [], dms: false } : undefined;
  if (typeof raw !== "string") return undefined;
  const half = toHalfWidth(raw).trim();
  const rules: NormalizationRule[] = half !== raw.trim() ? ["N-FULLWIDTH"] : [];
  let text = half.replace(/\s+/g, "").replace(/^(东经|北纬|经度|纬度|[ENen])[:：]?/, "").replace(/[ENen]$/, "");
  if (/^[-+]?\d+(\.\d+)?$/.test(text)) return { value: Number(text), rules, dms: false };
  text = text.replace(/[′’‘'`]{2}|″|”|“|"|秒/g, "s").replace(/[′’‘'`]|分/g, "m").replace(/[°º˚]|度/g, "d");
  const m = /^(\d{1,3}(?:\.\d+)?)[d:](?:(\d{1,2}(?:\.\d+)?)[m:]?)?(?:(\d{1,2}(?:\.\d+)?)s?)?$/.exec(text);
  if (!m) return undefined;
  const deg = Number(m[1]);
  const min = m[2] === undefined ? 0 : Number(m[2]);
  const sec = m[3] === undefined ? 0 : Number(m[3]);
  if (min >= 60 || sec >= 60) return undefined;
  const value = Math.round((deg + min / 60 + sec / 3600) * 1e6) / 1e6;
  return { value, rules: [...rules, "N-DMS"], dms: true };
}

/** China's longitudes and latitudes: a pair that only makes sense the other way round was typed swapped. */
export function looksSwapped(lng: number, lat: number): boolean {
  const isLng = (x: number) => x >= 73 && x <= 136;
  const isLat = (x: number) => x >= 3 && x <= 54;
  return !isLng(lng) && isLat(lng) && isLng(lat);
}

/** Mobile (11 digits from 1, a +86 prefix dropped) or landline with area code (`(0571)8765 4321`, `0571 87654321`,
 *  `057187654321` → `0571-87654321`); several numbers separated by 、/; keep each. Undefined when not a phone. */
export function parsePhone(raw: string): Cleaned<string> | undefined {
  const parts = toHalfWidth(raw)
    .split(/[、,;，；/]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (!parts.length) return undefined;
  const out: string[] = [];
  for (const part of parts) {
    const digits = part.replace(/^\+?86(?=\s*[-(]?\s*1\d{2})/, "").replace(/[\s\-()（）.]/g, "");
    if (!/^\d+$/.test(digits)) return undefined;
    if (/^1[3-9]\d{9}$/.test(digits)) out.push(digits);
    else if (/^0\d{9,11}$/.test(digits)) {
      // Area codes: 010 and 02x are three digits, the rest four.
      const len = /^(010|02\d)/.test(digits) ? 3 : 4;
      out.push(`${digits.slice(0, len)}-${digits.slice(len)}`);
    } else if (/^\d{7,8}$/.test(digits)) out.push(digits);
    else return undefined;
  }
  const value = out.join(",");
  return { value, rules: value === raw ? [] : ["N-PHONE"] };
}

const TRUE_WORDS = ["是", "有", "√", "✓", "✔", "y", "yes", "true", "1", "对"];
const FALSE_WORDS = ["否", "无", "没有", "×", "✗", "✘", "x", "n", "no", "false", "0", "不"];

/** 是/否, 有/无, √/× and the like → boolean; undefined for anything else. */
export function parseBool(raw: unknown): Cleaned<boolean> | undefined {
  if (typeof raw === "boolean") return { value: raw, rules: [] };
  if (typeof raw !== "string" && typeof raw !== "number") return undefined;
  const word = toHalfWidth(String(raw)).trim().toLowerCase();
  const value = TRUE_WORDS.includes(word) ? true : FALSE_WORDS.includes(word) ? false : undefined;
  if (value === undefined) return undefined;
  return { value, rules: word === "是" || word === "否" ? [] : ["N-BOOL"] };
}

/** A record of each change, in the form the reports show. */
export function noteOf(field: string, rules: NormalizationRule[], original: unknown, value: unknown): Normalization | undefined {
  if (!rules.length) return undefined;
  const unique = rules.filter((r, i) => rules.indexOf(r) === i);
  return {
    field,
    rule: unique[unique.length - 1]!,
    original: String(original),
    value: String(value),
    message: unique.map((r) => NORMALIZATION_MESSAGES[r]).join("；"),
  };
}
