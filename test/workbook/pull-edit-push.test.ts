// A clerk pulls the subdistrict's 50 outfalls into a new .xlsx, edits 5 cells in Excel (1 wrongly), pushes,
// fixes the wrong cell and pushes again; a colleague's change arrives by incremental pull.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLOURS } from "../../sheets-addon/src/core/marks.js";
import { pullCommand, pushCommand } from "../../workbook/src/commands.js";
import { LISTS_SHEET, SETTINGS_SHEET } from "../../workbook/src/xlsx/workbook.js";
import { api, seed, tokenFor } from "../addon/helpers.js";
import { LEDGER, SUMMARY, as, columns, editCells, ledgerRows, readBook, rowById, table, removeTempWorkbooks, tempWorkbook } from "./helpers.js";

const CLERK = "clerk.caihe@addon.test";

describe("pull, edit in Excel and push (采荷街道, 50 outfalls)", () => {
  const file = tempWorkbook("采荷台账.xlsx");
  let seeded: any[];

  afterAll(removeTempWorkbooks);
  beforeAll(async () => {
    // Prepare
    seeded = await seed(CLERK, "caihe", 50);
  });

  it("pulls 50 rows into a new workbook with Chinese headers, hidden sync columns, dropdowns and 汇总", async () => {
    // Act
    const result = await pullCommand(await as(CLERK, file));
    // Assess
    expect(result.exitCode).toBe(0);
    expect(result.pull).toMatchObject({ incremental: false, received: 50, added: 50 });
    expect(result.lines.join("\n")).toContain("全部拉取完成：新增 50 行");
    const book = await readBook(file);
    expect(book.worksheets.map((s) => s.name).slice(0, 2)).toEqual([LEDGER, SUMMARY]);
    const sheet = book.getWorksheet(LEDGER)!;
    const cols = columns(sheet);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(["同步状态", "临时编号", "排污口名称", "排污通道类型", "责任主体名称", "存在问题", "系统编号", "版本号", "同步校验"]));
    for (const key of ["_id", "_version", "_hash"]) expect(sheet.getColumn(cols.get(key)!).hidden).toBe(true);
    expect(sheet.getColumn(cols.get("name")!).hidden).toBe(false);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1, xSplit: 3 });
    const validation = sheet.getRow(40).getCell(cols.get("outletType")!).dataValidation;
    expect(validation).toMatchObject({ type: "list", errorStyle: "warning" });
    const range = /^'_lists'!\$([A-Z]+)\$2:\$\1\$(\d+)$/.exec(String(validation.formulae?.[0]));
    expect(range).not.toBeNull();
    const lists = book.getWorksheet(LISTS_SHEET)!;
    expect(lists.state).toBe("veryHidden");
    const choices = Array.from({ length: Number(range![2]) - 1 }, (_, i) => lists.getCell(`${range![1]}${i + 2}`).value);
    expect(choices).toEqual(["管道", "明渠", "泵站", "涵闸", "箱涵", "其他"]);
    expect(sheet.getRow(2).getCell(cols.get("dryWeatherFlow")!).dataValidation).toMatchObject({ type: "list" });
    const rows = ledgerRows(book);
    expect(rows).toHaveLength(50);
    const first = rowById(book, seeded[0].id);
    expect(first.get("tempId")).toBe(seeded[0].tempId);
    expect(first.get("subdistrict")).toBe("采荷街道");
    expect(first.get("outletType")).toBe("管道");
    expect(first.get("_version")).toBe(1);
    // Overdue rows are highlighted (the seeded surveys are old enough for their deadlines to have passed).
    const overdue = rows.filter((r) => r.get("overdue") === "是");
    expect(overdue.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.fill("name")).toBe(r.get("overdue") === "是" ? COLOURS.overdue : "#ffffff");
    const summary = table(book, SUMMARY);
    expect(summary).toContainEqual(["合计", 50]);
    expect(summary[0]![0]).toBe("排污口台账汇总（采荷街道）");
    expect(summary).toContainEqual(["其中逾期", overdue.length]);
    // The address is remembered in the hidden settings sheet; the token is nowhere in the file.
    const settings = book.getWorksheet(SETTINGS_SHEET)!;
    expect(settings.state).toBe("veryHidden");
    expect(table(book, SETTINGS_SHEET)).toContainEqual(["API_BASE_URL", expect.stringMatching(/^http:\/\/(127\.0\.0\.1|localhost):\d+$/)]);
    const token = await tokenFor(CLERK);
    for (const s of book.worksheets) for (const r of table(book, s.name)) for (const v of r) expect(String(v)).not.toContain(token.slice(-40));
  });

  it("pushes 5 edited cells: 4 saved, the wrong one filled with a note carrying the rule id", async () => {
    // Prepare: a clerk edits 5 cells in Excel, one of them with a value that is not a choice
    const rows = ledgerRows(await readBook(file)).slice(0, 5);
    await editCells(file, [
      [rows[0]!.row, "address", "采荷路88号"],
      [rows[1]!.row, "material", "混凝土"],
      [rows[2]!.row, "surveyedAt", new Date(Date.UTC(2024, 4, 31))],
      [rows[3]!.row, "plan", "雨污分流改造"],
      [rows[4]!.row, "outletType", "水管"],
    ]);
    // Act: without --api, the workbook's remembered address is used
    const result = await pushCommand({ ...(await as(CLERK, file)), api: undefined });
    // Assess
    expect(result.push).toMatchObject({ rows: 5, saved: 4, invalid: 1, conflict: 0, unchanged: 0 });
    expect(result.exitCode).toBe(3);
    const out = result.lines.join("\n");
    expect(out).toContain("推送结果：共 5 行（新增 0 行，保存 4 行，无变化 0 行，有误 1 行，冲突 0 行）");
    // One summary: the engine's own closing message is not printed beside it.
    expect(out).not.toContain("推送完成");
    expect(out).toMatch(new RegExp(`第 ${rows[4]!.row} 行「排污通道类型」：【R-ENUM】`));
    const after = ledgerRows(await readBook(file));
    for (const r of after.slice(0, 4)) {
      expect(r.get("_version")).toBe(2);
      expect(String(r.get("_sync"))).toMatch(/^✓ 已保存（第2版）/);
    }
    expect(after[2]!.get("surveyedAt")).toBe("2024-05-31");
    const bad = after[4]!;
    expect(bad.fill("outletType")).toBe(COLOURS.invalid);
    expect(bad.note("outletType")).toMatch(/^⚠ 【R-ENUM】.*水管/);
    expect(bad.get("_version")).toBe(1);
    const server = (await api("GET", `/v1/outfalls/${String(after[1]!.get("_id"))}`, CLERK)).body;
    expect(server).toMatchObject({ version: 2, material: "concrete" });
    expect(table(await readBook(file), SUMMARY)).toContainEqual(["有误待改正", 1]);
  });

  it("clears the mark once the wrong cell is fixed and pushed", async () => {
    // Prepare
    const bad = ledgerRows(await readBook(file))[4]!;
    await editCells(file, [[bad.row, "outletType", "明渠"]]);
    // Act
    const result = await pushCommand(await as(CLERK, file));
    // Assess
    expect(result.exitCode).toBe(0);
    expect(result.push).toMatchObject({ rows: 1, saved: 1, invalid: 0 });
    const fixed = rowById(await readBook(file), String(bad.get("_id")));
    // Back to the row's base: the overdue highlight when the record is overdue, else no fill.
    expect(fixed.fill("outletType")).toBe(fixed.get("overdue") === "是" ? COLOURS.overdue : "#ffffff");
    expect(fixed.note("outletType")).toBe("");
    expect(fixed.get("_version")).toBe(2);
    expect(String(fixed.get("_sync"))).toMatch(/^✓ 已保存/);
    // Nothing left to push.
    const again = await pushCommand(await as(CLERK, file));
    expect(again.push).toMatchObject({ rows: 0 });
    expect(again.lines.join("\n")).toContain("没有需要推送的修改");
  });

  it("brings a change made elsewhere by an incremental pull, keeping the previous file as .bak", async () => {
    // Prepare
    const target = seeded[10];
    const before = readFileSync(file);
    expect((await api("PATCH", `/v1/outfalls/${target.id}`, CLERK, { plan: "网页端修改的方案" }, { "if-match": String(target.version) })).status).toBe(200);
    // Act
    const result = await pullCommand(await as(CLERK, file));
    // Assess
    expect(result.pull).toMatchObject({ incremental: true, updated: 1, added: 0 });
    const row = rowById(await readBook(file), target.id);
    expect(row.get("plan")).toBe("网页端修改的方案");
    expect(String(row.get("_sync"))).toMatch(/^↓ 已更新到第2版/);
    expect(readFileSync(`${file}.bak`).equals(before)).toBe(true);
  });
});
