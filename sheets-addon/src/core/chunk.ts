// Splits a push into requests below the limits: the API's 500 rows and 5 MB per batch, Lambda's 6 MB and API
// Gateway's 10 MB payloads, Apps Script's 50 MB per UrlFetch request. Each chunk gets an idempotency key derived
// from its content, so a retry — in the same run or in the next push after a lost answer or a timeout — replays
// the first answer instead of writing again.
import { hash106 } from "./hash.js";
import { utf8Length } from "./text.js";
import type { BatchRow } from "./types.js";

/** The API refuses more than this many rows per batch. */
export const API_MAX_ROWS = 500;
/** The API refuses batch bodies over this many bytes. */
export const API_MAX_BYTES = 5 * 1024 * 1024;

export interface ChunkLimits {
  /** Rows per request: at most the API's 500 (architecture.md §5). */
  maxRows: number;
  /** Bytes per request body: under the API's 5 MB. */
  maxBytes: number;
}

/** As many rows per request as the API takes: a 2,000-row push of ordinary rows is 4 requests; large rows
 *  (long plans, many parties) are cut by bytes first, 1 MB short of the API's limit. */
export const DEFAULT_LIMITS: ChunkLimits = { maxRows: API_MAX_ROWS, maxBytes: API_MAX_BYTES - 1024 * 1024 };

const ENVELOPE_BYTES = utf8Length('{"rows":[]}');

export interface Chunk {
  rows: BatchRow[];
  body: string;
  bytes: number;
  /** Idempotency-Key header: stable for the same content from the same sheet. */
  key: string;
}

/** Groups rows in order into chunks of at most `maxRows` rows and `maxBytes` bytes (a single larger row is
 *  sent alone; the API then answers for it). `scope` (spreadsheet and sheet ids) keeps keys of different
 *  sheets apart. */
export function chunkRows(rows: BatchRow[], scope: string, limits: ChunkLimits = DEFAULT_LIMITS): Chunk[] {
  const maxRows = Math.min(limits.maxRows, API_MAX_ROWS);
  const maxBytes = Math.min(limits.maxBytes, API_MAX_BYTES);
  const chunks: Chunk[] = [];
  let current: string[] = [];
  let currentRows: BatchRow[] = [];
  let bytes = ENVELOPE_BYTES;
  const flush = () => {
    if (!currentRows.length) return;
    const body = `{"rows":[${current.join(",")}]}`;
    chunks.push({ rows: currentRows, body, bytes: utf8Length(body), key: idempotencyKey(scope, body) });
    current = [];
    currentRows = [];
    bytes = ENVELOPE_BYTES;
  };
  for (const row of rows) {
    const text = JSON.stringify(row);
    const size = utf8Length(text) + (current.length ? 1 : 0);
    if (currentRows.length && (currentRows.length >= maxRows || bytes + size > maxBytes)) flush();
    current.push(text);
    currentRows.push(row);
    bytes += utf8Length(text) + (current.length > 1 ? 1 : 0);
  }
  flush();
  return chunks;
}

/** `sheet-` + 22 base-36 characters: within the API's `[\w.:-]{8,128}`. */
export function idempotencyKey(scope: string, body: string): string {
  return `sheet-${hash106(`${scope}\n${body}`)}`;
}

/** Halves a chunk the API refused as too large (413), keeping the limits' arithmetic honest. */
export function splitChunk(chunk: Chunk, scope: string): Chunk[] {
  if (chunk.rows.length < 2) return [chunk];
  const half = Math.ceil(chunk.rows.length / 2);
  return [
    ...chunkRows(chunk.rows.slice(0, half), scope, { maxRows: half, maxBytes: API_MAX_BYTES }),
    ...chunkRows(chunk.rows.slice(half), scope, { maxRows: half, maxBytes: API_MAX_BYTES }),
  ];
}
