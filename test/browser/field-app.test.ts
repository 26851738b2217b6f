// The field app (/app/) in Chromium on a phone: the district map with the demo data, a capture with two
// photos, the duplicate offer within 10 m, a capture made offline and sent once the signal returns, a
// department accepting from the record card, and no request leaving the machine with no base layer set.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type BrowserContext, type Page, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runtime } from "../../functions/src/config.js";
import { seedDemo } from "../../local/demo/seed.js";
import { buildApp } from "../../webapp/build.js";
import { TEST_TOKEN_KEY } from "../../webapp/src/token-key.js";
import { jpeg } from "../fixtures/images.js";
import { baseUrl, call, tokenFor, validOutfall } from "../integration/client.js";
import { NO_FLOOD_RISK, ok, photos, traced } from "../integration/steps.js";
import { CLERK, COORDINATOR, ENFORCEMENT } from "../integration/users.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const ARTIFACTS = join(process.cwd(), "test", "browser", "artifacts");
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
/** A spot of 凯旋街道 on the 新塘河 (validOutfall's), moved per test so captures do not meet. */
const at = (dLng: number, dLat = 0) => ({ longitude: 120.196 + dLng, latitude: 30.276 + dLat, accuracy: 8 });

let browser: Browser;
let firstLoadGzip = 0;
beforeAll(async () => {
  // Prepare (shared): the built app, and the demo data beside what other files wrote
  Object.assign(process.env, inject("env"), { LOG_LEVEL: "silent" });
  firstLoadGzip = (await buildApp()).firstLoadGzip;
  await seedDemo(runtime().deps, { count: 120, seed: 17, alongside: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
});
afterAll(async () => browser?.close());

/** A phone signed in as `as` (the auth module's test hook: a token in sessionStorage), standing at `where`. */
async function phone(as: string, where = at(0.01)): Promise<{ context: BrowserContext; page: Page; requests: string[]; errors: string[] }> {
  const context = await browser.newContext({ ...PHONE, geolocation: where, permissions: ["geolocation"], locale: "zh-CN" });
  const token = await tokenFor(as);
  await context.addInitScript(`sessionStorage.setItem(${JSON.stringify(TEST_TOKEN_KEY)}, ${JSON.stringify(token)})`);
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("pageerror", (e) => errors.push(String(e)));
  return { context, page, requests, errors };
}

async function listAll(as: string): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | undefined;
  do {
    const page = (await call("GET", `/v1/outfalls?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { as })).body;
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

async function fillCapture(page: Page, name: string) {
  await page.locator("#capture[data-ready]").waitFor();
  await page.locator("#accuracy").filter({ hasText: "定位精度" }).waitFor();
  await page.selectOption('select[name="waterBody"]', "xintang-river");
  await page.fill('input[name="name"]', name);
  await page.selectOption('select[name="colour"]', "dark");
  await page.selectOption('select[name="odour"]', "obvious");
  await page.check('input[name="oilFilm"]');
  await page.check('input[name="dryWeatherFlow"]');
}

describe("the field app on a phone", () => {
  it("draws the district map with one point per outfall on the inventory, and nothing leaves the machine", async () => {
    // Prepare
    const expected = (await listAll(COORDINATOR)).filter((r) => r.status !== "dismissed" && typeof r.longitude === "number").length;
    const { context, page, requests, errors } = await phone(COORDINATOR);
    // Act
    const response = await page.goto(`${baseUrl()}/app/`);
    await page.locator("#map[data-ready]").waitFor();
    const points = Number(await page.locator("#map").getAttribute("data-points"));
    const legend = await page.locator("#legend li").allTextContents();
    await page.selectOption('select[name="subdistrict"]', "kaixuan");
    const kaixuan = Number(await page.locator("#map").getAttribute("data-points"));
    await page.selectOption('select[name="subdistrict"]', "");
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "field-map.png") });
    await context.close();
    // Assess
    expect(response?.status()).toBe(200);
    expect(response?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(response?.headers()["x-content-type-options"]).toBe("nosniff");
    expect(expected).toBeGreaterThanOrEqual(100);
    expect(points).toBe(expected);
    expect(legend[0]).toBe(`共 ${expected} 个`);
    expect(legend.some((l) => l.startsWith("逾期（红圈）"))).toBe(true);
    expect(kaixuan).toBeGreaterThan(0);
    expect(kaixuan).toBeLessThan(expected);
    expect(requests.filter((u) => !u.startsWith("data:") && !u.startsWith("blob:") && new URL(u).hostname !== "127.0.0.1")).toEqual([]);
    expect(errors).toEqual([]);
    expect(firstLoadGzip).toBeLessThan(300 * 1024);
  });

  it("captures a suspected outfall with two photos and its sensory observation, found in the ledger", async () => {
    // Prepare
    const name = `外业新增-${Date.now()}`;
    const { context, page, errors } = await phone(CLERK, at(0.0042, 0.0011));
    // Act
    await page.goto(`${baseUrl()}/app/capture`);
    await fillCapture(page, name);
    await page.setInputFiles("#photo-near", { name: "near.jpg", mimeType: "image/jpeg", buffer: jpeg() });
    await page.setInputFiles("#photo-far", { name: "far.jpg", mimeType: "image/jpeg", buffer: jpeg(undefined, 2048) });
    // The whole form in one picture (README): the sticky nav bar held at the top while the page is captured
    await page.evaluate(() => ((globalThis as any).document.querySelector(".bar").style.position = "static"));
    await page.screenshot({ path: join(ARTIFACTS, "field-capture.png"), fullPage: true });
    await page.evaluate(() => ((globalThis as any).document.querySelector(".bar").style.position = ""));
    await page.click("#save");
    await page.locator('#queue li[data-state="sent"]').filter({ hasText: name }).waitFor();
    const row = await page.locator("#queue li").filter({ hasText: name }).textContent();
    await context.close();
    const found = (await listAll(CLERK)).filter((r) => r.name === name);
    const photos = found.length ? (await call("GET", `/v1/outfalls/${found[0].id}/photos`, { as: CLERK })).body.items : [];
    // Assess
    expect(row).toContain("照片 2/2");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ status: "suspected", subdistrict: "kaixuan", waterBody: "xintang-river", dryWeatherFlow: true, sensory: { colour: "dark", odour: "obvious", oilFilm: true } });
    expect(found[0].longitude).toBeCloseTo(120.2002, 4);
    expect(photos.map((p: any) => p.slot).sort()).toEqual(["far", "near"]);
    expect(errors).toEqual([]);
  });

  it("offers an existing outfall 3 m away as the same one before creating a duplicate", async () => {
    // Prepare: an outfall, and the phone 3 m north of it
    const existing = (await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall({ longitude: 120.1921, latitude: 30.2733, name: "已登记排口" }) })).body;
    const { context, page } = await phone(CLERK, { longitude: 120.1921, latitude: 30.2733 + 3 / 111_195, accuracy: 5 });
    // Act
    await page.goto(`${baseUrl()}/app/capture`);
    const match = page.locator(`#matches li[data-id="${existing.id}"]`);
    await match.waitFor();
    const text = await match.textContent();
    const confirmBox = await page.locator('input[name="notDuplicate"]').count();
    await context.close();
    // Assess
    expect(text).toContain(existing.tempId);
    expect(text).toMatch(/相距 3\.0 米/);
    expect(confirmBox).toBe(1);
  });

  it("keeps a capture made without signal through a reload and sends it exactly once when the signal returns", async () => {
    // Prepare: the app opened once online, so its service worker holds the shell and the reads
    const name = `离线新增-${Date.now()}`;
    const { context, page, errors } = await phone(CLERK, at(-0.0035, 0.0021));
    await page.goto(`${baseUrl()}/app/capture`);
    await page.waitForFunction(() => (globalThis as any).navigator.serviceWorker.controller !== null);
    await page.reload();
    await page.locator("#capture[data-ready]").waitFor();
    // Act
    await context.setOffline(true);
    await fillCapture(page, name);
    await page.setInputFiles("#photo-near", { name: "near.jpg", mimeType: "image/jpeg", buffer: jpeg() });
    await page.click("#save");
    await page.locator('#queue li[data-state="pending"]').filter({ hasText: name }).waitFor();
    await page.reload();
    const afterReload = await page.locator("#queue li").filter({ hasText: name }).getAttribute("data-state");
    const whileOffline = (await listAll(CLERK)).filter((r) => r.name === name).length;
    await context.setOffline(false);
    await page.locator('#queue li[data-state="sent"]').filter({ hasText: name }).waitFor({ timeout: 45_000 });
    await page.getByRole("button", { name: "立即发送" }).click();
    await page.reload();
    await page.locator('#queue li[data-state="sent"]').filter({ hasText: name }).waitFor();
    await context.close();
    const found = (await listAll(CLERK)).filter((r) => r.name === name);
    // Assess
    expect(afterReload).toBe("pending");
    expect(whileOffline).toBe(0);
    expect(found).toHaveLength(1);
    expect((await call("GET", `/v1/outfalls/${found[0].id}/photos`, { as: CLERK })).body.items).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it("lets a department officer add an acceptance photo, accept and close from the record card on a tablet", async () => {
    // Prepare: a ban through its works, awaiting acceptance by 综合行政执法局
    const o = await traced({ subcategory: "urban-domestic-scattered", problems: ["uncollected"] });
    await ok(o.id, "plan", { remediation: "ban", plan: "截污纳管后封堵排口", floodSafety: NO_FLOOD_RISK });
    await photos(o.id, "before", "after", "sealing");
    await ok(o.id, "request-acceptance", { completedAt: "2024-05-20" });
    const { context, page, errors } = await phone(ENFORCEMENT);
    await page.setViewportSize({ width: 800, height: 1200 });
    // Act
    await page.goto(`${baseUrl()}/app/outfalls/${o.id}`);
    await page.locator("#title").filter({ hasText: o.tempId }).waitFor();
    const offered = await page.locator("#steps button").allTextContents();
    const photoCount = await page.locator("#photos img").count();
    await page.selectOption("#cardSlot", "acceptance");
    await page.setInputFiles("#cardFiles", { name: "check.jpg", mimeType: "image/jpeg", buffer: jpeg() });
    await page.click("#addPhotos button[type=submit]");
    await page.locator("#status.ok").filter({ hasText: "已上传 1 张照片" }).waitFor();
    await page.locator("#photos img").nth(3).waitFor();
    await page.click('#steps button[data-action="accept"]');
    await page.fill('textarea[name="note"]', "现场核查已封堵");
    await page.click("#stepForm button[type=submit]");
    await page.locator("#status.ok").filter({ hasText: "验收通过" }).waitFor();
    await page.click('#steps button[data-action="close"]');
    await page.click("#stepForm button[type=submit]");
    await page.locator('#state[data-status="closed"]').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, "field-card.png"), fullPage: true });
    const history = await page.locator("#history .what").allTextContents();
    await context.close();
    const record = (await call("GET", `/v1/outfalls/${o.id}`, { as: ENFORCEMENT })).body;
    // Assess
    expect(offered).toContain("验收通过");
    expect(photoCount).toBe(3);
    expect((await call("GET", `/v1/outfalls/${o.id}/photos`, { as: ENFORCEMENT })).body.items.map((p: any) => p.slot)).toContain("acceptance");
    expect(record).toMatchObject({ status: "closed", closedBy: ENFORCEMENT, acceptance: { by: ENFORCEMENT, result: "passed" } });
    expect(history.slice(0, 2)).toEqual(["销号", "验收通过"]);
    expect(errors).toEqual([]);
  });
});
