/**
 * 临时编号 (temporary outfall id), e.g. `SC-KX-0042`: district prefix, subdistrict short code and a
 * sequence zero-padded to 4 digits (from 10000 on it grows to 5+ digits, never padded further).
 *
 * Prefix and short code are an upper-case letter followed by upper-case letters or digits.
 * The format is canonical: `SC-KX-00042` and `SC-KX-0000` do not parse, so each sequence number
 * has exactly one spelling.
 */

const SEGMENT_RE = /^[A-Z][A-Z0-9]*$/;

export const TEMP_ID_PATTERN = /^([A-Z][A-Z0-9]*)-([A-Z][A-Z0-9]*)-(?!0000$)(\d{4}|[1-9]\d{4,})$/;

export function formatTempId(prefix: string, shortCode: string, seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 1) {
    throw new RangeError(`temp id sequence must be a positive integer, got ${seq}`);
  }
  if (!SEGMENT_RE.test(prefix)) throw new RangeError(`invalid temp id prefix: ${JSON.stringify(prefix)}`);
  if (!SEGMENT_RE.test(shortCode)) {
    throw new RangeError(`invalid temp id short code: ${JSON.stringify(shortCode)}`);
  }
  return `${prefix}-${shortCode}-${String(seq).padStart(4, "0")}`;
}

export function parseTempId(id: string): { prefix: string; shortCode: string; seq: number } | undefined {
  const m = TEMP_ID_PATTERN.exec(id);
  if (!m) return undefined;
  const seq = Number(m[3]);
  if (!Number.isSafeInteger(seq)) return undefined;
  return { prefix: m[1]!, shortCode: m[2]!, seq };
}
