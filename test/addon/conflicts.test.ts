// A colleague edits the same outfalls through the API while the clerk edits them in the sheet: the push saves
// nothing over the colleague's edits, shows the conflicts, and lets the clerk take theirs or keep mine.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLOURS } from "../../sheets-addon/src/core/marks.js";
import { CONFLICTS, addonFor, api, ledgerRows, rowById, seed, type } from "./helpers.js";
import type { AddonRuntime } from "./sim/runtime.js";

const CLERK = "clerk.wangjiang@addon.test";
const COLLEAGUE = "colleague.wangjiang@addon.test";

describe("conflicts with a colleague's concurrent edit (望江街道)", () => {
  let rt: AddonRuntime;
  let a: any;
  let b: any;

  beforeAll(async () => {
    // Prepare: 10 outfalls in the sheet; the clerk edits A and B; the colleague edits both through the API
    [a, b] = await seed(CLERK, "wangjiang", 10);
    rt = await addonFor(CLERK);
    rt.call("pullLedger");
    type(rt, rowById(rt, a.id).row, "sizeMm", "1000");
    type(rt, rowById(rt, b.id).row, "material", "钢管");
    type(rt, rowById(rt, b.id).row, "plan", "我的方案：更换管道");
    expect((await api("PATCH", `/v1/outfalls/${a.id}`, COLLEAGUE, { plan: "同事的方案" }, { "if-match": "1" })).status).toBe(200);
    expect((await api("PATCH", `/v1/outfalls/${b.id}`, COLLEAGUE, { plan: "同事的方案：封堵", sizeMm: "900" }, { "if-match": "1" })).status).toBe(200);
  });
  afterAll(() => rt?.close());

  it("keeps unpushed edits when pulling, and marks the rows the server has moved past", () => {
    // Act
    const result = rt.call("pullLedger");
    // Assess
    expect(result).toMatchObject({ kept: 2, updated: 0 });
    expect(rowById(rt, a.id).get("sizeMm")).toBe("1000");
    expect(rowById(rt, a.id).get("_version")).toBe(1);
    expect(String(rowById(rt, a.id).get("_sync"))).toMatch(/^⇄ 服务器已有第2版/);
  });

  it("saves nothing over the colleague's edits and shows both conflicts", async () => {
    // Act
    const result = rt.call("pushChanges");
    // Assess
    expect(result).toMatchObject({ rows: 2, conflict: 2, saved: 0 });
    const serverA = (await api("GET", `/v1/outfalls/${a.id}`, CLERK)).body;
    const serverB = (await api("GET", `/v1/outfalls/${b.id}`, CLERK)).body;
    expect(serverA).toMatchObject({ version: 2, sizeMm: "800", plan: "同事的方案" });
    expect(serverB).toMatchObject({ version: 2, sizeMm: "900", plan: "同事的方案：封堵" });
    expect(serverB.material).toBeUndefined();
    const rowA = rowById(rt, a.id);
    expect(rowA.get("sizeMm")).toBe("1000");
    expect(rowA.get("_version")).toBe(1);
    expect(String(rowA.get("_sync"))).toMatch(/^⇄ 冲突：服务器已是第2版/);
    expect(rowA.background("plan")).toBe(COLOURS.conflict);
    expect(rowA.note("plan")).toContain("同事的方案");
    const conflicts = rt.call("getConflicts");
    expect(conflicts.map((c: any) => c.id).sort()).toEqual([a.id, b.id].sort());
    const forB = conflicts.find((c: any) => c.id === b.id);
    expect(forB.diffs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ label: "材质", mine: "钢管", theirs: "", side: "mine" }),
        expect.objectContaining({ label: "整治方案", mine: "我的方案：更换管道", theirs: "同事的方案：封堵", side: "both" }),
        expect.objectContaining({ label: "尺寸（毫米）", mine: "800", theirs: "900", side: "theirs" }),
      ]),
    );
    const sheet = rt.ss.getSheetByName(CONFLICTS)!;
    expect(sheet.getRange(1, 1, 1, 7).getValues()[0]).toEqual(["临时编号", "排污口名称", "台账行号", "字段", "我的值", "服务器的值", "谁改的"]);
    expect(sheet.isColumnHiddenByUser(12)).toBe(true);
  });

  it("takes theirs for the outfall selected in the 冲突 sheet", async () => {
    // Prepare
    const sheet = rt.ss.getSheetByName(CONFLICTS)!;
    const row = sheet.getDataRange().getValues().findIndex((r) => r[10] === a.id) + 1;
    rt.select(CONFLICTS, [row]);
    // Act
    const result = rt.call("takeTheirsForSelection");
    // Assess
    expect(result).toMatchObject({ resolved: 1 });
    const rowA = rowById(rt, a.id);
    expect(rowA.get("sizeMm")).toBe("800");
    expect(rowA.get("plan")).toBe("同事的方案");
    expect(rowA.get("_version")).toBe(2);
    expect(rowA.note("plan")).toBe("");
    expect(rt.call("getConflicts").map((c: any) => c.id)).toEqual([b.id]);
    expect(rt.call("pushChanges", undefined)).toMatchObject({ rows: 1, conflict: 1 }); // only B is still pending
    expect((await api("GET", `/v1/outfalls/${a.id}`, CLERK)).body.version).toBe(2);
  });

  it("keeps mine from the sidebar: re-pushed on the new version, the colleague's other change kept", async () => {
    // Act
    const result = rt.call("resolveConflict", [b.id], "mine");
    // Assess
    expect(result).toMatchObject({ resolved: 1, push: { rows: 1, saved: 1, conflict: 0 } });
    const serverB = (await api("GET", `/v1/outfalls/${b.id}`, CLERK)).body;
    expect(serverB).toMatchObject({ version: 3, material: "steel", plan: "我的方案：更换管道", sizeMm: "900" });
    const rowB = rowById(rt, b.id);
    expect(rowB.get("sizeMm")).toBe("900");
    expect(rowB.get("_version")).toBe(3);
    expect(rowB.note("plan")).toBe("");
    expect(rt.call("getConflicts")).toEqual([]);
    const history = (await api("GET", `/v1/outfalls/${b.id}/history`, CLERK)).body.items;
    expect(history.map((h: any) => [h.version, h.actor, h.channel])).toEqual([
      [1, CLERK, "api"],
      [2, COLLEAGUE, "api"],
      [3, CLERK, "sheet"],
    ]);
    expect(ledgerRows(rt).every((r) => !String(r.get("_sync")).startsWith("⇄"))).toBe(true);
  });
});
