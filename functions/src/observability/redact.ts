// No personal data in logs (architecture.md §6): every log line passes through here before it is written.
// Keys that name a secret or a person are dropped to a marker; inside any string, e-mail addresses,
// bearer tokens, JWTs and phone numbers are masked, so a message or stack trace cannot leak them either.

/** Keys whose values are never logged, whatever they hold. */
const SECRET_KEY = /authorization|cookie|token|password|secret|jwt|jwks|private|e-?mail|phone|mobile|^tel$|contact/i;

const PATTERNS: [RegExp, string][] = [
  // JWTs (three base64url segments, the first one a JSON header)
  [/\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/g, "[token]"],
  [/\bBearer\s+\S+/gi, "Bearer [token]"],
  [/[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)*/g, "[email]"],
  // Mainland mobile numbers (optionally +86), then landlines with an area code (0571-8888 8888)
  [/(?<![\w.+])(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?![\w.])/g, "[phone]"],
  [/(?<![\w.])0\d{2,3}[\s-]\d{7,8}(?![\w.])/g, "[phone]"],
];

/** Masks e-mails, tokens and phone numbers inside one string. */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, mask] of PATTERNS) out = out.replace(pattern, mask);
  return out;
}

/** A deep copy of a log record with secret keys and personal data masked. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth > 8) return "[nested]";
  if (value instanceof Error) return redact({ name: value.name, message: value.message, stack: value.stack }, depth + 1);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = SECRET_KEY.test(key) && v !== undefined ? "[redacted]" : redact(v, depth + 1);
  return out;
}
