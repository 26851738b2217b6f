// A clerk pastes 2,000 new outfalls and pushes them: chunks stay within the limits (≤ 500 rows, under 5 MB), the request count is what the chunking promises, and all 2,000 are saved and written back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_MAX_BYTES, DEFAULT_LIMITS } from "../../sheets-addon/src/core/chunk.js";
import { LEDGER, addonFor, columns, ledgerRows, listAll } from "./helpers.js";
import type { AddonRuntime } from "./sim/runtime.js";

const CLERK = "clerk.jiubao@addon.test";
const ROWS = 2000;
const isBatch = (r: { url: string; method: string }) => r.method === "POST" && r.url.endsWith("/v1/outfalls/batch");

describe("a 2,000-row push (九堡街道)", () => {
  let rt: AddonRuntime;

  beforeAll(async () => {
    // Prepare: an empty ledger (the pull creates the sheet), then 2,000 rows pasted column by column
    rt = await addonFor(CLERK);
    expect(rt.call("pullLedger")).toMatchObject({ received: 0, added: 0 });
    const sheet = rt.ss.getSheetByName(LEDGER)!;
    sheet.insertRowsAfter(sheet.getMaxRows(), ROWS + 1 - sheet.getMaxRows());
    const cols = columns(sheet);
    const paste = (key: string, value: (i: number) => unknown) =>
      rt.edit(LEDGER, 2, cols.get(key)!, Array.from({ length: ROWS }, (_, i) => [value(i)]));
    paste("name", (i) => `九堡街道测试排口${String(i + 1).padStart(4, "0")}号城镇雨洪排口`);
    paste("address", (i) => `九堡测试路${i + 1}号`);
    paste("longitude", (i) => Math.round((120.28 + (i % 40) * 0.0002) * 1e6) / 1e6);
    paste("latitude", (i) => Math.round((30.3 + Math.floor(i / 40) * 0.0002) * 1e6) / 1e6);
    paste("waterBody", () => "新塘河");
    paste("surveyLevel", () => "二级（徒步现场排查）");
    paste("subcategory", () => "城镇雨洪排口");
    paste("problems", (i) => (i % 3 === 0 ? "晴天排水、未树标立牌" : ""));
  });
  afterAll(() => rt?.close());

  it("sends 4 requests of 500 rows within the limits and saves all 2,000", async () => {
    // Act
    const started = Date.now();
    const waited = rt.http.waitedMs;
    const result = rt.call("pushChanges");
    const ms = Date.now() - started;
    const httpMs = Math.round(rt.http.waitedMs - waited);
    // Assess
    expect(result).toMatchObject({ rows: ROWS, created: ROWS, invalid: 0, failed: 0, conflict: 0 });
    const batches = rt.http.log.filter(isBatch);
    expect(batches).toHaveLength(Math.ceil(ROWS / DEFAULT_LIMITS.maxRows));
    expect(batches.length).toBeLessThanOrEqual(4);
    expect(result.requests).toBe(batches.length);
    for (const b of batches) {
      expect(b.rows).toBeLessThanOrEqual(DEFAULT_LIMITS.maxRows);
      expect(b.bytes).toBeLessThanOrEqual(DEFAULT_LIMITS.maxBytes);
      expect(b.bytes).toBeLessThan(API_MAX_BYTES);
    }
    expect(batches.reduce((n, b) => n + b.rows!, 0)).toBe(ROWS);
    expect(new Set(batches.map((b) => b.idempotencyKey)).size).toBe(batches.length);
    expect(rt.ss.toasts.some((t) => t.message.startsWith("正在推送：已完成"))).toBe(true);
    const saved = await listAll("jiubao");
    expect(saved).toHaveLength(ROWS);
    expect(new Set(saved.map((r) => r.tempId)).size).toBe(ROWS);
    const rows = ledgerRows(rt);
    expect(rows).toHaveLength(ROWS);
    expect(rows.every((r) => r.get("_version") === 1 && /^SC-JB-\d{4}$/.test(String(r.get("tempId"))))).toBe(true);
    console.log(`2,000-row push: ${batches.length} requests, largest ${Math.max(...batches.map((b) => b.bytes))} bytes, ${ms} ms (${httpMs} ms waiting for the API)`);
  });

  it("has nothing left to send afterwards", () => {
    // Act
    const result = rt.call("pushChanges");
    // Assess
    expect(result).toMatchObject({ rows: 0, requests: 0 });
  });
});
