// The public pages in Chromium: a phone opens an outfall's page (screenshot kept), the signboard's QR code
// decodes to that page, a report sent through the page's form reaches the clerk and the answer comes
// back at the lookup URL, and hostile text in a record stays text.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import jsQR from "jsqr";
import { type Browser, chromium, devices } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, call, tokenFor } from "../integration/client.js";
import { ok, traced } from "../integration/steps.js";
import { CLERK } from "../integration/users.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const SHOTS = join(process.cwd(), ".data", "screenshots");
const PHONE = { ...devices["iPhone 13"], defaultBrowserType: undefined };
const XSS = `</title><script>window.__xss=1</script>"'><img src=x onerror="window.__xss=2">`;

/** Globals of the page, for code page.evaluate runs there (this project compiles without the DOM library). */
interface Canvas {
  width: number;
  height: number;
  getContext(kind: "2d"): { drawImage(img: Image, x: number, y: number, w: number, h: number): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
}
declare const document: { documentElement: { scrollWidth: number; textContent: string | null }; createElement(tag: "canvas"): Canvas };
declare const window: { innerWidth: number; __xss?: number };
declare class Image {
  src: string;
  decode(): Promise<void>;
}

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => browser?.close());

async function remediating(values: Record<string, unknown> = {}, partyName = "景芳三区物业") {
  const o = await traced(values, [{ name: partyName, kind: "residential" }]);
  return ok(o.id, "plan", { remediation: "standardize", plan: "规范排口", problems: ["no-signboard"] });
}

/** Rasterizes an SVG in Chromium (canvas, 2 px per mm) and returns its RGBA pixels. */
async function rasterize(svg: string): Promise<{ data: Uint8ClampedArray; width: number; height: number }> {
  const page = await browser.newPage();
  const result = await page.evaluate(async (text) => {
    const img = new Image();
    img.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(text)))}`;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = 960;
    canvas.height = 600;
    const ctx = canvas.getContext("2d")!;
    ctx.drawImage(img, 0, 0, 960, 600);
    const { data } = ctx.getImageData(0, 0, 960, 600);
    let binary = "";
    for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return btoa(binary);
  }, svg);
  await page.close();
  return { data: new Uint8ClampedArray(Buffer.from(result, "base64")), width: 960, height: 600 };
}

describe("public pages in Chromium", () => {
  it("renders an outfall's page on a phone without scripts or horizontal scrolling (screenshot kept)", async () => {
    // Prepare
    const o = await remediating();
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    // Act
    const response = await page.goto(`${baseUrl()}/p/${o.tempId}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const scripts = await page.locator("script").count();
    const heading = await page.locator("h1").textContent();
    const correction = await page.locator("a.correction").getAttribute("href");
    const shot = await page.screenshot({ path: join(SHOTS, "public-page-phone.png"), fullPage: true });
    // Assess
    expect(response?.status()).toBe(200);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(scripts).toBe(0);
    expect(heading).toBe(o.name);
    expect(correction).toContain("reportKind=data-error");
    expect(correction).toContain(o.tempId);
    expect(shot.length).toBeGreaterThan(10_000);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("prints a signboard whose QR code decodes to the outfall's public page", async () => {
    // Prepare
    const o = await remediating();
    const svg = (await call("GET", `/v1/outfalls/${o.id}/signboard.svg`, { as: CLERK })).body as string;
    // Act
    const { data, width, height } = await rasterize(svg);
    const decoded = jsQR(data, width, height);
    const opened = await call("GET", new URL(decoded!.data).pathname);
    // Assess
    expect(decoded?.data).toBe(`${baseUrl()}/p/${o.tempId}`);
    expect(opened.status).toBe(200);
    expect(opened.body).toContain(o.tempId);
  });

  it("sends a report through the page's form; the clerk sees it, answers, and the answer shows at the lookup URL", async () => {
    // Prepare
    const o = await remediating();
    const context = await browser.newContext({ ...PHONE, extraHTTPHeaders: { "x-forwarded-for": "203.0.113.77" } });
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/p/${o.tempId}`);
    // Act
    await page.selectOption("#reportKind", "pollution");
    await page.fill("#description", "排口晴天持续排出灰色污水，有异味");
    await page.fill("#location", "桥东侧台阶下");
    await Promise.all([page.waitForURL(/\/p\/reports\/[2-9A-Z]{10}$/), page.click("button[type=submit]")]);
    const code = page.url().split("/").at(-1)!;
    const pending = await page.locator("dd.status").textContent();
    const listed = (await call("GET", "/v1/reports", { as: CLERK })).body.items.find((r: any) => r.id === code);
    await call("POST", `/v1/reports/${code}/triage`, { as: CLERK, body: { outcome: "answer", answer: "已到现场核查，责令物业整改", expectedVersion: listed.version } });
    await page.reload();
    const answer = await page.locator("p.answer").textContent();
    await page.screenshot({ path: join(SHOTS, "public-report-answer.png"), fullPage: true });
    // Assess
    expect(pending).toBe("待处理");
    expect(listed).toMatchObject({ outfallTempId: o.tempId, description: "排口晴天持续排出灰色污水，有异味", location: "桥东侧台阶下", status: "open" });
    expect(answer).toBe("已到现场核查，责令物业整改");
    expect(await page.locator("dd.status").textContent()).toBe("已答复");
    await context.close();
  });

  it("renders a record whose name and responsible party hold script and quote-breaking text inert, on the page and the signboard", async () => {
    // Prepare
    const o = await remediating({ name: `排口${XSS}` }, `物业${XSS}`);
    const context = await browser.newContext({ ...PHONE, extraHTTPHeaders: { authorization: `Bearer ${await tokenFor(CLERK)}` } });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    // Act
    await page.goto(`${baseUrl()}/p/${o.tempId}`);
    const heading = await page.locator("h1").textContent();
    const title = await page.title();
    const pageXss = await page.evaluate(() => window.__xss);
    const injected = await page.locator("main img[src='x'], main script").count();
    await page.goto(`${baseUrl()}/v1/outfalls/${o.id}/signboard.svg`);
    const svgXss = await page.evaluate(() => window.__xss);
    const svgText = await page.evaluate(() => document.documentElement.textContent ?? "");
    // Assess
    expect(heading).toBe(`排口${XSS}`);
    expect(title).toContain(`排口${XSS}`);
    expect(pageXss).toBeUndefined();
    expect(svgXss).toBeUndefined();
    expect(injected).toBe(0);
    expect(svgText).toContain("<script>");
    expect(dialogs).toEqual([]);
    await context.close();
  });
});
