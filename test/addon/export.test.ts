// 导出 from the add-on's menu: the provincial ledger written into a sheet of its own (the clerk's subdistrict
// only, codes as text), and download links to the formatted Excel files.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addonFor, api, seed } from "./helpers.js";
import type { AddonRuntime } from "./sim/runtime.js";

const CLERK = "clerk.caihe@addon.test";
const CODE = "33010220231234567890";

describe("导出 (采荷街道)", () => {
  let rt: AddonRuntime;
  let records: any[];

  beforeAll(async () => {
    // Prepare: two outfalls of 采荷街道, one with a 20-digit provincial code
    records = await seed(CLERK, "caihe", 2, 700);
    expect((await api("PATCH", `/v1/outfalls/${records[0].id}`, CLERK, { provincialCode: CODE }, { "if-match": String(records[0].version) })).status).toBe(200);
    rt = await addonFor(CLERK);
  });
  afterAll(() => rt?.close());

  it("writes the provincial ledger of the clerk's subdistrict into its own sheet, codes as text", () => {
    // Act
    const result = rt.call("exportProvincialToSheet");
    // Assess
    const sheet = rt.ss.getSheetByName("省平台台账")!;
    const values = sheet.getDataRange().getValues();
    const headers = values[0]!;
    expect(headers.slice(0, 4)).toEqual(["序号", "排污口编码", "国家统一编码", "排污口名称"]);
    expect(result).toMatchObject({ sheet: "省平台台账", rows: values.length - 1 });
    const mine = values.filter((r) => records.some((o) => o.tempId === r[0]));
    expect(mine).toHaveLength(2);
    const coded = values.find((r) => r[0] === records[0].tempId)!;
    expect(coded[headers.indexOf("排污口编码")]).toBe(CODE);
    expect(values.slice(1).every((r) => r[headers.indexOf("所在街道")] === "采荷街道")).toBe(true);
    const row = values.indexOf(coded) + 1;
    expect(sheet.getRange(row, headers.indexOf("排污口编码") + 1, 1, 1).getNumberFormats()).toEqual([["@"]]);
    expect(rt.ss.toasts.at(-1)!.message).toBe(`已导出 ${values.length - 1} 行到「省平台台账」表`);
  });

  it("gives download links to the Excel files of the clerk's subdistrict", async () => {
    // Act
    rt.call("showExportLinks");
    const links = rt.call("getExportLinks");
    const file = await fetch(links[0].url);
    // Assess
    expect(rt.ui.dialogs.at(-1)!.title).toBe("排污口 · 导出");
    expect(links.map((l: any) => l.label)).toEqual(["省平台台账（浙里碧水/浙里蓝海）", "省平台保留清单", "方案清单（问题、保留、销号、逾期、过渡期、非排污口、责任主体、管理主体）"]);
    expect(links[0].fileName).toMatch(/^上城区采荷街道入河入海排污口台账-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(file.status).toBe(200);
    expect(decodeURIComponent(file.headers.get("content-disposition") ?? "")).toContain(links[0].fileName);
    expect([...new Uint8Array(await file.arrayBuffer()).subarray(0, 2)]).toEqual([0x50, 0x4b]); // a zip: xlsx
  });
});
