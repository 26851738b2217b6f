import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, call, tokenFor, validOutfall } from "../integration/client.js";
import { CLERK, COORDINATOR, OTHER_CLERK } from "../integration/users.js";

// Debian's Chromium (installed by .ci/run); flags keep it off the closed network.
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall() });
  await call("POST", "/v1/outfalls", { as: OTHER_CLERK, body: validOutfall({ subdistrict: "hubin", longitude: 120.165, latitude: 30.258 }) });
});
afterAll(async () => browser?.close());

describe("the digest page in Chromium", () => {
  it("draws one bar per subdistrict with its state segments and a readable layout", async () => {
    // Prepare
    const digest = (await call("POST", "/v1/digests", { as: COORDINATOR })).body;
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, extraHTTPHeaders: { authorization: `Bearer ${await tokenFor(COORDINATOR)}` } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    // Act
    const response = await page.goto(`${baseUrl()}/v1/digests/${digest.id}?format=html`);
    const bars = page.locator("svg g.bar");
    const labels = await bars.locator("text").allTextContents();
    const kaixuanSegments = await page.locator('svg g.bar[data-subdistrict="kaixuan"] rect.segment').count();
    const chartBox = await page.locator("svg").first().boundingBox();
    const dir = join(process.cwd(), ".data", "screenshots");
    mkdirSync(dir, { recursive: true });
    const shot = await page.screenshot({ path: join(dir, "digest.png"), fullPage: true });
    // Assess
    expect(response?.status()).toBe(200);
    expect(await bars.count()).toBe(14);
    expect(labels).toEqual(expect.arrayContaining(["凯旋街道", "湖滨街道", "丁兰街道"]));
    expect(kaixuanSegments).toBeGreaterThan(0);
    expect(chartBox!.width).toBeGreaterThan(600);
    expect(await page.locator("table").count()).toBeGreaterThanOrEqual(2);
    expect(shot.length).toBeGreaterThan(10_000);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows the bulletin: lights with their legend, milestones, whom late outfalls wait on and a weekly trend chart", async () => {
    // Prepare
    const digest = (await call("POST", "/v1/digests", { as: COORDINATOR })).body;
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, extraHTTPHeaders: { authorization: `Bearer ${await tokenFor(COORDINATOR)}` } });
    // Act
    await page.goto(`${baseUrl()}/v1/digests/${digest.id}?format=html`);
    const title = await page.locator("h2").first().textContent();
    const headings = await page.locator("h3").allTextContents();
    const legend = await page.locator("p.legend").textContent();
    const trend = page.locator("svg.trend");
    const trendBox = await trend.boundingBox();
    const districtLine = await trend.locator('g.trend-line[data-key="district"] circle').count();
    const dir = join(process.cwd(), ".data", "screenshots");
    mkdirSync(dir, { recursive: true });
    const shot = await page.screenshot({ path: join(dir, "digest-bulletin.png"), fullPage: true });
    // Assess: the stack's clock is past the campaign's end (2025-12-31), so the page reports supervision
    expect(title).toBe("上城区入河入海排污口动态监管 进度通报");
    expect(headings).toEqual(expect.arrayContaining(["各节点完成情况（实施方案时间节点）", "按整治方式", "亮灯说明", "完成率与逾期趋势（按周）"]));
    expect(headings.some((h) => h.startsWith("动态监管（整治行动已于 2025-12-31 结束）"))).toBe(true);
    expect(legend).toContain("红灯");
    expect(trendBox!.width).toBeGreaterThan(600);
    expect(districtLine).toBe(digest.progress.trend.length);
    expect(shot.length).toBeGreaterThan(10_000);
    await page.close();
  });

  it("shows the district map: boundary, areas, rivers, one dot per outfall by state, late ones ringed, a legend with counts", async () => {
    // Prepare
    const digest = (await call("POST", "/v1/digests", { as: COORDINATOR })).body;
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, extraHTTPHeaders: { authorization: `Bearer ${await tokenFor(COORDINATOR)}` } });
    // Act
    await page.goto(`${baseUrl()}/v1/digests/${digest.id}?format=html`);
    const map = page.locator("svg.district-map");
    const box = await map.boundingBox();
    const dots = await map.locator("circle.outfall").count();
    const rings = await map.locator("circle.overdue-ring").count();
    const areas = await map.locator("path.area").count();
    const rivers = await map.locator("path.river").count();
    const legend = await map.locator("g.legend text").allTextContents();
    const kaixuanLabel = await map.locator("text.area-label", { hasText: "凯旋" }).boundingBox();
    const dir = join(process.cwd(), ".data", "screenshots");
    mkdirSync(dir, { recursive: true });
    const shot = await map.screenshot({ path: join(dir, "digest-map.png") });
    // Assess
    expect(digest.progress.map.length).toBeGreaterThanOrEqual(2);
    expect(dots).toBe(digest.progress.map.length);
    expect(rings).toBe(digest.progress.map.filter((m: any) => m.overdue).length);
    expect(areas).toBe(14);
    expect(rivers).toBeGreaterThanOrEqual(10);
    expect(legend.at(-1)).toBe(`逾期（红圈） ${rings}`);
    expect(box!.width).toBe(720);
    expect(kaixuanLabel!.x).toBeGreaterThan(box!.x);
    expect(kaixuanLabel!.x + kaixuanLabel!.width).toBeLessThan(box!.x + box!.width);
    expect(shot.length).toBeGreaterThan(10_000);
    await page.close();
  });
});
