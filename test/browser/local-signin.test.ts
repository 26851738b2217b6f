// The local OpenID Connect provider (local/oidc.ts) driven like a web app would: authorization-code flow with
// PKCE in Chromium, the login page's choice, the redirect captured by route interception, the code exchanged.
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { decodeJwt } from "jose";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, call } from "../integration/client.js";
import { CLERK } from "../integration/users.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
/** The web app's address: nothing listens there, the test intercepts the redirect. */
const REDIRECT = "http://127.0.0.1:5999/callback";
const CLIENT = "outfall-ledger-web";

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
});
afterAll(async () => browser?.close());

function pkce() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

/** Opens the authorize URL, picks `email` on the login page, returns the redirect's query and the page. */
async function signIn(email: string, challenge: string, screenshot?: string) {
  const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
  let redirected: URL | undefined;
  // Playwright calls a route handler for the first URL of a redirect only, so the login form's POST is the one
  // intercepted: sent on to the provider without following its 302, whose Location is the app's callback.
  await page.route(`${baseUrl()}/oidc/authorize`, async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    const response = await route.fetch({ maxRedirects: 0 });
    redirected = new URL(response.headers().location!);
    await route.fulfill({ status: 200, contentType: "text/plain", body: "ok" });
  });
  const authorize = new URL(`${baseUrl()}/oidc/authorize`);
  const query = { response_type: "code", client_id: CLIENT, redirect_uri: REDIRECT, scope: "openid email profile", state: "s-42", nonce: "n-42", code_challenge: challenge, code_challenge_method: "S256" };
  for (const [k, v] of Object.entries(query)) authorize.searchParams.set(k, v);
  await page.goto(authorize.toString());
  const heading = await page.locator("h1").textContent();
  const choices = await page.locator("button[data-email]").count();
  if (screenshot) {
    const dir = join(process.cwd(), ".data", "screenshots");
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, screenshot), fullPage: true });
  }
  await Promise.all([page.waitForResponse(`${baseUrl()}/oidc/authorize`), page.locator(`button[data-email="${email}"]`).click()]);
  await page.close();
  expect(redirected?.origin + (redirected?.pathname ?? "")).toBe(REDIRECT);
  return { heading, choices, redirected: redirected! };
}

const exchange = (code: string, verifier: string) =>
  fetch(`${baseUrl()}/oidc/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://127.0.0.1:5999" },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, client_id: CLIENT, code_verifier: verifier }),
  });

describe("the local OpenID Connect provider in Chromium", () => {
  it("signs a user in with the authorization code and PKCE; the ID token opens the API as that user", async () => {
    // Prepare
    const { verifier, challenge } = pkce();
    // Act
    const { heading, choices, redirected } = await signIn(CLERK, challenge, "local-signin.png");
    const answer = await exchange(redirected.searchParams.get("code")!, verifier);
    const tokens = (await answer.json()) as { id_token: string; token_type: string };
    const me = await call("GET", "/v1/me", { headers: { authorization: `Bearer ${tokens.id_token}` } });
    // Assess
    expect(heading).toContain("本地登录");
    expect(choices).toBeGreaterThanOrEqual(5);
    expect(redirected.searchParams.get("state")).toBe("s-42");
    expect(redirected.searchParams.get("iss")).toBe(baseUrl());
    expect(answer.status).toBe(200);
    expect(answer.headers.get("access-control-allow-origin")).toBe("*");
    expect(tokens.token_type).toBe("Bearer");
    expect(decodeJwt(tokens.id_token)).toMatchObject({ iss: baseUrl(), aud: CLIENT, nonce: "n-42", email: CLERK });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: CLERK, role: "clerk" });
  });

  it("refuses a wrong verifier, and the code is then spent", async () => {
    // Prepare
    const { verifier, challenge } = pkce();
    const { redirected } = await signIn(CLERK, challenge);
    const code = redirected.searchParams.get("code")!;
    // Act
    const wrong = await exchange(code, pkce().verifier);
    const again = await exchange(code, verifier);
    // Assess
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: "invalid_grant" });
    expect(again.status).toBe(400);
  });

  it("publishes a discovery document and JWKS a browser app may read (CORS), with S256 only", async () => {
    // Act
    const discovery = await fetch(`${baseUrl()}/.well-known/openid-configuration`);
    const doc = (await discovery.json()) as Record<string, unknown>;
    const jwks = await fetch(String(doc.jwks_uri));
    const plain = await fetch(`${baseUrl()}/oidc/authorize?response_type=code&client_id=${CLIENT}&redirect_uri=${encodeURIComponent(REDIRECT)}&scope=openid&code_challenge=abc&code_challenge_method=plain`, { redirect: "manual" });
    // Assess
    expect(doc).toMatchObject({ issuer: baseUrl(), response_types_supported: ["code"], code_challenge_methods_supported: ["S256"], token_endpoint: `${baseUrl()}/oidc/token` });
    expect(discovery.headers.get("access-control-allow-origin")).toBe("*");
    expect(jwks.headers.get("access-control-allow-origin")).toBe("*");
    expect(((await jwks.json()) as { keys: unknown[] }).keys).toHaveLength(1);
    expect(plain.status).toBe(302);
    expect(new URL(plain.headers.get("location")!).searchParams.get("error")).toBe("invalid_request");
  });
});
