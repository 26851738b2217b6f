// The 举报 sheet in the simulated Apps Script runtime: a clerk pulls the open public reports of their
// subdistrict, fills 处理结果 and the answer, sends them, and the reporter's lookup page shows the answer.
import { inject } from "vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addonFor, api } from "./helpers.js";
import type { AddonRuntime } from "./sim/runtime.js";

const CLERK = "clerk.xiaoying@addon.test";
const SHEET = "举报";

/** The 举报 sheet's values and header row. */
function reportSheet(rt: AddonRuntime) {
  const sheet = rt.ss.getSheetByName(SHEET)!;
  const values = sheet.getRange(1, 1, sheet.getLastRow(), sheet.getLastColumn()).getValues() as unknown[][];
  return { sheet, values, header: values[0] as string[] };
}

describe("the 举报 sheet", () => {
  let rt: AddonRuntime;
  let mine: string;
  let theirs: string;

  beforeAll(async () => {
    // Prepare: one report in the clerk's subdistrict (小营), one elsewhere (湖滨)
    mine = (await api("POST", "/v1/public/reports", CLERK, { reportKind: "pollution", subdistrict: "xiaoying", description: "小营巷口雨水井晴天冒污水" }, { "x-forwarded-for": "192.0.2.10" })).body.code;
    theirs = (await api("POST", "/v1/public/reports", CLERK, { reportKind: "data-error", subdistrict: "hubin", description: "湖滨某排口名称写错了" }, { "x-forwarded-for": "192.0.2.11" })).body.code;
    rt = await addonFor(CLERK);
  });
  afterAll(async () => rt?.close());

  it("pulls the subdistrict's open reports and sends a clerk's answer, which the reporter then sees", async () => {
    // Act
    rt.call("pullReports");
    const { sheet, values, header } = reportSheet(rt);
    const row = values.findIndex((r) => r[0] === mine) + 1;
    rt.edit(SHEET, row, header.indexOf("处理结果") + 1, "答复并关闭");
    rt.edit(SHEET, row, header.indexOf("答复内容") + 1, "已联系小营街道城管中队现场处置");
    const sent = rt.call("sendReportTriage");
    const after = sheet.getRange(row, 1, 1, sheet.getLastColumn()).getValues()[0] as unknown[];
    const lookup = await (await fetch(`${inject("addonApiUrl")}/p/reports/${mine}`)).text();
    // Assess
    expect(rt.ui.menus.flatMap((m: any) => m.items.map((i: any) => i.label))).toEqual(expect.arrayContaining(["举报：拉取待处理", "举报：发送处理结果"]));
    expect(values.some((r) => r[0] === theirs)).toBe(false);
    expect(values[row - 1]).toEqual(expect.arrayContaining(["污染举报", "小营巷口雨水井晴天冒污水", "待处理"]));
    expect(sent).toEqual({ sent: 1, refused: 0 });
    expect(after[header.indexOf("发送结果")]).toBe("已发送");
    expect(lookup).toContain("已联系小营街道城管中队现场处置");
  });

  it("shows a refused row's message in 发送结果 (转巡查 with a due date already past) and keeps the report open", async () => {
    // Prepare
    const code = (await api("POST", "/v1/public/reports", CLERK, { reportKind: "pollution", subdistrict: "xiaoying", description: "河面漂浮油污" }, { "x-forwarded-for": "192.0.2.12" })).body.code;
    rt.call("pullReports");
    const { sheet, values, header } = reportSheet(rt);
    const row = values.findIndex((r) => r[0] === code) + 1;
    rt.edit(SHEET, row, header.indexOf("处理结果") + 1, "转巡查");
    rt.edit(SHEET, row, header.indexOf("巡查期限") + 1, "2020-01-01");
    // Act
    const sent = rt.call("sendReportTriage");
    const after = sheet.getRange(row, 1, 1, sheet.getLastColumn()).getValues()[0] as unknown[];
    const open = await api("GET", "/v1/reports", CLERK);
    // Assess
    expect(sent).toEqual({ sent: 0, refused: 1 });
    expect(String(after[header.indexOf("发送结果")])).toContain("巡查期限");
    expect(open.body.items.some((r: any) => r.id === code && r.status === "open")).toBe(true);
  });

  it("opens the subdistrict's signboards, ready to print, from the menu", () => {
    // Act
    rt.call("showSignboards");
    const dialog = rt.ui.dialogs.at(-1)!;
    // Assess
    expect(dialog).toMatchObject({ kind: "modal", title: "排污口 · 标志牌" });
    expect(dialog.content).toContain("打印 / 另存为 PDF");
    expect(dialog.content).toContain("@page{size:480mm 300mm");
  });
});
