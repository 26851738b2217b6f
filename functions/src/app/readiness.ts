// Readiness (GET /ready): the stack can serve requests — DynamoDB and S3 answer, the reference data is
// loaded and at least one administrator or coordinator exists. Liveness (GET /health) checks nothing.
import type { Deps } from "./deps.js";

export interface Check {
  name: "dynamodb" | "s3" | "reference" | "users";
  ok: boolean;
}

/** One check may take this long; a stopped dependency must not hold the probe until the Lambda timeout. */
export const CHECK_TIMEOUT_MS = 2_000;

async function within(ms: number, work: () => Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work().catch(() => false), late]);
  } finally {
    clearTimeout(timer);
  }
}

export async function readiness(deps: Deps, timeoutMs = CHECK_TIMEOUT_MS): Promise<{ ready: boolean; checks: Check[] }> {
  // The user list proves DynamoDB answers and that someone can administer the ledger.
  const users = within(timeoutMs, async () => {
    const all = await deps.directory.list();
    return all.some((u) => u.active && (u.role === "admin" || u.role === "coordinator"));
  });
  const dynamo = within(timeoutMs, async () => (await deps.directory.get("ready-probe@system"), true));
  const s3 = within(timeoutMs, async () => (await deps.photos.reachable(), true));
  const reference = deps.reference.subdistricts.length > 0 && deps.reference.subcategories.length > 0;
  const checks: Check[] = [
    { name: "dynamodb", ok: await dynamo },
    { name: "s3", ok: await s3 },
    { name: "reference", ok: reference },
    { name: "users", ok: await users },
  ];
  return { ready: checks.every((c) => c.ok), checks };
}
