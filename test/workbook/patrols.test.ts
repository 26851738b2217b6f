import { afterAll, describe, expect, it } from "vitest";
import { pullCommand, pushCommand } from "../../workbook/src/commands.js";
import { PATROL_COLUMNS } from "../../workbook/src/steps/patrol-sheet.js";
import { api, outfall } from "../addon/helpers.js";
import { addRows, as, readBook, removeTempWorkbooks, table, tempWorkbook } from "./helpers.js";

const CLERK = "clerk.kaixuan@addon.test";
const PATROLS = "巡查";


afterAll(removeTempWorkbooks);

describe("the 巡查 sheet", () => {
  it("records a patrol from the workbook once, however often it is pushed; a bad row says why", async () => {
    // Prepare
    const created = await api("POST", "/v1/outfalls", CLERK, outfall("kaixuan", 950, { surveyLevel: 2 }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const file = tempWorkbook();
    await pullCommand(await as(CLERK, file));
    await addRows(file, PATROLS, [
      { 临时编号: created.body.tempId, 巡查时间: "2026-11-30 09:30", 巡查人: "张巡查", 天气: "晴天（连续无降雨）", 出水情况: "持续出水", 气味: "明显臭味或化学气味" },
      { 临时编号: created.body.tempId, 巡查时间: "2026-11-30 10:00", 巡查人: "张巡查", 天气: "多云", 出水情况: "无水" },
    ]);
    // Act
    const first = await pushCommand(await as(CLERK, file));
    const book = await readBook(file);
    const sheet = book.getWorksheet(PATROLS)!;
    sheet.getRow(2).getCell(PATROL_COLUMNS.findIndex((c) => c.key === "result") + 1).value = null; // as if the save after the push had failed
    await book.xlsx.writeFile(file);
    const second = await pushCommand(await as(CLERK, file));
    const [header, ...rows] = table(await readBook(file), PATROLS);
    const byLabel = rows.map((r) => Object.fromEntries(header!.map((h, i) => [String(h), r[i]])));
    const patrols = await api("GET", `/v1/outfalls/${created.body.id}/patrols`, CLERK);
    const record = await api("GET", `/v1/outfalls/${created.body.id}`, CLERK);
    // Assess
    expect(first.patrols).toEqual({ sent: 2, done: 1, refused: 1 });
    expect(second.patrols).toEqual({ sent: 2, done: 1, refused: 1 });
    expect(byLabel[0]).toMatchObject({ 结果: "已办理", 发现问题: "晴天排水" });
    expect(byLabel[1]).toMatchObject({ 结果: "未通过" });
    expect(String(byLabel[1]!.提示)).toContain("天气");
    expect(patrols.body.items).toHaveLength(1);
    expect(patrols.body.items[0]).toMatchObject({ patrolledAt: "2026-11-30T09:30:00+08:00", needsSampling: true, observations: { flow: "flowing", odour: "strong-odour" } });
    expect(record.body.problems).toContain("dry-weather");
  });
});


describe("the 交办 sheet", () => {
  it("pull lists the subdistrict's assigned tasks; push sends the typed answer once", async () => {
    // Prepare
    const clerk = "clerk.xiaoying@addon.test";
    const deadline = new Date(Date.now() + 8 * 3600_000 + 5 * 86_400_000).toISOString().slice(0, 10);
    const task = await api("POST", "/v1/tasks", "coordinator@addon.test", { title: "小营排口督办", finding: "巡查发现排口破损", assigneeKind: "subdistrict", assignee: "xiaoying", deadline });
    expect(task.status, JSON.stringify(task.body)).toBe(201);
    const file = tempWorkbook();
    const pulled = await pullCommand(await as(clerk, file));
    const book = await readBook(file);
    const sheet = book.getWorksheet("交办")!;
    const labels = new Map<string, number>();
    sheet.getRow(1).eachCell((cell, c) => labels.set(String(cell.value), c));
    let row = 0;
    sheet.eachRow((r, n) => {
      if (r.getCell(labels.get("事项编号")!).value === task.body.id) row = n;
    });
    sheet.getRow(row).getCell(labels.get("反馈内容")!).value = "已修复破损排口";
    sheet.getRow(row).getCell(labels.get("佐证")!).value = "小政〔2026〕3号；现场照片已上传";
    await book.xlsx.writeFile(file);
    // Act
    const first = await pushCommand(await as(clerk, file));
    const second = await pushCommand(await as(clerk, file));
    const stored = await api("GET", `/v1/tasks/${task.body.id}`, "coordinator@addon.test");
    // Assess
    expect(pulled.lines.join("\n")).toContain("督导交办事项");
    expect(row).toBeGreaterThan(1);
    expect(first.answers).toEqual({ sent: 1, done: 1, refused: 0 });
    expect(second.answers).toEqual({ sent: 0, done: 0, refused: 0 });
    expect(stored.body).toMatchObject({ status: "answered", version: 2 });
    expect(stored.body.answers[0]).toMatchObject({ answer: "已修复破损排口", evidence: ["小政〔2026〕3号", "现场照片已上传"], by: clerk });
  });
});
