import { describe, expect, it } from "vitest";
import { EDITABLE_FIELDS, IMPORT_FIELDS } from "../../../functions/src/domain/outfall.js";
import { COLUMN_DEFS, FIELDS, HASH_KEY, ID_KEY, VERSION_KEY, locateColumns } from "../../../sheets-addon/src/core/columns.js";
import { layout, ref } from "./fixture.js";

describe("sheet columns", () => {
  it("cover every editable field of the record, and nothing else as editable (import-only fields shown read-only)", () => {
    // Assess
    const sheetEditable = EDITABLE_FIELDS.filter((f) => !IMPORT_FIELDS.includes(f));
    expect([...FIELDS].sort()).toEqual([...sheetEditable].sort());
    expect([...FIELDS].sort()).toEqual(ref.editable.filter((f) => !IMPORT_FIELDS.includes(f as never)).sort());
    expect(layout.byKey.get("legacyRef")).toMatchObject({ role: "info", label: "旧台账来源" });
  });

  it("have unique Chinese headers taken from the API's field labels", () => {
    // Act
    const labels = layout.columns.map((c) => c.label);
    // Assess
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.every((l) => /[\u4e00-\u9fff]/.test(l))).toBe(true);
    expect(layout.byKey.get("zones.nearVenue")!.label).toBe(ref.labels["zones.nearVenue"]);
    expect(layout.byKey.get("responsibleParties[0].creditCode")!.label).toBe("统一社会信用代码");
    expect(layout.byKey.get("responsibleParties[1+]")!.label).toBe("其他责任主体");
    expect([ID_KEY, VERSION_KEY, HASH_KEY].map((k) => layout.byKey.get(k)!.label)).toEqual(["系统编号", "版本号", "同步校验"]);
  });

  it("offer dropdowns with the vocabularies' Chinese labels and keep the key in each header note", () => {
    // Assess
    expect(layout.byKey.get("outletType")!.validation).toMatchObject({ kind: "list", values: ["管道", "明渠", "泵站", "涵闸", "箱涵", "其他"] });
    expect(layout.byKey.get("subdistrict")!.validation!.values).toContain("凯旋街道");
    expect(layout.byKey.get("waterBody")!.validation!.values).toContain("新塘河");
    expect(layout.byKey.get("community")!.validation!.values).toEqual(ref.communities.kaixuan);
    expect(layout.byKey.get("signboard.installed")!.validation!.values).toEqual(["是", "否"]);
    expect(layout.byKey.get("surveyedAt")!.validation!.kind).toBe("date");
    expect(layout.byKey.get("problems")!.validation).toBeUndefined();
    expect(layout.byKey.get("problems")!.note).toContain("晴天排水");
    for (const c of layout.columns) expect(c.note.split("\n")[0]).toBe(`字段：${c.key}`);
  });

  it("are found again after a clerk moves or renames them, and missing ones are reported", () => {
    // Prepare: the sheet's header with 地址 moved to the front, 经度 renamed and 材质 deleted
    const cols = layout.columns.filter((c) => c.key !== "material");
    const address = cols.findIndex((c) => c.key === "address");
    const moved = [cols[address]!, ...cols.slice(0, address), ...cols.slice(address + 1)];
    const labels = moved.map((c) => (c.key === "longitude" ? "经度（WGS84）" : c.label));
    const notes = moved.map((c) => c.note);
    notes[labels.indexOf("排污口名称")] = "";
    // Act
    const { positions, missing } = locateColumns(layout, labels, notes);
    // Assess
    expect(positions.get("address")).toBe(0);
    expect(positions.get("longitude")).toBe(labels.indexOf("经度（WGS84）"));
    expect(positions.get("name")).toBe(labels.indexOf("排污口名称"));
    expect(missing.map((c) => c.key)).toEqual(["material"]);
  });

  it("flatten nested parts into one column per leaf", () => {
    // Assess
    const keys = COLUMN_DEFS.map((c) => c.key);
    expect(keys).toEqual(expect.arrayContaining(["zones.nearVenue", "sensory.odour", "approval.documentNo", "transitionUntil.reason", "signboard.installedAt"]));
    expect(keys.filter((k) => k.startsWith("responsibleParties"))).toHaveLength(7);
  });
});
