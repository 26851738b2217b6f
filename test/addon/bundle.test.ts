// The built file as clasp pushes it: every function the menu, the manifest and the HTML pages name exists at
// the top level; the manifest's scopes are explicit and minimal; nothing of Node or zod is inside.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { loadAddon, type AddonRuntime } from "./sim/runtime.js";
import { LEDGER, addonFor, seed } from "./helpers.js";

const bundle = () => readFileSync(inject("addonBundle"), "utf8");
const manifest = () => JSON.parse(readFileSync(join(inject("addonBundle"), "..", "appsscript.json"), "utf8"));

describe("the built add-on", () => {
  let rt: AddonRuntime;
  beforeAll(() => {
    rt = loadAddon({ bundle: inject("addonBundle"), token: "unused" });
    rt.call("onOpen", { authMode: "NONE" });
  });
  afterAll(() => rt?.close());

  it("defines a top-level function for every menu item", () => {
    // Assess
    const [menu] = rt.ui.menus;
    expect(menu!.title).toBe("排污口");
    expect(menu!.items.filter((i) => "label" in i).map((i) => (i as any).label)).toEqual([
      "设置…",
      "拉取本街道台账",
      "全部重新拉取",
      "推送修改",
      "推送选中行",
      "查看/办理（选中行）",
      "举报：拉取待处理",
      "举报：发送处理结果",
      "打印本街道标志牌",
      "巡查记录：打开记录表",
      "巡查记录：推送",
      "督导交办：拉取交办事项",
      "督导交办：发送反馈",
      "超期未监测排污口清单（写入新表）",
      "刷新下拉选项",
      "查看冲突",
      "冲突：采用服务器版本（选中行）",
      "冲突：保留我的修改（选中行）",
      "导出：省平台台账（写入新表）",
      "导出：省平台保留清单（写入新表）",
      "导出：下载 Excel 文件（省平台台账、保留清单、方案清单）",
      "个人令牌（Excel/WPS 工具用）…",
      "帮助",
    ]);
    const sub = menu!.items.find((i) => "submenu" in i) as { submenu: { title: string; items: { label: string }[] } };
    expect(sub.submenu.title).toBe("调度通报（区治水办）");
    expect(sub.submenu.items.map((i) => i.label)).toEqual(["打开通报草稿（没有则按当前数据起草）"]);
    for (const name of menu!.functions()) expect(rt.hasFunction(name), name).toBe(true);
  });

  it("defines the triggers, every function the manifest names and every google.script.run target of its pages", () => {
    // Prepare
    rt.call("showSettings");
    rt.call("showHelp");
    rt.ss.insertSheet("冲突");
    rt.call("showConflicts");
    rt.call("showCard");
    rt.call("showExportLinks");
    rt.call("showBulletin");
    const pages = rt.ui.dialogs.map((d) => d.content).join("\n");
    // Every call in the pages is google.script.run.withSuccessHandler(…).withFailureHandler(fail).<name>(…)
    const rpcs = [...pages.matchAll(/\.withFailureHandler\(fail\)\.(\w+)\(/g)].map((m) => m[1]!);
    expect(rpcs).toHaveLength(pages.split("google.script.run.").length - 1);
    const named = JSON.stringify(manifest()).match(/"(?:functionName|runFunction|onTriggerFunction)":"(\w+)"/g) ?? [];
    // Assess
    expect(new Set(rpcs)).toEqual(new Set(["getSettings", "saveSettings", "getConflicts", "resolveConflict", "cardStep", "cardPhotoTicket", "cardPhotoConfirm", "getCard", "getExportLinks", "bulletinOpen", "bulletinSave", "bulletinRefresh", "bulletinIssue", "bulletinDocument"]));
    for (const name of [...rpcs, ...named, "onOpen", "onInstall", "onEdit"]) expect(rt.hasFunction(name), name).toBe(true);
    expect([...inject("addonGlobals")].sort()).toEqual(
      [...new Set([...rt.ui.menus[0]!.functions(), ...rpcs, "onOpen", "onInstall", "onEdit", "showSettings"])].sort(),
    );
  });

  it("lists its OAuth scopes explicitly and minimally, identity token scopes included", () => {
    expect(manifest()).toMatchObject({ runtimeVersion: "V8", timeZone: "Asia/Shanghai" });
    expect([...manifest().oauthScopes].sort()).toEqual(
      [
        "openid",
        "https://www.googleapis.com/auth/userinfo.email",
        "https://www.googleapis.com/auth/spreadsheets.currentonly",
        "https://www.googleapis.com/auth/script.container.ui",
        "https://www.googleapis.com/auth/script.external_request",
      ].sort(),
    );
  });

  it("is one small file without zod, Node.js or AWS code, running where Node globals do not exist", () => {
    const code = bundle();
    // 150 KB until the add-on gained the 通报 sidebar, 导出, 举报 and the shared normalizer of pasted values;
    // Apps Script loads it once per session.
    expect(inject("addonBundleBytes")).toBeLessThan(200 * 1024);
    expect(code).not.toMatch(/\bzod\b|ZodError|require\(|@aws-sdk|process\.env/);
    expect(rt.context.process).toBeUndefined();
    for (const name of ["TextEncoder", "URL", "fetch", "setTimeout", "structuredClone"]) {
      expect(rt.hasFunction(name), name).toBe(false);
    }
  });

  it("authenticates with the identity token as a bearer token, on the sheet channel", async () => {
    // Prepare
    const clerk = await addonFor("clerk.kaixuan@addon.test");
    // Act
    const settings = clerk.call("getSettings");
    clerk.close();
    // Assess
    const me = clerk.http.requests("/v1/me").at(-1)!;
    expect(me.headers.Authorization).toMatch(/^Bearer eyJ/);
    expect(me.headers["X-Channel"]).toBe("sheet");
    expect(settings.me.roleLabel).toBe("街道经办人");
  });

  it("tells an unknown user, and an unset API address, what to do — in Chinese, as a dialog", async () => {
    // Prepare
    const stranger = loadAddon({ bundle: inject("addonBundle"), token: "not-a-token" });
    // Act
    const noAddress = stranger.call("pullLedger");
    stranger.call("saveSettings", { apiUrl: inject("addonApiUrl") });
    const badToken = stranger.call("pushChanges");
    await stranger.close();
    // Assess
    expect(noAddress.error).toMatch(/还没有设置台账接口地址/);
    expect(badToken.error).toMatch(/401/);
    expect(stranger.ui.alerts.map((a) => a.message)).toEqual([noAddress.error, badToken.error]);
    expect(() => stranger.call("saveSettings", { apiUrl: "ftp://example" })).toThrow(/https:\/\//);
  });

  it("marks an edited ledger row 待推送 from the onEdit trigger, without the network", async () => {
    // Prepare
    await seed("clerk.xiaoying@addon.test", "xiaoying", 2);
    const clerk = await addonFor("clerk.xiaoying@addon.test");
    clerk.call("pullLedger");
    const requests = clerk.http.log.length;
    // Act
    clerk.edit(LEDGER, 2, 5, "NC-0001");
    clerk.edit(LEDGER, 3, 1, "状态列自己改的");
    // Assess
    const sheet = clerk.ss.getSheetByName(LEDGER)!;
    expect(sheet.getRange(2, 1).getValue()).toBe("待推送（已修改）");
    expect(sheet.getRange(3, 1).getValue()).toBe("状态列自己改的");
    expect(clerk.http.log.length).toBe(requests);
    await clerk.close();
  });
});
