import type { Outfall } from "../domain/outfall.js";

/** Remembers a request sent with an Idempotency-Key: its body's hash, each row it wrote, and its answer. */
export type IdempotencyClaim =
  /** First time this key is seen (or its earlier use expired). */
  | { state: "new" }
  /** An earlier attempt of the same request started and did not finish (crash, timeout, error): the rows
   *  it wrote carry markers (`rowMarkers`); the rest are still to be written. */
  | { state: "resume" }
  | { state: "done"; response: unknown }
  | { state: "mismatch" };

/** A row an attempt of the request wrote, as its marker remembers it: which record. */
export interface RowMarker {
  index: number;
  id: string;
}

/** A row an attempt of the request wrote, with its record as it is now (a later write may have moved it on). */
export interface WrittenRow {
  index: number;
  record: Outfall;
}

/** Identifies the row markers of one request; carried by each write so its marker lands in the same transaction. */
export interface RowMarkerRef {
  key: string;
  requestHash: string;
  index: number;
}

export interface IdempotencyStore {
  /** Claims `key` for a request whose body hashes to `requestHash`. Never blocks: row markers make a
   *  second attempt, even a concurrent one, safe. */
  claim(key: string, requestHash: string): Promise<IdempotencyClaim>;
  /** The rows earlier attempts of this request wrote, by row index (strongly consistent). */
  rowMarkers(key: string, requestHash: string): Promise<Map<number, RowMarker>>;
  complete(key: string, requestHash: string, response: unknown): Promise<void>;
}
