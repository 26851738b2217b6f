// The field app's work on outfalls already in the ledger, in Chromium on a phone: photos and a sensory
// observation added from the record card without signal (kept through a reload, sent once), a photo whose
// confirmation or presign answer is lost on the way back (stored once), a patrol that reopens a retained
// outfall (recorded once although its answer is lost), and every change marked as coming from the app.
import { join } from "node:path";
import type { Browser, BrowserContext, Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildApp } from "../../webapp/build.js";
import { TEST_TOKEN_KEY } from "../../webapp/src/token-key.js";
import { jpeg } from "../fixtures/images.js";
import { baseUrl, call, tokenFor, validOutfall } from "../integration/client.js";
import { retained } from "../integration/steps.js";
import { CLERK, ENFORCEMENT } from "../integration/users.js";
import { launchChromium } from "./chromium.js";

const ARTIFACTS = join(process.cwd(), "test", "browser", "artifacts");
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
/** Spots of 凯旋街道 on the 新塘河 beside those field-app.test.ts uses: the outfalls of these tests, and a
 *  capture away from them. */
const OUTFALLS = { longitude: 120.1939, latitude: 30.2745 };
const CAPTURE = { longitude: 120.1978, latitude: 30.2736, accuracy: 6 };

let browser: Browser;
beforeAll(async () => {
  // Prepare (shared): the built app
  Object.assign(process.env, inject("env"), { LOG_LEVEL: "silent" });
  await buildApp();
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

/** A clerk's phone. `serviceWorkers: "block"` where a test intercepts requests (Playwright does not see
 *  requests a service worker handles). */
async function phone(serviceWorkers: "allow" | "block" = "allow", as = CLERK): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ ...PHONE, geolocation: CAPTURE, permissions: ["geolocation"], locale: "zh-CN", serviceWorkers });
  const token = await tokenFor(as);
  await context.addInitScript(`sessionStorage.setItem(${JSON.stringify(TEST_TOKEN_KEY)}, ${JSON.stringify(token)})`);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  return { context, page, errors };
}

async function existing(name: string) {
  const reply = await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall({ name, ...OUTFALLS }) });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body as { id: string; tempId: string };
}

async function openCard(page: Page, id: string, tempId: string) {
  await page.goto(`${baseUrl()}/app/outfalls/${id}`);
  await page.locator("#title").filter({ hasText: tempId }).waitFor();
}

/** The first request matching `url` reaches the server, but its answer never reaches the phone. */
async function loseFirstAnswer(page: Page, url: string, method = "POST"): Promise<{ calls: number; lost?: any }> {
  const seen: { calls: number; lost?: any } = { calls: 0 };
  await page.route(url, async (route: Route) => {
    if (route.request().method() !== method) return route.continue();
    seen.calls++;
    if (seen.calls > 1) return route.continue();
    seen.lost = await (await route.fetch()).json();
    await route.abort("internetdisconnected");
  });
  return seen;
}

const history = async (id: string) => (await call("GET", `/v1/outfalls/${id}/history?limit=200`, { as: CLERK })).body.items as any[];
const storedPhotos = async (id: string) => (await call("GET", `/v1/outfalls/${id}/photos`, { as: CLERK })).body.items as any[];
const observations = (entries: any[]) => entries.filter((e) => (e.changes ?? []).some((c: any) => String(c.field).startsWith("sensory")));

describe("evidence for an outfall already in the ledger, from its record card", () => {
  it("adds two photos and an observation without signal, keeps them through a reload and sends each once", async () => {
    // Prepare: the card opened once with signal, so the service worker holds the shell and the card's reads
    const o = await existing(`离线补充-${Date.now()}`);
    const { context, page, errors } = await phone();
    await openCard(page, o.id, o.tempId);
    await page.waitForFunction(() => (globalThis as any).navigator.serviceWorker.controller !== null);
    await openCard(page, o.id, o.tempId);
    // Act: offline, a near photo with the observation, then a far photo
    await context.setOffline(true);
    await page.selectOption("#cardSlot", "near");
    await page.setInputFiles("#cardFiles", { name: "near.jpg", mimeType: "image/jpeg", buffer: jpeg() });
    await page.click("#observation summary");
    await page.selectOption('#addPhotos select[name="colour"]', "dark");
    await page.check('#addPhotos input[name="oilFilm"]');
    await page.click("#addPhotos button[type=submit]");
    await page.locator("#status.queued").filter({ hasText: "共 1 项" }).waitFor();
    await page.selectOption("#cardSlot", "far");
    await page.setInputFiles("#cardFiles", { name: "far.jpg", mimeType: "image/jpeg", buffer: jpeg(undefined, 2048) });
    await page.click("#addPhotos button[type=submit]");
    await page.locator("#status.queued").filter({ hasText: "共 2 项" }).waitFor();
    await page.reload();
    await page.locator("#title").filter({ hasText: o.tempId }).waitFor();
    await page.click("#navQueue");
    const pending = page.locator('#queue li[data-kind="evidence"][data-state="pending"]').filter({ hasText: "离线补充" });
    await pending.nth(1).waitFor();
    const pendingCount = await pending.count();
    const whileOffline = (await storedPhotos(o.id)).length;
    await context.setOffline(false);
    const sent = page.locator('#queue li[data-kind="evidence"][data-state="sent"]').filter({ hasText: "离线补充" });
    await sent.nth(1).waitFor({ timeout: 45_000 });
    await page.getByRole("button", { name: "立即发送" }).click();
    await page.reload();
    await sent.nth(1).waitFor();
    const queueText = await sent.allTextContents();
    await openCard(page, o.id, o.tempId);
    const shownChannels = await page.locator("#history .channel").allTextContents();
    await page.screenshot({ path: join(ARTIFACTS, "field-evidence.png"), fullPage: true });
    await context.close();
    const entries = await history(o.id);
    const record = (await call("GET", `/v1/outfalls/${o.id}`, { as: CLERK })).body;
    // Assess
    expect(pendingCount).toBe(2);
    expect(whileOffline).toBe(0);
    expect(queueText.join("")).toContain("现场观测");
    expect((await storedPhotos(o.id)).map((p) => p.slot).sort()).toEqual(["far", "near"]);
    expect(observations(entries)).toHaveLength(1);
    expect(record.sensory).toMatchObject({ colour: "dark", oilFilm: true });
    expect(entries.filter((e) => e.action === "photo")).toHaveLength(2);
    expect(entries.slice(1).map((e) => e.channel)).toEqual(["app", "app", "app"]);
    expect(shownChannels.slice(0, 3).map((t) => t.trim())).toEqual(["· 外业App", "· 外业App", "· 外业App"]);
    expect(errors).toEqual([]);
  });

  it("stores a photo once when the answer to its confirmation is lost and the queue sends it again", async () => {
    // Prepare
    const o = await existing(`确认丢失-${Date.now()}`);
    const { context, page, errors } = await phone("block");
    const confirms = await loseFirstAnswer(page, "**/v1/outfalls/*/photos/*/confirm");
    await openCard(page, o.id, o.tempId);
    // Act
    await page.selectOption("#cardSlot", "near");
    await page.setInputFiles("#cardFiles", { name: "near.jpg", mimeType: "image/jpeg", buffer: jpeg() });
    await page.click("#addPhotos button[type=submit]");
    await page.locator("#status.queued").waitFor();
    const afterLoss = await storedPhotos(o.id);
    await page.click("#navQueue");
    await page.locator('#queue li[data-kind="evidence"][data-state="sent"]').filter({ hasText: "确认丢失" }).waitFor();
    await context.close();
    const photos = await storedPhotos(o.id);
    // Assess: the confirmation was committed; the retry's presign answered it as confirmed
    expect(afterLoss).toHaveLength(1);
    expect(photos).toHaveLength(1);
    expect(photos[0].id).toBe(afterLoss[0].id);
    expect(confirms.calls).toBe(1);
    expect((await history(o.id)).filter((e) => e.action === "photo")).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it("stores a photo once when the answer to its presign is lost and the queue sends it again", async () => {
    // Prepare
    const o = await existing(`申请丢失-${Date.now()}`);
    const { context, page, errors } = await phone("block");
    const presigns = await loseFirstAnswer(page, "**/v1/outfalls/*/photos");
    await openCard(page, o.id, o.tempId);
    // Act
    await page.selectOption("#cardSlot", "far");
    await page.setInputFiles("#cardFiles", { name: "far.jpg", mimeType: "image/jpeg", buffer: jpeg() });
    await page.click("#addPhotos button[type=submit]");
    await page.locator("#status.queued").waitFor();
    await page.click("#navQueue");
    await page.locator('#queue li[data-kind="evidence"][data-state="sent"]').filter({ hasText: "申请丢失" }).waitFor();
    await context.close();
    const photos = await storedPhotos(o.id);
    // Assess: the photo stored is the one the lost answer named
    expect(presigns.calls).toBe(2);
    expect(photos.map((p) => p.slot)).toEqual(["far"]);
    expect(photos[0].id).toBe(presigns.lost.photoId);
    expect(errors).toEqual([]);
  });
  it("shows a photo the ledger refuses as 被退回 in the queue, with the rule's message, and stores nothing", async () => {
    // Prepare: a department officer, who may add monitoring and acceptance photos only
    const o = await existing(`退回-${Date.now()}`);
    const { context, page, errors } = await phone("allow", ENFORCEMENT);
    await openCard(page, o.id, o.tempId);
    // Act
    await page.selectOption("#cardSlot", "near");
    await page.setInputFiles("#cardFiles", { name: "near.jpg", mimeType: "image/jpeg", buffer: jpeg() });
    await page.click("#addPhotos button[type=submit]");
    await page.locator("#status.error").waitFor();
    const said = await page.locator("#status").textContent();
    await page.click("#navQueue");
    const row = page.locator('#queue li[data-kind="evidence"][data-state="refused"]').filter({ hasText: "退回-" });
    await row.waitFor();
    const message = await row.locator(".message").textContent();
    await context.close();
    // Assess
    expect(said).toContain("被退回");
    expect(message).toContain("（R-SCOPE）");
    expect(message).toContain("照片被退回");
    expect(await storedPhotos(o.id)).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe("patrols from the field app", () => {
  it("records a patrol that finds water in dry weather at a retained outfall once, and the outfall is reopened", async () => {
    // Prepare: a retained outfall; the patrol's answer is lost the first time
    const o = await retained();
    const { context, page, errors } = await phone("block");
    const posts = await loseFirstAnswer(page, `**/v1/outfalls/${o.id}/patrols`);
    await openCard(page, o.id, o.tempId);
    // Act
    await page.click("#patrolOpen summary");
    await page.selectOption('#patrol select[name="weather"]', "dry");
    await page.selectOption('#patrol select[name="flow"]', "flowing");
    await page.selectOption('#patrol select[name="odour"]', "strong-odour");
    await page.selectOption("#patrolSlot", "near");
    await page.setInputFiles("#patrolFiles", { name: "patrol.jpg", mimeType: "image/jpeg", buffer: jpeg() });
    await page.click("#patrol button[type=submit]");
    await page.locator("#status.queued").waitFor();
    await page.click("#navQueue");
    const row = page.locator('#queue li[data-kind="patrol"][data-state="sent"]').first();
    await row.waitFor();
    const rowText = await row.textContent();
    await openCard(page, o.id, o.tempId);
    const listed = await page.locator("#patrolList li").allTextContents();
    const state = await page.locator("#state").getAttribute("data-status");
    await context.close();
    const patrols = (await call("GET", `/v1/outfalls/${o.id}/patrols`, { as: CLERK })).body.items;
    const record = (await call("GET", `/v1/outfalls/${o.id}`, { as: CLERK })).body;
    const photos = await storedPhotos(o.id);
    // Assess
    expect(posts.calls).toBe(2);
    expect(patrols).toHaveLength(1);
    expect(patrols[0]).toMatchObject({ reopened: true, problemsFound: ["dry-weather"], weather: "dry", observations: { flow: "flowing", odour: "strong-odour" }, recordedBy: CLERK });
    expect(patrols[0].photoIds).toHaveLength(1);
    expect(photos.find((p) => p.id === patrols[0].photoIds[0])).toMatchObject({ slot: "near", uploadedBy: CLERK });
    expect(record).toMatchObject({ status: "traced", dryWeatherFlow: true });
    expect(record.problems).toContain("dry-weather");
    expect(rowText).toContain("已重新打开");
    expect(listed).toHaveLength(1);
    expect(listed[0]).toContain("发现问题：晴天排水");
    expect(listed[0]).toContain("已重新打开");
    expect(state).toBe("traced");
    expect((await history(o.id)).at(-1)).toMatchObject({ action: "reopen", channel: "app" });
    expect(errors).toEqual([]);
  });
});

describe("the app's channel", () => {
  it("marks a capture from the app as channel app in the record's history", async () => {
    // Prepare
    const name = `渠道-${Date.now()}`;
    const { context, page, errors } = await phone();
    // Act
    await page.goto(`${baseUrl()}/app/capture`);
    await page.locator("#capture[data-ready]").waitFor();
    await page.locator("#accuracy").filter({ hasText: "定位精度" }).waitFor();
    await page.selectOption('select[name="waterBody"]', "xintang-river");
    await page.fill('input[name="name"]', name);
    await page.click("#save");
    const link = page.locator('#queue li[data-state="sent"]').filter({ hasText: name }).locator("a");
    await link.waitFor();
    const id = decodeURIComponent(String(await link.getAttribute("href")).split("/").pop() ?? "");
    await link.click();
    await page.locator("#history .channel").first().waitFor();
    const shown = await page.locator("#history .channel").first().textContent();
    await context.close();
    const entries = await history(id);
    // Assess
    expect(entries[0]).toMatchObject({ action: "create", channel: "app" });
    expect(shown?.trim()).toBe("· 外业App");
    expect(errors).toEqual([]);
  });
});
