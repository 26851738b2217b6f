// Liveness and readiness against a stack of this file's own (DynamoDB Local is stopped here for real,
// which the shared stack of the other files must not see).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runtime } from "../../functions/src/config.js";
import { type Stack, startStack } from "../../local/stack.js";
import { ensureAdmin } from "../../local/users.js";

let stack: Stack;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "ready-"));
  stack = await startStack({ dataDir, port: 0, tableName: "ready-test" });
});

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const probe = async (path: string) => {
  const res = await fetch(`${stack.url}${path}`);
  return { status: res.status, retryAfter: res.headers.get("retry-after"), body: (await res.json()) as { status: string; checks?: { name: string; ok: boolean }[] } };
};
const failing = (body: { checks?: { name: string; ok: boolean }[] }) => body.checks?.filter((c) => !c.ok).map((c) => c.name);

describe("GET /health and GET /ready", () => {
  it("is not ready until an administrator exists; live throughout", async () => {
    // Prepare: a fresh store has no users
    const before = await probe("/ready");
    // Act
    await ensureAdmin(runtime().deps);
    const after = await probe("/ready");
    const health = await probe("/health");
    // Assess
    expect(before.status).toBe(503);
    expect(before.retryAfter).toBe("5");
    expect(failing(before.body)).toEqual(["users"]);
    expect(after.status).toBe(200);
    expect(after.body.status).toBe("ready");
    expect(health.status).toBe(200);
  });

  it("answers 503 with Retry-After while DynamoDB Local is stopped, and 200 once it is back", async () => {
    // Prepare
    await ensureAdmin(runtime().deps);
    // Act
    await stack.dynamo.stop();
    const down = await probe("/ready");
    const live = await probe("/health");
    await stack.dynamo.restart();
    const back = await probe("/ready");
    // Assess
    expect(down.status).toBe(503);
    expect(down.retryAfter).toBe("5");
    expect(failing(down.body)).toEqual(["dynamodb", "users"]);
    expect(live.status).toBe(200);
    expect(back.status).toBe(200);
  });
});
