import { describe, expect, it } from "vitest";
import { FIELDS } from "../../../sheets-addon/src/core/columns.js";
import { analyseRows, decodeState } from "../../../sheets-addon/src/core/rows.js";
import { ctx, fullRecord, gridOf, positions, syncedCells } from "./fixture.js";

const analyse = (rows: Record<string, unknown>[], options = {}) => analyseRows(gridOf(rows), positions, ctx, options);

describe("dirty detection", () => {
  it("finds a synced row clean, whatever the cell types Sheets hands back", () => {
    // Prepare: the date cell comes back as a Date, the number as text, the 是 as a boolean
    const cells = syncedCells(fullRecord());
    cells.surveyedAt = new Date(Date.UTC(2024, 2, 12) - 8 * 3600_000);
    cells.longitude = "120.196123";
    cells.dryWeatherFlow = true;
    // Act
    const [row] = analyse([cells]);
    // Assess
    expect(row).toMatchObject({ kind: "clean", row: 2, version: 3 });
    expect(decodeState(cells._hash)!.fps).toHaveLength(FIELDS.length);
  });

  it("sends only the fields that changed, on the version the row was based on", () => {
    // Prepare
    const cells = syncedCells(fullRecord());
    cells.sizeMm = "600";
    cells["sensory.odour"] = "强烈异味";
    // Act
    const [row] = analyse([cells]);
    // Assess
    expect(row).toMatchObject({ kind: "changed", id: fullRecord().id, version: 3, changed: ["sizeMm", "sensory"] });
    expect((row as any).values).toEqual({ sizeMm: "600", sensory: { ...fullRecord().sensory, odour: "strong" } });
  });

  it("clears blanked fields (null; [] for lists) and sends coordinates as a pair with the declared datum", () => {
    // Prepare
    const cells = syncedCells(fullRecord());
    cells.plan = "";
    cells.problems = "";
    cells.latitude = 30.2766;
    const withDatum = syncedCells(fullRecord());
    withDatum.datum = "GCJ-02（高德/腾讯）";
    // Act
    const [blanked, datum] = analyse([cells, { ...withDatum, _id: "other-id" }]);
    // Assess
    expect((blanked as any).values).toEqual({ plan: null, problems: [], longitude: 120.196123, latitude: 30.2766 });
    expect(datum).toMatchObject({ kind: "changed", changed: [] });
    expect((datum as any).values).toEqual({ longitude: 120.196123, latitude: 30.276456, datum: "gcj02" });
  });

  it("treats a row without an id as new, fills in the clerk's subdistrict, and skips blank rows", () => {
    // Act
    const rows = analyse([{ name: "新排口", longitude: 120.2, waterBody: "新塘河", _sync: "待推送（新增）" }, { _sync: "只有状态" }], { defaultSubdistrict: "kaixuan" });
    // Assess
    expect(rows[0]).toMatchObject({ kind: "new", values: { name: "新排口", longitude: 120.2, waterBody: "xintang-river", subdistrict: "kaixuan" } });
    expect(rows[1]).toEqual({ kind: "blank", row: 3 });
  });

  it("treats an edited copy of a row as a new outfall and an untouched copy as a duplicate", () => {
    // Prepare
    const original = syncedCells(fullRecord());
    const edited = { ...original, nationalCode: "", address: "复制后改的地址" };
    // Act
    const rows = analyse([original, { ...original }, edited]);
    // Assess
    expect(rows[0]!.kind).toBe("clean");
    expect(rows[1]).toEqual({ kind: "duplicate", row: 3, id: fullRecord().id, of: 2 });
    expect(rows[2]).toMatchObject({ kind: "new", copiedFrom: 2 });
    expect((rows[2] as any).values.address).toBe("复制后改的地址");
    expect((rows[2] as any).values.nationalCode).toBeUndefined();
  });

  it("reports a row whose hidden version was damaged, and sends every field when the hash is unknown", () => {
    // Act
    const [broken, unknown] = analyse([
      { ...syncedCells(fullRecord()), _version: "" },
      { ...syncedCells(fullRecord({ id: "x2" })), _hash: "", plan: "" },
    ]);
    // Assess
    expect(broken).toMatchObject({ kind: "broken", id: fullRecord().id });
    expect(unknown).toMatchObject({ kind: "changed" });
    expect((unknown as any).changed).toHaveLength(FIELDS.length);
    expect((unknown as any).values.name).toBe(fullRecord().name);
    expect("plan" in (unknown as any).values).toBe(false); // blanks clear nothing when the last sync is unknown
  });
});
