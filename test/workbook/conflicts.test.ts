// A colleague edits outfalls through the API while the clerk edits the same ones in the workbook: the push
// saves nothing over the colleague's edits and lists the conflicts in 冲突; take-theirs and keep-mine resolve them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLOURS } from "../../sheets-addon/src/core/marks.js";
import { pullCommand, pushCommand, resolveCommand } from "../../workbook/src/commands.js";
import { api, seed } from "../addon/helpers.js";
import { CONFLICTS, as, editCells, readBook, rowById, table, removeTempWorkbooks, tempWorkbook } from "./helpers.js";

const CLERK = "clerk.wangjiang@addon.test";
const COLLEAGUE = "colleague.wangjiang@addon.test";

describe("conflicts with a colleague's concurrent edit (望江街道)", () => {
  const file = tempWorkbook("望江台账.xlsx");
  let a: any;
  let b: any;

  afterAll(removeTempWorkbooks);
  beforeAll(async () => {
    // Prepare: 10 outfalls in the workbook; the clerk edits A and B in Excel; the colleague edits both through the API
    [a, b] = await seed(CLERK, "wangjiang", 10);
    await pullCommand(await as(CLERK, file));
    const book = await readBook(file);
    await editCells(file, [
      [rowById(book, a.id).row, "sizeMm", "1000"],
      [rowById(book, b.id).row, "material", "钢管"],
      [rowById(book, b.id).row, "plan", "我的方案：更换管道"],
    ]);
    expect((await api("PATCH", `/v1/outfalls/${a.id}`, COLLEAGUE, { plan: "同事的方案" }, { "if-match": "1" })).status).toBe(200);
    expect((await api("PATCH", `/v1/outfalls/${b.id}`, COLLEAGUE, { plan: "同事的方案：封堵", sizeMm: "900" }, { "if-match": "1" })).status).toBe(200);
  });

  it("saves nothing over the colleague's edits and lists both conflicts in the 冲突 sheet", async () => {
    // Act
    const result = await pushCommand(await as(CLERK, file));
    // Assess
    expect(result.push).toMatchObject({ rows: 2, conflict: 2, saved: 0, invalid: 0 });
    expect(result.exitCode).toBe(3);
    const out = result.lines.join("\n");
    expect(out).toContain("推送结果：共 2 行（新增 0 行，保存 0 行，无变化 0 行，有误 0 行，冲突 2 行）");
    expect(out).toContain("take-theirs");
    const serverA = (await api("GET", `/v1/outfalls/${a.id}`, CLERK)).body;
    const serverB = (await api("GET", `/v1/outfalls/${b.id}`, CLERK)).body;
    expect(serverA).toMatchObject({ version: 2, sizeMm: "800", plan: "同事的方案" });
    expect(serverB).toMatchObject({ version: 2, sizeMm: "900", plan: "同事的方案：封堵" });
    expect(serverB.material).toBeUndefined();
    const book = await readBook(file);
    const rowA = rowById(book, a.id);
    expect(rowA.get("sizeMm")).toBe("1000");
    expect(rowA.get("_version")).toBe(1);
    expect(String(rowA.get("_sync"))).toMatch(/^⇄ 冲突：服务器已是第2版/);
    expect(rowA.fill("plan")).toBe(COLOURS.conflict);
    expect(rowA.note("plan")).toContain("同事的方案");
    const conflicts = table(book, CONFLICTS);
    expect(conflicts[0]!.slice(0, 7)).toEqual(["临时编号", "排污口名称", "台账行号", "字段", "我的值", "服务器的值", "谁改的"]);
    expect(conflicts).toContainEqual(expect.arrayContaining([b.tempId, rowById(book, b.id).row, "材质", "钢管", "", "您改的"]));
    expect(conflicts).toContainEqual(expect.arrayContaining([a.tempId, rowA.row, "尺寸（毫米）", "1000", "800"]));
    // People are named by name, never by e-mail (服务器修改人), also in the row's status.
    const who = conflicts[0]!.indexOf("服务器修改人");
    expect(conflicts.slice(1).map((r) => r[who])).toEqual(conflicts.slice(1).map(() => "望江同事"));
    expect(String(rowA.get("_sync"))).toContain("望江同事");
    expect(JSON.stringify(conflicts.map((r) => r.slice(0, 10)))).not.toContain("colleague.wangjiang@"); // visible columns
    const sheet = book.getWorksheet(CONFLICTS)!;
    expect(sheet.getColumn(11).hidden).toBe(true);
    expect(sheet.getColumn(12).hidden).toBe(true);
  });

  it("take-theirs rewrites the row from the server's record", async () => {
    // Prepare
    const row = rowById(await readBook(file), a.id).row;
    // Act
    const result = await resolveCommand("theirs", await as(CLERK, file, { rows: [row] }));
    // Assess
    expect(result.exitCode).toBe(0);
    expect(result.resolve).toMatchObject({ resolved: 1, missing: [] });
    expect(result.lines.join("\n")).toContain("已采用服务器版本：1 条");
    const book = await readBook(file);
    const rowA = rowById(book, a.id);
    expect(rowA).toMatchObject({ row });
    expect(rowA.get("sizeMm")).toBe("800");
    expect(rowA.get("plan")).toBe("同事的方案");
    expect(rowA.get("_version")).toBe(2);
    expect(String(rowA.get("_sync"))).toMatch(/^✓ 已采用服务器版本（第2版）/);
    expect(rowA.note("plan")).toBe("");
    expect(table(book, CONFLICTS).some((r) => r[10] === a.id)).toBe(false);
    expect(table(book, CONFLICTS).some((r) => r[10] === b.id)).toBe(true);
  });

  it("keep-mine pushes the clerk's fields on the server's version, keeping the colleague's other changes", async () => {
    // Prepare
    const row = rowById(await readBook(file), b.id).row;
    // Act
    const result = await resolveCommand("mine", await as(CLERK, file, { rows: [row] }));
    // Assess
    expect(result.exitCode).toBe(0);
    expect(result.resolve?.push).toMatchObject({ rows: 1, saved: 1, conflict: 0 });
    const server = (await api("GET", `/v1/outfalls/${b.id}`, CLERK)).body;
    expect(server).toMatchObject({ version: 3, material: "steel", plan: "我的方案：更换管道", sizeMm: "900" });
    const book = await readBook(file);
    const rowB = rowById(book, b.id);
    expect(rowB.get("_version")).toBe(3);
    expect(rowB.get("sizeMm")).toBe("900");
    expect(String(rowB.get("_sync"))).toMatch(/^✓ 已保存（第3版）/);
    expect(table(book, CONFLICTS).slice(1).filter((r) => r[10]).length).toBe(0);
  });
});
