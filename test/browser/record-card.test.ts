// The add-on's record card page (sheets-addon/src/gas/card.html) in Chromium. Its google.script.run RPCs are
// answered by a stub that does what the add-on's server functions do (core/card.ts on the API's answers),
// calling the local API as the clerk; the photo goes from the page straight to the presigned form (s3rver).
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCard, checkPhotoFile, missingRequired, stepPayload } from "../../sheets-addon/src/core/card.js";
import { trimReference } from "../../sheets-addon/src/core/reference.js";
import { jpeg } from "../fixtures/images.js";
import { call } from "../integration/client.js";
import { NO_FLOOD_RISK, ok, party, traced } from "../integration/steps.js";
import { CLERK } from "../integration/users.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const PAGE = readFileSync(join(process.cwd(), "sheets-addon", "src", "gas", "card.html"), "utf8");
const ARTIFACTS = join(process.cwd(), "test", "browser", "artifacts");

/** google.script.run: a chain of handlers, then the call, answered by window.__rpc (Node). */
const STUB = `window.google={script:{run:(function(){
  function runner(ok,fail){return new Proxy({},{get:function(_,name){
    if(name==='withSuccessHandler')return function(h){return runner(h,fail);};
    if(name==='withFailureHandler')return function(h){return runner(ok,h);};
    return function(){var args=Array.prototype.slice.call(arguments);
      window.__rpc(name,JSON.stringify(args)).then(function(r){var v=JSON.parse(r);if(v.error){if(fail)fail(new Error(v.error));}else if(ok)ok(v.value);});};}});}
  return runner();})()}};`;

/** The card's server functions, as core/card-session.ts does them, over the local API as `as`. */
function serverFunctions(id: string, as: string) {
  const load = async () => {
    const ref = trimReference((await call("GET", "/v1/reference", { as })).body);
    const [record, history, photos] = await Promise.all([
      call("GET", `/v1/outfalls/${id}`, { as }),
      call("GET", `/v1/outfalls/${id}/history?limit=200`, { as }),
      call("GET", `/v1/outfalls/${id}/photos`, { as }),
    ]);
    return buildCard(record.body, history.body.items, photos.body.items, ref);
  };
  const refusal = (reply: { body: any }) => ({ ok: false, message: reply.body.detail ?? reply.body.title, violations: reply.body.errors ?? [] });
  return {
    getCard: load,
    async cardStep(_id: string, version: number, action: string, values: Record<string, unknown>) {
      const missing = missingRequired(action, values);
      if (missing.length) return { ok: false, message: "请补全必填项", violations: missing };
      const reply = await call("POST", `/v1/outfalls/${id}/transitions`, { as, body: { ...stepPayload(action, values), expectedVersion: version } });
      if (reply.status !== 200) return refusal(reply);
      const card = await load();
      return { ok: true, refreshed: true, card, message: `已办理「${card.history[0]!.what}」，现为「${card.statusLabel}」` };
    },
    async cardPhotoTicket(_id: string, file: { slot: string; name: string; type: string; size: number; sha256?: string; note?: string }) {
      const refused = checkPhotoFile(file);
      if (refused) return { ok: false, message: refused.message, violations: [refused] };
      const { name: _name, ...body } = file;
      const reply = await call("POST", `/v1/outfalls/${id}/photos`, { as, body: { ...body, contentType: file.type, type: undefined } });
      return reply.status === 201 ? { ok: true, photoId: reply.body.photoId, upload: reply.body.upload } : refusal(reply);
    },
    async cardPhotoConfirm(_id: string, photoId: string) {
      const reply = await call("POST", `/v1/outfalls/${id}/photos/${photoId}/confirm`, { as });
      return reply.status === 200 ? { ok: true, card: await load() } : refusal(reply);
    },
  };
}

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
});
afterAll(async () => browser?.close());

describe("the record card page in Chromium", () => {
  it("shows the outfall, refuses a step in place with its rule, takes a step and uploads a photo", async () => {
    // Prepare: a planned ban outfall of 凯旋街道 with its before-photo
    const o = await traced({ subcategory: "urban-domestic-scattered", problems: ["uncollected"] }, [party()]);
    await ok(o.id, "plan", { remediation: "ban", plan: "截污纳管后封堵排口", floodSafety: NO_FLOOD_RISK });
    const rpc = serverFunctions(o.id, CLERK) as Record<string, (...a: any[]) => Promise<unknown>>;
    const page = await browser.newPage({ viewport: { width: 320, height: 1100 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.exposeFunction("__rpc", async (name: string, args: string) => {
      try {
        return JSON.stringify({ value: await rpc[name]!(...JSON.parse(args)) });
      } catch (error) {
        return JSON.stringify({ error: String(error) });
      }
    });
    // Act
    await page.setContent(PAGE.replace("<head>", `<head><script>${STUB}</script>`));
    await page.locator("#title").filter({ hasText: o.tempId }).waitFor();
    const stepsOffered = await page.locator("#steps button").allTextContents();
    // a refused plan: 清理合并 without where it goes
    await page.click('button[data-action="plan"]');
    await page.selectOption('select[name="remediation"]', "merge");
    await page.click("#submitStep");
    const inPlace = page.locator('[data-error="mergeInto"]');
    await inPlace.filter({ hasText: "R-MERGE-TARGET" }).waitFor();
    const refusedText = await inPlace.textContent();
    // 整治完成 with its date
    await page.click('button[data-action="complete"]');
    await page.fill('input[name="completedAt"]', "2024-05-20");
    await page.click("#submitStep");
    await page.locator("#status.ok").waitFor();
    const afterStep = await page.locator("#status").textContent();
    // photos: one after-photo and a file that is not an image
    await page.selectOption("#slot", "after");
    await page.fill("#photoNote", "封堵完成后拍摄");
    await page.setInputFiles("#files", [
      { name: "after.jpg", mimeType: "image/jpeg", buffer: jpeg() },
      { name: "说明.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4") },
    ]);
    await page.click("#uploadBtn");
    await page.locator("#uploadMsg").filter({ hasText: "完成：" }).waitFor();
    const uploadText = await page.locator("#uploadMsg").textContent();
    await page.locator("#photos img").first().waitFor();
    const thumbnails = await page.locator("#photos img").count();
    const history = await page.locator("#history .what").allTextContents();
    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = await page.screenshot({ path: join(ARTIFACTS, "record-card.png"), fullPage: true });
    // Assess
    expect(stepsOffered).toEqual(["制定整治方案", "整治完成", "申请验收"]);
    expect(refusedText).toContain("清理合并须写明去向");
    expect(afterStep).toMatch(/^已办理「整治完成」，现为「整治中」/);
    expect(uploadText).toContain("「说明.pdf」不是 JPEG/PNG/WebP/HEIC 图片，未上传（R-ENUM）");
    expect(uploadText).toContain("完成：1 / 2 张已上传");
    expect(thumbnails).toBe(1);
    expect(history.slice(0, 2)).toEqual(["上传照片", "整治完成"]);
    const stored = (await call("GET", `/v1/outfalls/${o.id}`, { as: CLERK })).body;
    expect(stored).toMatchObject({ completedAt: "2024-05-20", photos: [expect.objectContaining({ slot: "after", note: "封堵完成后拍摄" })] });
    expect(shot.length).toBeGreaterThan(10_000);
    expect(errors).toEqual([]);
    await page.close();
  });
});
