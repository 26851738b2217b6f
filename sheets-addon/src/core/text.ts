// Small pure helpers. Apps Script's V8 has no TextEncoder, URL, structuredClone or setTimeout, so nothing
// here relies on them.

/** Empty cell: "", null, undefined or only whitespace. */
export function isBlank(cell: unknown): boolean {
  return cell === undefined || cell === null || (typeof cell === "string" && cell.trim() === "");
}

/** True for Date objects from any realm (Sheets hands dates over as Date objects). */
export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === "[object Date]" && !Number.isNaN((value as Date).getTime());
}

/** JSON with object keys sorted, so equal values always give equal text. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v as Record<string, unknown>).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
}

/** Length of `text` in UTF-8 bytes (what a request body weighs). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** `2024-3-5`, `2024/03/05`, `2024.3.5`, `2024年3月5日` → `2024-03-05`; anything else → undefined. */
export function normalizeDateText(text: string): string | undefined {
  const m = /^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCMonth() !== mo - 1) return undefined;
  return `${y}-${pad(mo)}-${pad(d)}`;
}

/** An ISO timestamp shown in China Standard Time: `2024-03-12 14:05`. */
export function formatChinaTime(iso: string | undefined): string {
  if (!iso) return "";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const d = new Date(t + 8 * 3600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** Full-width digits, letters and punctuation typed with a Chinese IME → their half-width forms (the
 *  domain's own helper: pure, no dependencies, so it bundles into the add-on as is). */
export { toHalfWidth } from "../../../functions/src/domain/text.js";

/** Reads a path such as `zones.nearVenue` or `responsibleParties[0].name`. */
export function getPath(record: Record<string, unknown> | undefined, path: string): unknown {
  let current: unknown = record;
  for (const part of path.split(".")) {
    if (current === undefined || current === null || typeof current !== "object") return undefined;
    const m = /^(\w+)\[(\d+)\]$/.exec(part);
    if (m) {
      const list = (current as Record<string, unknown>)[m[1]!];
      current = Array.isArray(list) ? list[Number(m[2])] : undefined;
    } else current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Builds a query string with encodeURIComponent (Apps Script has no URLSearchParams). */
export function queryString(params: Record<string, string | number | undefined>): string {
  const parts = Object.keys(params)
    .filter((k) => params[k] !== undefined && params[k] !== "")
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(String(params[k]))}`);
  return parts.length ? `?${parts.join("&")}` : "";
}
