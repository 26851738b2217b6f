// `npm run import` of a messy old ledger by a clerk of 南星: dry run with its report compared cell by cell, then a
// commit; the old row numbers survive on the records.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { runImport } from "../../workbook/src/import/run.js";
import { RESULT_SHEET } from "../../workbook/src/import/report.js";
import { api, outfall, tokenFor } from "../addon/helpers.js";
import { writeMessyLedger } from "./import-fixture.js";
import { removeTempWorkbooks, tempWorkbook } from "./helpers.js";

const CLERK = "clerk.nanxing@addon.test";

async function reportGrid(path: string): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const sheet = book.getWorksheet(RESULT_SHEET)!;
  const out: unknown[][] = [];
  sheet.eachRow((row) => out.push((row.values as unknown[]).slice(1).map((v) => v ?? "")));
  return out;
}

describe("old ledger import (南星街道)", () => {
  const file = tempWorkbook("南星旧台账.xlsx");
  let existing: any;

  afterAll(removeTempWorkbooks);
  beforeAll(async () => {
    await writeMessyLedger(file);
    const made = await api("POST", "/v1/outfalls/batch", CLERK, { rows: [{ values: outfall("nanxing", 0, { longitude: 120.165, latitude: 30.218, waterBody: "zhong-river" }) }] });
    existing = made.body.results[0].record;
  });

  it("dry run: every row reported with its outcome, normalizations and problems; nothing written", async () => {
    // Act
    const result = await runImport({ file, api: inject("addonApiUrl"), token: await tokenFor(CLERK) });
    // Assess
    const grid = await reportGrid(result.reportPath);
    require("node:fs").writeFileSync("/tmp/grid.json", JSON.stringify(grid));
    console.log(result.lines.join("\n"));
  });
});
