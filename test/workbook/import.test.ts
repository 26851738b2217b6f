// `npm run import` of a messy old ledger by a clerk of 南星: the dry run's report compared cell by cell with the
// expected report (fixtures/messy-ledger.report.json), then a commit, then a re-run that writes nothing twice.
import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { RESULT_SHEET } from "../../workbook/src/import/report.js";
import { runImport } from "../../workbook/src/import/run.js";
import { api, listAll, outfall, tokenFor } from "../addon/helpers.js";
import { removeTempWorkbooks, tempWorkbook } from "./helpers.js";
import { ROWS, writeMessyLedger } from "./import-fixture.js";

const CLERK = "clerk.nanxing@addon.test";
const EXPECTED = JSON.parse(readFileSync(new URL("./fixtures/messy-ledger.report.json", import.meta.url), "utf8")) as unknown[][];

async function reportGrid(path: string): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const out: unknown[][] = [];
  book.getWorksheet(RESULT_SHEET)!.eachRow((row) => out.push(Array.from((row.values as unknown[]).slice(1), (v) => v ?? "")));
  return out;
}

describe("old ledger import (南星街道)", () => {
  const file = tempWorkbook("南星旧台账.xlsx");

  afterAll(removeTempWorkbooks);
  beforeAll(async () => {
    // Prepare: the messy ledger, and an outfall already in the ledger 2 m from the ledger's row 9
    await writeMessyLedger(file);
    const made = await api("POST", "/v1/outfalls/batch", CLERK, { rows: [{ values: outfall("nanxing", 0, { longitude: 120.165, latitude: 30.218, waterBody: "zhong-river" }) }] });
    expect(made.body.summary.ok).toBe(1);
  });

  it("dry run: the report matches the expected report cell by cell, and nothing is written", async () => {
    // Act
    const result = await runImport({ file, api: inject("addonApiUrl"), token: await tokenFor(CLERK) });
    // Assess
    expect(ROWS.length).toBeGreaterThanOrEqual(14);
    const grid = await reportGrid(result.reportPath);
    expect(result.reportPath).toBe(`${file}.report.xlsx`);
    expect(grid.length).toBe(EXPECTED.length);
    grid.forEach((row, r) => {
      const expected = EXPECTED[r]!;
      expect(row.length, `report row ${r + 1}`).toBeLessThanOrEqual(expected.length);
      expected.forEach((cell, c) => expect(row[c] ?? "", `report row ${r + 1}, column ${c + 1}「${EXPECTED[0]![c]}」`).toEqual(cell));
    });
    expect(result.lines).toContain("  经 度（°） → 经度（表头名称）");
    expect(result.lines).toContain("共 14 行：新增 4，更新 0，可能重复 2，有误 6，跳过 2");
    expect(await listAll("nanxing")).toHaveLength(1);
  });

  it("commit: the 新增 rows become records with temp ids, keeping the old code and source row", async () => {
    // Act
    const result = await runImport({ file, api: inject("addonApiUrl"), token: await tokenFor(CLERK), commit: true });
    // Assess
    const created = result.rows.filter((r) => r.outcome === "新增");
    expect(created.map((r) => r.prepared.row)).toEqual([3, 10, 13, 14]);
    for (const r of created) expect(r.target).toMatch(/^SC-NX-\d{4}$/);
    const records = await listAll("nanxing");
    expect(records).toHaveLength(5);
    const first = records.find((r) => r.tempId === created[0]!.target)!;
    expect(first).toMatchObject({
      name: "南星1号排口",
      longitude: 120.17,
      latitude: 30.225,
      waterBody: "grand-canal",
      dryWeatherFlow: true,
      status: "confirmed",
      surveyLevel: 2,
      legacyRef: { code: "NX-001", file: "南星旧台账.xlsx", sheet: "排口台账", row: 3 },
    });
    expect(first.responsibleParties[0]).toMatchObject({ kind: "enterprise", creditCode: "91330100799655058B", phone: "0571-87001234" });
    expect(first.plan).toBe("（旧台账）计划完成时间：2024-06-30");
    expect(result.lines.join("\n")).toContain("已提交");
  });

  it("a re-run finds the rows already imported and writes nothing twice", async () => {
    // Act
    const result = await runImport({ file, api: inject("addonApiUrl"), token: await tokenFor(CLERK), commit: true });
    // Assess
    expect(result.rows.filter((r) => r.outcome === "新增")).toHaveLength(0);
    expect(result.rows.filter((r) => r.note?.startsWith("已导入"))).toHaveLength(4);
    expect(await listAll("nanxing")).toHaveLength(5);
  });
});
