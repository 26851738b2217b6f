import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { photosCommand, pullCommand, pushCommand } from "../../workbook/src/commands.js";
import { PHOTO_REPORT } from "../../workbook/src/steps/photos.js";
import { api, outfall } from "../addon/helpers.js";
import { jpeg } from "../fixtures/images.js";
import { addRows, as, readBook, removeTempWorkbooks, rowById, table, tempWorkbook } from "./helpers.js";

const CLERK = "clerk.kaixuan@addon.test";
const DEPARTMENT = "enforcement@workbook.test";
const STEPS = "办理";
let counter = 900;

/** A traced outfall of 凯旋 whose category 综合行政执法局 supervises (as the demo's 已溯源 ones). */
async function tracedOutfall(): Promise<any> {
  const created = await api("POST", "/v1/outfalls", CLERK, outfall("kaixuan", counter++, { subcategory: "urban-domestic-scattered", problems: ["uncollected"], surveyLevel: 1 }));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id;
  const confirmed = await api("POST", `/v1/outfalls/${id}/transitions`, CLERK, { action: "confirm", expectedVersion: created.body.version, surveyedAt: "2024-03-01", surveyedBy: "凯旋排查组" });
  const traced = await api("POST", `/v1/outfalls/${id}/transitions`, CLERK, {
    action: "trace",
    expectedVersion: confirmed.body.version,
    responsibleParties: [{ name: "景芳三区物业", kind: "residential" }],
    responsibilityBasis: "traced",
  });
  expect(traced.status, JSON.stringify(traced.body)).toBe(200);
  return traced.body;
}

/** A clerk filling the 办理 sheet in Excel. */
const addSteps = (file: string, rows: Record<string, ExcelJS.CellValue>[]) => addRows(file, STEPS, rows);

/** The 办理 sheet's rows as objects by header label. */
async function stepRows(file: string): Promise<Record<string, unknown>[]> {
  const [header, ...rows] = table(await readBook(file), STEPS);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [String(h), r[i]])));
}

const record = async (id: string) => (await api("GET", `/v1/outfalls/${id}`, CLERK)).body;

afterAll(removeTempWorkbooks);

describe("the 办理 sheet and the photos folder", () => {
  it("a clerk takes a traced outfall to 待验收 with its photos; the department accepts and closes it from its own workbook", async () => {
    // Prepare
    const o = await tracedOutfall();
    const file = tempWorkbook();
    await pullCommand(await as(CLERK, file));
    const folder = join(dirname(file), "照片");
    mkdirSync(folder);
    writeFileSync(join(folder, `${o.tempId}_整治前.jpg`), jpeg(undefined, 400));
    writeFileSync(join(folder, `${o.tempId}_after.jpg`), jpeg(undefined, 500));
    writeFileSync(join(folder, `${o.tempId}_封堵拆除_1.jpg`), jpeg(undefined, 600));
    await addSteps(file, [
      { 临时编号: o.tempId, 操作: "制定整治方案", 整治措施: "依法取缔", 整治方案: "截污纳管后封堵排口", 影响防洪排涝: "否" },
      { 临时编号: o.tempId, 操作: "申请验收", 完成日期: "2024-05-20" },
    ]);
    const deptFile = tempWorkbook("监管.xlsx");
    // Act
    const photos = await photosCommand({ ...(await as(CLERK, file)), folder });
    const pushed = await pushCommand(await as(CLERK, file));
    await pullCommand(await as(DEPARTMENT, deptFile, { subdistrict: "kaixuan" }));
    const before = rowById(await readBook(deptFile), o.id);
    await addSteps(deptFile, [
      { 临时编号: o.tempId, 操作: "验收通过" },
      { 临时编号: o.tempId, 操作: "销号" },
    ]);
    const accepted = await pushCommand(await as(DEPARTMENT, deptFile));
    // Assess
    expect(photos.photos).toMatchObject({ files: 3, uploaded: 3, skipped: 0, refused: [] });
    expect(pushed.steps).toEqual({ sent: 2, done: 2, refused: 0 });
    expect((await stepRows(file)).map((r) => [r.结果, r.办理后状态])).toEqual([
      ["已办理", "整治中"],
      ["已办理", "待验收"],
    ]);
    expect(String(before.get("allowedActions"))).toBe("验收通过、验收退回");
    expect(before.get("blockers")).toBe("销号：须先经监管部门验收通过【R-CLOSE-EVIDENCE】");
    expect(accepted.steps).toEqual({ sent: 2, done: 2, refused: 0 });
    expect((await stepRows(deptFile)).map((r) => r.结果)).toEqual(["已办理", "已办理"]);
    expect((await record(o.id)).status).toBe("closed");
    expect(accepted.lines.at(-2)).toContain("办理 2 步（已办理 2，未通过 0");
  });

  it("a refused step gets its rule and message; fixed, it is sent again, and a done step is never re-sent", async () => {
    // Prepare
    const o = await tracedOutfall();
    const file = tempWorkbook();
    await pullCommand(await as(CLERK, file));
    await addSteps(file, [{ 临时编号: o.tempId, 操作: "制定整治方案", 整治措施: "依法取缔", 整治方案: "封堵排口" }]);
    // Act
    const refused = await pushCommand(await as(CLERK, file));
    const afterRefusal = await stepRows(file);
    const book = await readBook(file);
    book.getWorksheet(STEPS)!.getRow(2).getCell(6).value = "否";
    await book.xlsx.writeFile(file);
    const fixed = await pushCommand(await as(CLERK, file));
    const version = (await record(o.id)).version;
    const again = await pushCommand(await as(CLERK, file));
    // Assess
    expect(refused.exitCode).toBe(3);
    expect(afterRefusal[0]).toMatchObject({ 结果: "未通过", 规则: expect.stringContaining("R-FLOOD-SAFETY") });
    expect(String(afterRefusal[0]!.提示)).toContain("防洪排涝");
    expect(fixed.steps).toEqual({ sent: 1, done: 1, refused: 0 });
    expect(again.steps).toEqual({ sent: 0, done: 0, refused: 0 });
    expect((await record(o.id)).version).toBe(version);
  });

  it("a photo folder with a duplicate and a non-image file: the duplicate is skipped, the other file is reported", async () => {
    // Prepare
    const o = await tracedOutfall();
    const file = tempWorkbook();
    await pullCommand(await as(CLERK, file));
    const folder = join(dirname(file), "照片");
    mkdirSync(folder);
    writeFileSync(join(folder, `${o.tempId}_近景.jpg`), jpeg(undefined, 700));
    copyFileSync(join(folder, `${o.tempId}_近景.jpg`), join(folder, `${o.tempId}_近景_2.jpg`));
    writeFileSync(join(folder, `${o.tempId}_远景.jpg`), "这不是图片");
    writeFileSync(join(folder, `${o.tempId}_天空.jpg`), jpeg(undefined, 800));
    // Act
    const first = await photosCommand({ ...(await as(CLERK, file)), folder });
    const second = await photosCommand({ ...(await as(CLERK, file)), folder });
    // Assess
    expect(first.photos).toMatchObject({ files: 4, uploaded: 1, skipped: 1 });
    expect(first.photos!.refused.map((r) => [r.file, r.rule])).toEqual([
      [`${o.tempId}_天空.jpg`, "R-ENUM"],
      [`${o.tempId}_远景.jpg`, "R-PHOTO-TYPE"],
    ]);
    expect(second.photos).toMatchObject({ uploaded: 0, skipped: 2 });
    expect((await record(o.id)).photos).toHaveLength(1);
    const report = readFileSync(join(folder, PHOTO_REPORT), "utf8");
    expect(report).toContain(`${o.tempId}_远景.jpg`);
    expect(report).toContain("不是 JPEG/PNG/WebP/HEIC 图片");
    expect(first.exitCode).toBe(3);
  });
});
