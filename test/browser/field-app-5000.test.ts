// 5,000 outfalls stored in DynamoDB Local, loaded by the field app through the real API page by page, and
// drawn for a coordinator: every point counted, clustered at district zoom, in a bounded time. The records
// live in a stack of this file's own (its own DynamoDB Local and API), so the district's exact count is
// known and the shared stack's point counts (field-app.test.ts) are not changed by them.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentClient } from "../../functions/src/adapters/dynamodb/table.js";
import { planWrite } from "../../functions/src/adapters/dynamodb/write-plan.js";
import type { Deps } from "../../functions/src/app/deps.js";
import { importRecords } from "../../functions/src/app/import.js";
import { runtime } from "../../functions/src/config.js";
import type { OutfallWrite } from "../../functions/src/ports/outfall-repository.js";
import { rawBatchWrite } from "../../bench/lib/context.js";
import { generateDemoOutfalls } from "../../local/demo/generate.js";
import { mintToken } from "../../local/issuer.js";
import { type Stack, startStack } from "../../local/stack.js";
import { ensureUser } from "../../local/users.js";
import { buildApp } from "../../webapp/build.js";
import { TEST_TOKEN_KEY } from "../../webapp/src/token-key.js";
import { launchChromium } from "./chromium.js";

const ARTIFACTS = join(process.cwd(), "test", "browser", "artifacts");
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const COUNT = 5000;
const COORDINATOR = "map.coordinator@test";

let browser: Browser;
let stack: Stack;
let seedMs = 0;
const savedEnv = { ...process.env };

/**
 * Runs the import use case (validation, temp ids, one history entry a record) and lands its writes with
 * BatchWriteItem rather than transactions: the very items the repository plans for them (record, history,
 * unique keys), 25 a call, on a table nothing else writes to. Transactions take ~90 s for 5,000 on a
 * loaded machine; this takes seconds.
 */
async function bulkImport(deps: Deps, rows: Parameters<typeof importRecords>[2]) {
  const writes: OutfallWrite[] = [];
  const collecting = Object.assign(Object.create(deps.outfalls) as Deps["outfalls"], {
    write: async (batch: OutfallWrite[]) => {
      writes.push(...batch);
      return batch.map(() => ({ ok: true as const }));
    },
  });
  const result = await importRecords({ ...deps, outfalls: collecting }, { email: "seed@local", role: "admin" }, rows);
  const nowS = Math.floor(Date.now() / 1000);
  const items = writes.flatMap((w) =>
    planWrite(stack.tableName, w, nowS).items.map((item) => {
      if (!item.Put) throw new Error("a create plans puts only");
      return item.Put.Item as Record<string, unknown>;
    }),
  );
  const db = documentClient({ endpoint: stack.dynamoEndpoint, region: "us-east-1" });
  try {
    await rawBatchWrite(db, stack.tableName, items);
  } finally {
    db.destroy();
  }
  return result;
}
beforeAll(async () => {
  // Prepare (shared): the built app, a stack of its own holding 5,000 records written through the import
  // use case (validated, one history entry each: what the demo seeder and an old-ledger import do)
  process.env.LOG_LEVEL = "silent";
  await buildApp();
  stack = await startStack({ port: 0, tableName: "field-app-5000" });
  const { deps } = runtime();
  await ensureUser(deps, { email: COORDINATOR, role: "coordinator", name: "一张图协调员" });
  const started = Date.now();
  const rows = generateDemoOutfalls(deps.reference, { count: COUNT + 300, seed: 5000 })
    .filter((r) => r.lifecycle.status !== "dismissed")
    .slice(0, COUNT)
    .map(({ lifecycle: { photos: _photos, dryWeatherChecks: _checks, ...lifecycle }, ...row }) => ({ ...row, lifecycle }));
  const { imported, rejected } = await bulkImport(deps, rows);
  seedMs = Date.now() - started;
  if (imported !== COUNT || rejected.length) throw new Error(`seeded ${imported} of ${COUNT}, ${rejected.length} rejected`);
  browser = await launchChromium();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
});

describe("the field app with 5,000 stored outfalls", () => {
  it("loads them through the API page by page and draws all 5,000 for a coordinator, clustered at district zoom", async () => {
    // Prepare: a coordinator's phone (the auth module's test hook; sign-in itself: field-app-signin.test.ts)
    const context = await browser.newContext({ ...PHONE, locale: "zh-CN" });
    await context.addInitScript(`sessionStorage.setItem(${JSON.stringify(TEST_TOKEN_KEY)}, ${JSON.stringify(await mintToken(stack.issuer, COORDINATOR))})`);
    const page = await context.newPage();
    const pages: { url: string; status: number }[] = [];
    const errors: string[] = [];
    page.on("response", (r) => {
      if (new URL(r.url()).pathname === "/v1/outfalls") pages.push({ url: r.url(), status: r.status() });
    });
    page.on("pageerror", (e) => errors.push(String(e)));
    // Act
    const started = Date.now();
    await page.goto(`${stack.url}/app/`);
    await page.locator("#map[data-ready]").waitFor({ timeout: 60_000 });
    const elapsed = Date.now() - started;
    const points = Number(await page.locator("#map").getAttribute("data-points"));
    const legend = await page.locator("#legend li").allTextContents();
    const labels = (await page.locator(".cluster-label").allTextContents()).map(Number);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "field-map-5000.png") });
    await context.close();
    // Assess
    expect(points).toBe(COUNT);
    expect(legend[0]).toBe(`共 ${COUNT} 个`);
    expect(pages.length).toBeGreaterThanOrEqual(COUNT / 1000);
    expect(pages.every((p) => p.status === 200)).toBe(true);
    expect(pages.filter((p) => new URL(p.url).searchParams.has("cursor")).length).toBe(pages.length - 1);
    expect(labels.length).toBeGreaterThan(10);
    expect(labels.length).toBeLessThan(1000);
    const clustered = labels.reduce((a, b) => a + b, 0);
    expect(clustered).toBeGreaterThan(COUNT / 2);
    expect(clustered).toBeLessThanOrEqual(COUNT);
    expect(elapsed).toBeLessThan(30_000);
    expect(seedMs).toBeLessThan(60_000);
    expect(errors).toEqual([]);
  });
});
