// A clerk pulls the subdistrict's 300 outfalls, edits 20 cells (3 of them wrongly), pushes, fixes and pushes
// again; a colleague's change arrives by incremental pull; a deleted row comes back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLOURS } from "../../sheets-addon/src/core/marks.js";
import { LEDGER, SUMMARY, addonFor, api, columns, ledgerRows, listAll, rowById, seed, type } from "./helpers.js";
import type { AddonRuntime } from "./sim/runtime.js";

const CLERK = "clerk.kaixuan@addon.test";

describe("pull, edit and push (凯旋街道, 300 outfalls)", () => {
  let rt: AddonRuntime;
  let seeded: any[];

  beforeAll(async () => {
    // Prepare
    seeded = await seed(CLERK, "kaixuan", 300);
    rt = await addonFor(CLERK, { PULL_OVERLAP_SECONDS: "0" });
  });
  afterAll(() => rt?.close());

  it("shows who the API thinks the clerk is in the settings", () => {
    // Act
    const info = rt.call("getSettings");
    // Assess
    expect(info.me).toMatchObject({ email: CLERK, role: "clerk", subdistrict: "kaixuan", subdistrictName: "凯旋街道" });
    expect(info.source).toBe("document");
  });

  it("pulls all 300 rows into a sheet with Chinese headers, dropdowns and hidden, protected sync columns", () => {
    // Prepare: whatever the API derives, make one record overdue and one without the derived fields at all
    rt.http.transform = (request, response) => {
      if (!request.url.includes("/v1/outfalls?")) return response;
      const page = JSON.parse(response.body);
      for (const item of page.items) {
        if (item.id === seeded[0].id) item.overdue = true;
        if (item.id === seeded[1].id) {
          delete item.overdue;
          delete item.effectiveDeadline;
        }
      }
      return { ...response, body: JSON.stringify(page) };
    };
    // Act
    const result = rt.call("pullLedger");
    rt.http.transform = undefined;
    // Assess
    expect(result).toMatchObject({ incremental: false, received: 300, added: 300, pages: 2 });
    const sheet = rt.ss.getSheetByName(LEDGER)!;
    const cols = columns(sheet);
    expect(sheet.getLastRow()).toBe(301);
    expect(sheet.getFrozenRows()).toBe(1);
    expect(rt.ss.getActiveSheet().getName()).toBe(LEDGER);
    const header = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0];
    expect(header).toEqual(expect.arrayContaining(["同步状态", "临时编号", "排污口名称", "排污通道类型", "责任主体名称", "其他责任主体", "存在问题", "系统编号", "版本号", "同步校验"]));
    for (const key of ["_id", "_version", "_hash"]) {
      expect(sheet.isColumnHiddenByUser(cols.get(key)!)).toBe(true);
      expect(sheet.protections.some((p) => p.column === cols.get(key) && p.warningOnly)).toBe(true);
    }
    const outlet = sheet.getRange(2, cols.get("outletType")!).getDataValidation()!;
    expect(outlet.getCriteriaValues()[0]).toEqual(["管道", "明渠", "泵站", "涵闸", "箱涵", "其他"]);
    expect(sheet.getRange(300, cols.get("dryWeatherFlow")!).getDataValidation()!.getCriteriaValues()[0]).toEqual(["是", "否"]);
    const rows = ledgerRows(rt);
    const first = rows.find((r) => r.get("_id") === seeded[0].id)!;
    expect(first.get("tempId")).toBe(seeded[0].tempId);
    expect(first.get("outletType")).toBe("管道");
    expect(first.get("subdistrict")).toBe("凯旋街道");
    expect(first.get("waterBody")).toBe("新塘河");
    expect(first.get("surveyLevel")).toBe("二级（徒步现场排查）");
    expect(first.get("dryWeatherFlow")).toBe("否");
    expect(first.get("status")).toBe("已核实");
    expect(first.get("_version")).toBe(1);
    expect(first.get("overdue")).toBe("是");
    expect(first.background("name")).toBe(COLOURS.overdue);
    const second = rows.find((r) => r.get("_id") === seeded[1].id)!;
    expect(second.get("overdue")).toBe("");
    expect(second.background("name")).toBe("#ffffff");
    const summary = rt.ss.getSheetByName(SUMMARY)!.getDataRange().getValues();
    expect(summary).toContainEqual(["已核实", 300]);
    expect(summary).toContainEqual(["合计", 300]);
  });

  it("pushes 20 edited cells: 17 saved, 3 marked with the rule and a Chinese message", () => {
    // Prepare
    const rows = ledgerRows(rt).slice(0, 20);
    const edits: [string, unknown][] = [
      ["sizeMm", "1200x800"],
      ["material", "混凝土"],
      ["shape", "圆形"],
      ["dischargePattern", "间歇"],
      ["dryWeatherFlow", "是"],
      ["problems", "晴天排水、设施老化破损"],
      ["address", "新塘路88号"],
      ["name", "凯旋街道新塘路桥东南120米城镇雨洪排口"],
      ["surveyedAt", "2024-05-31"],
      ["sensory.odour", "轻微异味"],
      ["sensory.oilFilm", "否"],
      ["problemNote", "排口周边有轻微异味"], // approval is entered by the eco bureau, not the clerk (R-APPROVAL)
      ["community", "景芳社区"],
      ["sensory.note", "水体微黄"],
      ["submerged", "半淹没"],
      ["zones.nearVenue", "是"],
      ["plan", "雨污分流改造"],
      ["outletType", "水管"], // invalid: not a choice
      ["sizeMm", "八百"], // invalid: not a size
      ["surveyedAt", "2024-13-45"], // invalid: not a date
    ];
    rows.forEach((r, i) => type(rt, r.row, edits[i]![0], edits[i]![1]));
    expect(rows[0]!.get("_sync")).toBe("待推送（已修改）");
    // Act
    const result = rt.call("pushChanges");
    // Assess
    expect(result).toMatchObject({ rows: 20, saved: 17, invalid: 3, conflict: 0, created: 0 });
    const after = ledgerRows(rt).slice(0, 20);
    for (const r of after.slice(0, 17)) {
      expect(r.get("_version")).toBe(2);
      expect(String(r.get("_sync"))).toMatch(/^✓ 已保存（第2版）/);
    }
    const invalid = [
      [after[17]!, "outletType", "R-ENUM"],
      [after[18]!, "sizeMm", "R-FORMAT"],
      [after[19]!, "surveyedAt", "R-FORMAT"],
    ] as const;
    for (const [r, key, rule] of invalid) {
      expect(r.get("_version")).toBe(1);
      expect(r.background(key)).toBe(COLOURS.invalid);
      expect(r.note(key)).toContain(`【${rule}】`);
      expect(r.note(key)).toMatch(/[\u4e00-\u9fff]/);
      expect(String(r.get("_sync"))).toMatch(/^✗ 有误 1 处/);
    }
    expect(rt.ui.alerts.at(-1)!.message).toContain("有误 3");
  });

  it("keeps the saved values on the server, with the sheet channel in the history", async () => {
    // Act
    const rows = ledgerRows(rt).slice(0, 3);
    const record = (await api("GET", `/v1/outfalls/${rows[0]!.get("_id")}`, CLERK)).body;
    const history = (await api("GET", `/v1/outfalls/${rows[0]!.get("_id")}/history`, CLERK)).body;
    // Assess
    expect(record).toMatchObject({ version: 2, sizeMm: "1200x800" });
    expect(history.items.at(-1)).toMatchObject({ version: 2, channel: "sheet", changes: [{ field: "sizeMm", before: "800", after: "1200x800" }] });
  });

  it("clears the marks once the cells are fixed and pushed clean", () => {
    // Prepare
    const rows = ledgerRows(rt).slice(17, 20);
    type(rt, rows[0]!.row, "outletType", "管道");
    type(rt, rows[1]!.row, "sizeMm", "600");
    type(rt, rows[2]!.row, "surveyedAt", "2024-06-01");
    // Act
    const result = rt.call("pushChanges");
    // Assess: 管道 is the value the row had, so that row has nothing to send and only loses its marks
    expect(result).toMatchObject({ rows: 2, saved: 2, invalid: 0 });
    expect(ledgerRows(rt)[17]!.get("_sync")).toBe("✓ 已改回与服务器一致，无需推送");
    for (const r of ledgerRows(rt).slice(17, 20)) {
      expect(r.note("outletType") + r.note("sizeMm") + r.note("surveyedAt")).toBe("");
      // Back to the row's own fill: none, or the overdue highlight when the record is overdue.
      const base = r.get("overdue") === "是" ? COLOURS.overdue : "#ffffff";
      expect([r.background("outletType"), r.background("sizeMm"), r.background("surveyedAt")]).toEqual([base, base, base]);
      expect(r.background("_sync")).toBe("#ffffff");
    }
    expect(rt.call("pushChanges")).toMatchObject({ rows: 0, requests: 0, message: "没有需要推送的修改" });
  });

  it("brings a colleague's change and a new outfall in by incremental pull", async () => {
    // Prepare
    const target = ledgerRows(rt)[25]!;
    const id = String(target.get("_id"));
    const version = Number(target.get("_version"));
    await api("PATCH", `/v1/outfalls/${id}`, CLERK, { plan: "由网页端修改" }, { "if-match": String(version) });
    const [created] = await seed(CLERK, "kaixuan", 1, 900);
    // Act
    const incremental = rt.call("pullLedger");
    // Assess: only what changed since the last pull (the pushed rows, the colleague's edit, the new outfall)
    expect(incremental).toMatchObject({ incremental: true, restoredDeleted: false, added: 1, updated: 1 });
    expect(incremental.received).toBeLessThan(30);
    expect(rt.http.requests("/v1/outfalls", "GET").at(-1)!.url).toContain("updatedSince=");
    expect(rowById(rt, id).get("plan")).toBe("由网页端修改");
    expect(rowById(rt, id).get("_sync")).toBe(`↓ 已更新到第${version + 1}版`);
    expect(rowById(rt, created.id).get("tempId")).toBe(created.tempId);
    expect(ledgerRows(rt)).toHaveLength(301);
  });

  it("deletes nothing on the server when a row is deleted, and the next pull restores it", async () => {
    // Prepare
    const victim = ledgerRows(rt)[40]!;
    const deleted = String(victim.get("_id"));
    rt.ss.getSheetByName(LEDGER)!.deleteRow(victim.row);
    expect(rt.call("pushChanges")).toMatchObject({ rows: 0, requests: 0 });
    expect((await listAll("kaixuan")).some((r) => r.id === deleted)).toBe(true);
    // Act
    const pulled = rt.call("pullLedger");
    // Assess
    expect(pulled).toMatchObject({ incremental: false, restoredDeleted: true, added: 1 });
    expect(rowById(rt, deleted).get("_version")).toBe(1);
    expect(ledgerRows(rt)).toHaveLength(301);
    expect(rt.call("pullLedgerFull")).toMatchObject({ incremental: false, added: 0, updated: 0 });
  });

  it("refuses to move an outfall to another subdistrict: the cell marked, nothing written", async () => {
    // Prepare
    const target = ledgerRows(rt)[50]!;
    const id = String(target.get("_id"));
    type(rt, target.row, "subdistrict", "湖滨街道");
    // Act
    const result = rt.call("pushChanges");
    // Assess
    expect(result).toMatchObject({ rows: 1, forbidden: 1, saved: 0 });
    const row = rowById(rt, id);
    expect(String(row.get("_sync"))).toMatch(/^⛔ 无权修改：/);
    expect(row.note("subdistrict")).toContain("【R-SCOPE】");
    expect(row.background("subdistrict")).toBe(COLOURS.invalid);
    expect((await api("GET", `/v1/outfalls/${id}`, CLERK)).body).toMatchObject({ subdistrict: "kaixuan", version: 1 });
    // Act: put it back
    type(rt, row.row, "subdistrict", "凯旋街道");
    const back = rt.call("pushChanges");
    // Assess
    expect(back).toMatchObject({ rows: 0 });
    expect(rowById(rt, id).note("subdistrict")).toBe("");
  });

  it("pushes only the selected rows with 推送选中行", () => {
    // Prepare
    const [r1, r2] = ledgerRows(rt).slice(60, 62);
    type(rt, r1!.row, "plan", "选中推送");
    type(rt, r2!.row, "plan", "稍后推送");
    rt.select(LEDGER, [r1!.row]);
    // Act
    const selected = rt.call("pushSelection");
    // Assess
    expect(selected).toMatchObject({ rows: 1, saved: 1 });
    expect(ledgerRows(rt)[61]!.get("_sync")).toBe("待推送（已修改）");
    expect(rt.call("pushChanges")).toMatchObject({ rows: 1, saved: 1 });
  });

  it("restores headers and dropdowns with 刷新下拉选项, finding columns by their note", () => {
    // Prepare: a clerk retyped a header and removed a dropdown
    const sheet = rt.ss.getSheetByName(LEDGER)!;
    const col = columns(sheet).get("material")!;
    sheet.getRange(1, col).setValue("材料");
    sheet.getRange(2, col, 10, 1).clearDataValidations();
    // Act
    const result = rt.call("refreshDropdowns");
    // Assess
    expect(result.columns).toBeGreaterThan(70);
    expect(sheet.getRange(1, col).getValue()).toBe("材质");
    expect(sheet.getRange(5, col).getDataValidation()!.getCriteriaValues()[0]).toContain("混凝土");
  });
});
