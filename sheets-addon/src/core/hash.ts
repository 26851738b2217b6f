// Non-cryptographic hashes for change detection and idempotency keys (cyrb53: 53-bit, fast, pure JS).
// Two seeds give 106 bits where a collision would matter (idempotency keys).

export function cyrb53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** 11 base-36 characters (53 bits). */
export const hash53 = (text: string, seed = 0) => cyrb53(text, seed).toString(36).padStart(11, "0");

/** 22 base-36 characters (two seeds, ~106 bits). */
export const hash106 = (text: string) => hash53(text, 0) + hash53(text, 0x9e3779b9);

/** 6 base-36 characters (~31 bits): a per-field fingerprint; only decides which fields a patch carries. */
export const fingerprint = (text: string) => (cyrb53(text, 7) % 2176782336).toString(36).padStart(6, "0");
