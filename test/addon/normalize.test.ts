// A clerk pastes old-ledger values into the sheet (a DMS latitude, a full-width name with a line break, a phone
// with its area code in brackets): the shared normalizer rewrites them before the push, and the push reports each
// change with the original value.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addonFor, api, ledgerRows, seed, type } from "./helpers.js";
import type { AddonRuntime } from "./sim/runtime.js";

const CLERK = "clerk.sijiqing@addon.test";

describe("pasted old-ledger values in the sheet (四季青街道)", () => {
  let rt: AddonRuntime;
  let seeded: any[];

  beforeAll(async () => {
    seeded = await seed(CLERK, "sijiqing", 2);
    rt = await addonFor(CLERK);
    rt.call("pullLedger");
  });
  afterAll(() => rt?.close());

  it("normalizes a DMS coordinate, a full-width name and a bracketed phone before the push and reports them", async () => {
    // Prepare
    const row = ledgerRows(rt).find((r) => r.get("_id") === seeded[0].id)!.row;
    type(rt, row, "latitude", "30°15′18″");
    type(rt, row, "name", "四季青\n１号排口");
    type(rt, row, "responsibleParties[0].name", "四季青物业");
    type(rt, row, "responsibleParties[0].kind", "住宅小区");
    type(rt, row, "responsibleParties[0].phone", "(0571)8700 1234");
    // Act
    const summary = rt.call("pushChanges");
    // Assess
    expect(summary).toMatchObject({ rows: 1, saved: 1, invalid: 0 });
    expect(summary.normalized.map((n: any) => [n.row, n.label, n.rule, n.original, n.value])).toEqual([
      [row, "排污口名称", "N-SPACE", "四季青\n１号排口", "四季青1号排口"],
      [row, "纬度", "N-DMS", "30°15′18″", "30.255"],
      [row, "责任主体联系电话", "N-PHONE", "(0571)8700 1234", "0571-87001234"],
    ]);
    expect(rt.ui.alerts.map((a) => a.message).join("\n")).toContain(`第 ${row} 行「排污口名称」：四季青⏎１号排口 → 四季青1号排口`);
    const stored = await api("GET", `/v1/outfalls/${seeded[0].id}`, CLERK);
    expect(stored.body).toMatchObject({ name: "四季青1号排口", latitude: 30.255 });
    expect(stored.body.responsibleParties[0].phone).toBe("0571-87001234");
  });
});
