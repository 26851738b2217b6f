// The issued bulletin (调度通报) as a page in Chromium: the red issuing header with 第 N 期, the three numbered
// sections, the digest's tables and chart, and 抄送 at the end; the screenshot is kept as an artifact.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, call, tokenFor, validOutfall } from "../integration/client.js";
import { CLERK, COORDINATOR } from "../integration/users.js";
import { launchChromium } from "./chromium.js";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
  await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall() });
});
afterAll(async () => browser?.close());

describe("the issued bulletin page in Chromium", () => {
  it("shows the issuing header, the numbered sections, the figures and 抄送 last", async () => {
    // Prepare: a draft, an edited section, issued
    const draft = (await call("POST", "/v1/bulletins", { as: COORDINATOR })).body;
    const edited = await call("PATCH", `/v1/bulletins/${draft.id}`, { as: COORDINATOR, body: { narrative: { problems: "凯旋街道逾期排污口较多，须于月底前办结。" } }, headers: { "if-match": String(draft.version) } });
    const issued = (await call("POST", `/v1/bulletins/${draft.id}/issue`, { as: COORDINATOR, headers: { "if-match": String(edited.body.version) } })).body;
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, extraHTTPHeaders: { authorization: `Bearer ${await tokenFor(COORDINATOR)}` } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    // Act
    const response = await page.goto(`${baseUrl()}/v1/bulletins/${draft.id}?format=html`);
    const header = await page.locator(".bulletin-header").textContent();
    const sections = await page.locator("h3.narrative").allTextContents();
    const copyTo = page.locator("p.copy-to");
    const last = await page.locator("body > p").last().textContent();
    const headerColour = await page.locator(".bulletin-header > div").first().evaluate((e) => (globalThis as unknown as { getComputedStyle(el: unknown): { color: string } }).getComputedStyle(e).color);
    const dir = join(process.cwd(), ".data", "screenshots");
    mkdirSync(dir, { recursive: true });
    const shot = await page.screenshot({ path: join(dir, "bulletin.png"), fullPage: true });
    // Assess
    expect(response?.status()).toBe(200);
    expect(header).toContain("上城区治水办调度通报");
    expect(header).toContain(`第 ${issued.header.number} 期`);
    expect(sections).toEqual(["一、工作进展", "二、存在问题", "三、下步工作"]);
    expect(await page.getByText("凯旋街道逾期排污口较多，须于月底前办结。").count()).toBe(1);
    expect(await copyTo.textContent()).toMatch(/^抄送：杭州市治水办/);
    expect(last).toContain("本通报由排污口排查整治台账系统生成");
    expect(headerColour).toBe("rgb(192, 0, 0)");
    expect(await page.locator("svg g.bar").count()).toBe(14);
    expect(shot.length).toBeGreaterThan(10_000);
    expect(errors).toEqual([]);
    await page.close();
  });
});
