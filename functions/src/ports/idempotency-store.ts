/** Remembers the answer to a request sent with an Idempotency-Key, so a retry returns it without writing again. */
export type IdempotencyClaim =
  | { state: "new" }
  | { state: "done"; response: unknown }
  | { state: "in-progress" }
  | { state: "mismatch" };

export interface IdempotencyStore {
  /** Claims `key` for a request whose body hashes to `requestHash`. */
  claim(key: string, requestHash: string): Promise<IdempotencyClaim>;
  complete(key: string, requestHash: string, response: unknown): Promise<void>;
  /** Gives the key up after a failure, so that a retry runs the request again. */
  release(key: string): Promise<void>;
}
