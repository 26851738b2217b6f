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

/** A cursor over lists spread across several partitions: the partition's position and, inside it, the key
 *  to resume after (none: start that partition from its beginning). */
export function encodeShardCursor(shard: number, key?: Record<string, unknown>): string {
  return encodeCursor({ shard: String(shard), ...(key ? { key: encodeCursor(key) } : {}) });
}

export function decodeShardCursor(
  cursor: string | undefined,
  partitions: readonly string[],
  partitionKey = "GSI2PK",
): { shard: number; key?: Record<string, unknown> } {
  if (!cursor) return { shard: 0 };
  let outer: unknown;
  try {
    outer = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursor("cursor is not valid");
  }
  const { shard, key, ...rest } = (typeof outer === "object" && outer !== null ? outer : {}) as Record<string, unknown>;
  // A cursor handed out before the list was spread: a key inside the first (legacy) partition.
  if (shard === undefined && key === undefined && rest[partitionKey] === partitions[0]) return { shard: 0, key: decodeCursor(cursor, { [partitionKey]: partitions[0]! }) };
  const index = typeof shard === "string" && /^\d{1,3}$/.test(shard) ? Number(shard) : -1;
  if (index < 0 || index >= partitions.length || Object.keys(rest).length || (key !== undefined && typeof key !== "string")) {
    throw new InvalidCursor("cursor does not belong to this list");
  }
  return { shard: index, ...(key ? { key: decodeCursor(key, { [partitionKey]: partitions[index]! }) } : {}) };
}
