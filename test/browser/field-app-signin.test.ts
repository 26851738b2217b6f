// The field app signing in as a user would: no test token, the app sends the phone to the local OpenID
// Connect provider (authorization code + PKCE, client outfall-ledger-web), a clerk is picked on its login
// page, and the app comes back, exchanges the code once (however many reads start at its return), shows who
// is signed in and loads the map with that user's token; a reload keeps the session; 退出 ends it.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { decodeJwt } from "jose";
import type { Browser, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../webapp/build.js";
import { baseUrl, call } from "../integration/client.js";
import { CLERK } from "../integration/users.js";
import { launchChromium } from "./chromium.js";

const ARTIFACTS = join(process.cwd(), "test", "browser", "artifacts");
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

let browser: Browser;
beforeAll(async () => {
  await buildApp();
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

/** The clerk's outfalls the map draws (on the inventory, with coordinates), read straight from the API. */
async function clerkPoints(): Promise<number> {
  let n = 0;
  let cursor: string | undefined;
  do {
    const page = (await call("GET", `/v1/outfalls?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { as: CLERK })).body;
    n += page.items.filter((r: any) => r.status !== "dismissed" && typeof r.longitude === "number").length;
    cursor = page.nextCursor;
  } while (cursor);
  return n;
}

describe("signing in to the field app through the local provider", () => {
  // Up to three waits of 90 s on a loaded machine (redirect, map, map after reload).
  it("sends the phone to the provider, comes back as the clerk with one code exchange, keeps the session on reload and signs out", async () => {
    // Prepare: a phone with nobody signed in; every token-endpoint call and API call recorded
    const expected = await clerkPoints();
    const context = await browser.newContext({ ...PHONE, locale: "zh-CN" });
    const page = await context.newPage();
    const tokenCalls: Request[] = [];
    const apiCalls: Request[] = [];
    const authorizePages: string[] = [];
    const errors: string[] = [];
    page.on("request", (r) => {
      const url = new URL(r.url());
      if (url.pathname === "/oidc/token") tokenCalls.push(r);
      if (url.pathname.startsWith("/v1/")) apiCalls.push(r);
    });
    page.on("framenavigated", (f) => {
      if (f === page.mainFrame() && new URL(f.url()).pathname === "/oidc/authorize") authorizePages.push(f.url());
    });
    page.on("pageerror", (e) => errors.push(String(e)));
    // For a map that never gets ready (seen once in a few full runs, never alone): what the page was waiting on.
    const unanswered = new Set<Request>();
    const diagnostics: string[] = [];
    page.on("request", (r) => unanswered.add(r));
    page.on("requestfinished", (r) => unanswered.delete(r));
    page.on("requestfailed", (r) => {
      unanswered.delete(r);
      diagnostics.push(`${r.method()} ${r.url()} failed: ${r.failure()?.errorText}`);
    });
    page.on("console", (m) => m.type() === "error" && diagnostics.push(`console: ${m.text()}`));
    /** Fails with what the page shows and was waiting on (screenshot kept). */
    const stuck = async (what: string, fatal: string | null, cause: unknown): Promise<never> => {
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, "field-signin-not-ready.png") });
      const pending = [...unanswered].map((r) => `${r.method()} ${r.url()}`);
      throw new Error(`${what} at ${page.url()}; page says: ${fatal ?? "nothing"}; unanswered: ${pending.join(", ") || "none"}; errors: ${[...errors, ...diagnostics].join(" | ") || "none"}`, { cause });
    };
    const mapReady = async () => {
      let failure: unknown;
      try {
        // The app shows #fatal when a step fails (a refused exchange, a 401): that ends the wait at once.
        await page.locator("#map[data-ready], #fatal").first().waitFor({ timeout: 90_000 });
      } catch (error) {
        failure = error;
      }
      const fatal = await page.locator("#fatal").textContent({ timeout: 1 }).catch(() => null);
      if (failure === undefined && fatal === null) return;
      await stuck("map not ready", fatal, failure);
    };
    // Act: open the app, land on the provider's login page, pick the clerk
    await page.goto(`${baseUrl()}/app/`);
    // The same allowance as the map's: once in a few full runs the first redirect took over 30 s.
    await page.waitForURL((u) => u.pathname === "/oidc/authorize", { timeout: 90_000 }).catch(async (error) => {
      await stuck("no redirect to the provider", await page.locator("#fatal").textContent({ timeout: 1 }).catch(() => null), error);
    });
    const authorize = new URL(page.url());
    const heading = await page.locator("h1").textContent();
    await page.locator(`button[data-email="${CLERK}"]`).click();
    // Code exchange, reference data and the clerk's pages before the map is ready: ~5 s on an idle machine,
    // over 30 s once when both lanes of `npm test` loaded the two cores.
    await mapReady();
    await page.locator("#who").filter({ hasText: "凯旋经办" }).waitFor();
    const who = await page.locator("#who").textContent();
    const points = Number(await page.locator("#map").getAttribute("data-points"));
    const returnedTo = page.url();
    const exchanges = tokenCalls.length;
    const bearer = apiCalls.map((r) => r.headers().authorization).find(Boolean);
    const stored = await page.evaluate(() => Object.keys((globalThis as any).localStorage).filter((k) => k.startsWith("oidc.user:")).length);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "field-signed-in.png") });
    // Act: a reload keeps the session (no new sign-in, no new exchange)
    const apiBeforeReload = apiCalls.length;
    await page.reload();
    await mapReady();
    await page.locator("#who").filter({ hasText: "凯旋经办" }).waitFor();
    const afterReload = { exchanges: tokenCalls.length, signIns: authorizePages.length, url: page.url(), api: apiCalls.slice(apiBeforeReload).map((r) => r.headers().authorization) };
    // Act: 退出 forgets the user and the cached reads, and the app asks for a sign-in again
    const apiCacheBefore = await page.evaluate(() => (globalThis as any).caches.has("outfall-api"));
    await page.locator("#signOut").click();
    await page.waitForURL((u) => u.pathname === "/oidc/authorize");
    const afterSignOut = await page.evaluate(async () => ({
      users: Object.keys((globalThis as any).localStorage).filter((k) => k.startsWith("oidc.user:")).length,
      apiCache: await (globalThis as any).caches.has("outfall-api"),
    }));
    await context.close();
    // Assess
    expect(authorize.searchParams.get("client_id")).toBe("outfall-ledger-web");
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${baseUrl()}/app/`);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(heading).toContain("本地登录");
    expect(returnedTo).toBe(`${baseUrl()}/app/`);
    expect(exchanges).toBe(1);
    expect(tokenCalls[0]?.method()).toBe("POST");
    expect(who).toBe("凯旋经办 · 街道经办人 · 凯旋街道");
    expect(points).toBe(expected);
    expect(bearer).toMatch(/^Bearer /);
    expect(decodeJwt(bearer!.slice("Bearer ".length))).toMatchObject({ iss: baseUrl(), aud: "outfall-ledger-web", email: CLERK });
    expect(stored).toBe(1);
    expect(afterReload.exchanges).toBe(1);
    expect(afterReload.signIns).toBe(1);
    expect(afterReload.url).toBe(`${baseUrl()}/app/`);
    expect(afterReload.api.length).toBeGreaterThan(0);
    expect(afterReload.api.every((a) => a === bearer)).toBe(true);
    expect(apiCacheBefore).toBe(true);
    expect(afterSignOut).toEqual({ users: 0, apiCache: false });
    expect(errors).toEqual([]);
  }, 300_000);
});
