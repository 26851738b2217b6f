// Lost answers and busy servers: a chunk whose answer never arrives is sent again with the same idempotency
// key, so the server writes once; 429 and 5xx are retried with backoff.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LEDGER, addonFor, api, columns, ledgerRows, listAll, rowById, seed, type } from "./helpers.js";
import type { AddonRuntime } from "./sim/runtime.js";

const CLERK = "clerk.caihe@addon.test";
const isBatch = (r: { url: string; method: string }) => r.method === "POST" && r.url.endsWith("/v1/outfalls/batch");

/** New rows typed at the bottom of the ledger. */
function typeNewRows(rt: AddonRuntime, names: string[]) {
  const sheet = rt.ss.getSheetByName(LEDGER)!;
  const cols = columns(sheet);
  const first = sheet.getLastRow() + 1;
  names.forEach((name, i) => {
    const row = first + i;
    rt.edit(LEDGER, row, cols.get("name")!, name);
    rt.edit(LEDGER, row, cols.get("longitude")!, 120.2 + i * 0.0003);
    rt.edit(LEDGER, row, cols.get("latitude")!, 30.262);
    rt.edit(LEDGER, row, cols.get("waterBody")!, "新塘河");
    rt.edit(LEDGER, row, cols.get("surveyLevel")!, "二级（徒步现场排查）");
    rt.edit(LEDGER, row, cols.get("subcategory")!, "城镇雨洪排口");
  });
  return Array.from({ length: names.length }, (_, i) => first + i);
}

describe("lost answers and retries (采荷街道)", () => {
  let rt: AddonRuntime;
  let seeded: any[];

  beforeAll(async () => {
    seeded = await seed(CLERK, "caihe", 5);
    rt = await addonFor(CLERK);
    rt.call("pullLedger");
  });
  afterAll(() => rt?.close());

  it("retries a chunk whose answer was lost: written once, history shows one write", async () => {
    // Prepare
    const x = seeded[0];
    type(rt, rowById(rt, x.id).row, "sizeMm", "1500");
    const newRows = typeNewRows(rt, ["采荷新增排口甲", "采荷新增排口乙", "采荷新增排口丙"]);
    expect(ledgerRows(rt).find((r) => r.row === newRows[0])!.get("_sync")).toBe("待推送（新增）");
    rt.http.faults.push({ kind: "lose-answer", match: isBatch, times: 1 });
    // Act
    const result = rt.call("pushChanges");
    // Assess
    expect(result).toMatchObject({ rows: 4, created: 3, saved: 1, failed: 0 });
    const batches = rt.http.log.filter(isBatch);
    expect(batches.map((b) => b.fate)).toEqual(["lost-answer", "forwarded"]);
    expect(batches[0]!.idempotencyKey).toBe(batches[1]!.idempotencyKey);
    expect(rt.sleeps.length).toBeGreaterThan(0);
    const all = await listAll("caihe");
    expect(all).toHaveLength(8);
    expect(all.filter((r) => String(r.name).startsWith("采荷新增排口"))).toHaveLength(3);
    const history = (await api("GET", `/v1/outfalls/${x.id}/history`, CLERK)).body.items;
    expect(history.map((h: any) => [h.version, h.channel])).toEqual([
      [1, "api"],
      [2, "sheet"],
    ]);
    for (const row of newRows) {
      const r = ledgerRows(rt).find((v) => v.row === row)!;
      expect(String(r.get("tempId"))).toMatch(/^SC-CH-\d{4}$/);
      expect(r.get("_version")).toBe(1);
      expect(String(r.get("_sync"))).toBe(`✓ 已新增 ${r.get("tempId")}`);
      expect(r.get("subdistrict")).toBe("采荷街道"); // filled in for the clerk, shown as the server stored it
    }
  });

  it("keeps rows pending when every answer of a run is lost; the next push gets the first answers back", async () => {
    // Prepare
    const newRows = typeNewRows(rt, ["采荷新增排口丁", "采荷新增排口戊"]);
    rt.http.faults.push({ kind: "lose-answer", match: isBatch, times: 99 });
    // Act
    const failed = rt.call("pushChanges");
    // Assess: the server wrote them on the first attempt, but the sheet never heard
    expect(failed).toMatchObject({ rows: 2, created: 0, failed: 2 });
    expect(String(ledgerRows(rt).find((r) => r.row === newRows[0])!.get("_sync"))).toMatch(/^✗ 推送失败：无法连接台账接口/);
    expect(rt.ui.alerts.at(-1)!.message).toContain("发送失败 2");
    rt.http.faults.length = 0;
    const keys = new Set(rt.http.log.filter(isBatch).slice(-5).map((b) => b.idempotencyKey));
    expect(keys.size).toBe(1);
    // Act: the next push sends the same content with the same key and gets the stored answer
    const again = rt.call("pushChanges");
    // Assess
    expect(again).toMatchObject({ rows: 2, created: 2, failed: 0 });
    expect(rt.http.log.filter(isBatch).at(-1)!.idempotencyKey).toBe([...keys][0]);
    const all = await listAll("caihe");
    expect(all).toHaveLength(10);
    expect(all.filter((r) => r.name === "采荷新增排口丁")).toHaveLength(1);
  });

  it("retries 503 and 429 (honouring Retry-After) with backoff", () => {
    // Prepare
    type(rt, rowById(rt, seeded[1].id).row, "sizeMm", "700");
    rt.http.faults.push({ kind: "status", status: 503, match: isBatch, times: 1 });
    rt.http.faults.push({ kind: "status", status: 429, headers: { "retry-after": "2" }, match: isBatch, times: 1 });
    const slept = rt.sleeps.length;
    // Act
    const result = rt.call("pushChanges");
    // Assess
    expect(result).toMatchObject({ rows: 1, saved: 1, failed: 0 });
    expect(rt.http.log.filter(isBatch).slice(-3).map((b) => b.status)).toEqual([503, 429, 200]);
    expect(rt.sleeps.slice(slept)).toHaveLength(2);
    expect(rt.sleeps.at(-1)).toBeGreaterThanOrEqual(2000);
  });

  it("refuses to push while another run holds the document lock", () => {
    // Prepare
    type(rt, rowById(rt, seeded[2].id).row, "sizeMm", "650");
    rt.documentLock.heldElsewhere = true;
    // Act
    const result = rt.call("pushChanges");
    rt.documentLock.heldElsewhere = false;
    // Assess
    expect(result.error).toContain("正在拉取或推送");
    expect(rowById(rt, seeded[2].id).get("_version")).toBe(1);
  });
});
