// Jittered exponential backoff for every retry loop ("full jitter": a random wait up to an exponentially
// growing cap), so that retries of cancelled transactions and unprocessed keys spread out instead of
// hitting the table again at once.

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 20, maxMs: 1_000 };

/** The wait before retry number `attempt` (1 for the first retry): uniform in [0, min(max, base·2^(attempt−1))]. */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * cap);
}

/** Waits before retry number `attempt`; attempt 0 (the first try) does not wait. */
export async function backoff(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF): Promise<void> {
  if (attempt <= 0) return;
  const ms = backoffDelay(attempt, policy);
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
}
