// Page cursors are DynamoDB keys, base64url-encoded. A cursor is checked against the partition the query
// reads, so a hand-made cursor can neither fail the query nor open another subdistrict's partition.

import { InvalidCursor } from "../../ports/outfall-repository.js";

export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

export function decodeCursor(
  cursor: string | undefined,
  expected: Record<string, string>,
): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursor("cursor is not valid");
  }
  if (typeof key !== "object" || key === null || Array.isArray(key)) throw new InvalidCursor("cursor is not valid");
  const entries = Object.entries(key);
  const wellFormed = entries.length >= 2 && entries.length <= 4 && entries.every(([, v]) => typeof v === "string" && v.length < 400);
  const samePartition = Object.entries(expected).every(([k, v]) => (key as Record<string, unknown>)[k] === v);
  if (!wellFormed || !samePartition || !("PK" in key) || !("SK" in key)) throw new InvalidCursor("cursor does not belong to this list");
  return key as Record<string, unknown>;
}
