// The workbook tool runs the add-on's engine, so values pasted from an old ledger into the .xlsx are normalized by
// the same shared module before the push, and each change is printed with its original value.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pullCommand, pushCommand } from "../../workbook/src/commands.js";
import { api, seed } from "../addon/helpers.js";
import { as, editCells, readBook, removeTempWorkbooks, rowById, tempWorkbook } from "./helpers.js";

const CLERK = "clerk.pengbu@addon.test";

describe("pasted old-ledger values in the workbook (彭埠街道)", () => {
  const file = tempWorkbook("彭埠台账.xlsx");
  let seeded: any[];

  afterAll(removeTempWorkbooks);
  beforeAll(async () => {
    seeded = await seed(CLERK, "pengbu", 2);
    await pullCommand(await as(CLERK, file));
  });

  it("a DMS longitude and a full-width provincial code are normalized before the push and reported", async () => {
    // Prepare
    const row = rowById(await readBook(file), seeded[1].id).row;
    await editCells(file, [
      [row, "longitude", "120°14'24\""],
      [row, "provincialCode", "ＺＪ－３３０１０２－０００９"],
    ]);
    // Act
    const result = await pushCommand(await as(CLERK, file));
    // Assess
    expect(result.push).toMatchObject({ rows: 1, saved: 1, invalid: 0 });
    expect(result.push!.normalized.map((n) => [n.row, n.field, n.rule, n.original, n.value])).toEqual([
      [row, "provincialCode", "N-FULLWIDTH", "ＺＪ－３３０１０２－０００９", "ZJ-330102-0009"],
      [row, "longitude", "N-DMS", "120°14'24\"", "120.24"],
    ]);
    const printed = result.lines.join("\n");
    expect(printed).toContain("推送前已自动规范 2 处");
    expect(printed).toContain(`第 ${row} 行「经度」：120°14'24" → 120.24（度分秒坐标已换算为十进制度）`);
    const stored = await api("GET", `/v1/outfalls/${seeded[1].id}`, CLERK);
    expect(stored.body).toMatchObject({ longitude: 120.24, provincialCode: "ZJ-330102-0009" });
  });
});
