// The 调度通报 sidebar's server functions in the simulated Apps Script runtime against the local stack: a
// coordinator opens the draft from the menu, edits and saves the narrative with its version, issues it as
// 第 N 期 and downloads the Word document; a clerk is refused with the API's Chinese message.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addonFor, api, outfall } from "./helpers.js";
import type { AddonRuntime } from "./sim/runtime.js";

const COORDINATOR = "coordinator@addon.test";
const CLERK = "clerk.hubin@addon.test";

describe("the 调度通报 sidebar in Apps Script", () => {
  let rt: AddonRuntime;
  let clerk: AddonRuntime;

  beforeAll(async () => {
    // Prepare: one outfall so the figures are not empty
    await api("POST", "/v1/outfalls", CLERK, outfall("hubin", 90));
    rt = await addonFor(COORDINATOR);
    clerk = await addonFor(CLERK);
  });
  afterAll(async () => {
    await rt?.close();
    await clerk?.close();
  });

  it("opens the draft from the 调度通报 submenu, drafted from the figures, with its header and three sections", () => {
    // Act
    rt.call("onOpen", { authMode: "NONE" });
    rt.call("showBulletin");
    const opened = rt.call("bulletinOpen");
    const again = rt.call("bulletinOpen");
    // Assess
    expect(rt.ui.dialogs.at(-1)).toMatchObject({ kind: "sidebar", title: "排污口 · 调度通报" });
    expect(opened.ok, JSON.stringify(opened)).toBe(true);
    expect(opened.message).toMatch(/^已按当前数据起草新的调度通报/);
    expect(opened.bulletin).toMatchObject({ issued: false, issuer: "上城区治水办", number: "草稿（印发时编号）", version: 1 });
    expect(opened.bulletin.sections.map((s: any) => s.label)).toEqual(["工作进展", "存在问题", "下步工作"]);
    expect(opened.bulletin.sections[0].text).toContain("全区排污口");
    expect(opened.bulletin.copyTo).toContain("各街道办事处");
    expect(again).toMatchObject({ ok: true, message: "已打开尚未印发的调度通报草稿", bulletin: { id: opened.bulletin.id } });
  });

  it("saves edits with the version read; a stale version and a blank section are refused with their rule", () => {
    // Prepare
    const { bulletin } = rt.call("bulletinOpen");
    // Act
    const saved = rt.call("bulletinSave", bulletin.id, bulletin.version, { problems: "湖滨街道逾期较多。", nextSteps: "一是加快整治。" });
    const stale = rt.call("bulletinSave", bulletin.id, bulletin.version, { problems: "覆盖" });
    const blank = rt.call("bulletinSave", bulletin.id, saved.bulletin.version, { progress: "" });
    // Assess
    expect(saved).toMatchObject({ ok: true, message: `已保存（第 ${bulletin.version + 1} 版）` });
    expect(saved.bulletin.sections.map((s: any) => s.text).slice(1)).toEqual(["湖滨街道逾期较多。", "一是加快整治。"]);
    expect(stale.ok).toBe(false);
    expect(stale.violations[0].rule).toBe("R-VERSION");
    expect(blank.ok).toBe(false);
    expect(blank.violations[0]).toMatchObject({ field: "narrative.progress", rule: "R-REQUIRED", message: "「工作进展」不能为空" });
  });

  it("redrafts from the figures of now on request", () => {
    // Prepare
    const { bulletin } = rt.call("bulletinOpen");
    // Act
    const refreshed = rt.call("bulletinRefresh", bulletin.id, bulletin.version);
    // Assess
    expect(refreshed.ok, JSON.stringify(refreshed)).toBe(true);
    expect(refreshed.message).toMatch(/^已按最新数据重新起草/);
    expect(refreshed.bulletin.version).toBe(bulletin.version + 1);
    expect(refreshed.bulletin.sections[1].text).not.toBe("湖滨街道逾期较多。");
  });

  it("issues it as 第 N 期 (a second click answers the same number), then edits are refused; the .docx comes as base64", () => {
    // Prepare
    const { bulletin } = rt.call("bulletinOpen");
    // Act
    const issued = rt.call("bulletinIssue", bulletin.id, bulletin.version, false);
    const twice = rt.call("bulletinIssue", bulletin.id, bulletin.version, false);
    const edit = rt.call("bulletinSave", bulletin.id, issued.bulletin.version, { problems: "改" });
    const file = rt.call("bulletinDocument", bulletin.id);
    // Assess
    expect(issued.ok, JSON.stringify(issued)).toBe(true);
    expect(issued.bulletin.issued).toBe(true);
    expect(issued.bulletin.number).toMatch(/^第 \d+ 期$/);
    expect(issued.message).toContain(`已印发 ${issued.bulletin.number}`);
    expect(twice.bulletin.number).toBe(issued.bulletin.number);
    expect(edit).toMatchObject({ ok: false, violations: [expect.objectContaining({ rule: "R-BULLETIN-ISSUED" })] });
    expect(file.fileName).toBe(`上城区治水办调度通报第${issued.bulletin.number.replace(/\D/g, "")}期.docx`);
    expect(Buffer.from(file.base64, "base64").subarray(0, 2).toString()).toBe("PK");
  });

  it("a clerk who opens it is told that only 区治水办 drafts bulletins", () => {
    // Act
    const refused = clerk.call("bulletinOpen");
    // Assess
    expect(refused.ok).toBe(false);
    expect(refused.message).toContain("只有区治水办（河长办）可以起草调度通报");
    expect(refused.violations[0].rule).toBe("R-SCOPE");
  });
});
