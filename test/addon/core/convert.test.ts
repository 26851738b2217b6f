import { describe, expect, it } from "vitest";
import { EDITABLE_FIELDS } from "../../../functions/src/domain/outfall.js";
import { formatCell, parseCell, readFields, recordToCells } from "../../../sheets-addon/src/core/convert.js";
import { ctx, fullRecord, layout } from "./fixture.js";

const col = (key: string) => layout.byKey.get(key)!;
const parse = (key: string, cell: unknown) => parseCell(col(key), cell, ctx);
const show = (key: string, value: unknown) => formatCell(col(key), value, ctx);

describe("cell ↔ value", () => {
  it("texts and codes: trimmed; codes typed with a Chinese IME become half-width", () => {
    expect(parse("address", "  新塘路1号 ")).toBe("新塘路1号");
    expect(parse("sizeMm", "１２００x８００")).toBe("1200x800");
    expect(parse("sizeMm", 800)).toBe("800");
    expect(parse("responsibleParties[0].phone", "０５７１-87000000")).toBe("0571-87000000");
    expect(parse("address", "")).toBeUndefined();
    expect(parse("address", "   ")).toBeUndefined();
    expect(show("address", "新塘路1号")).toBe("新塘路1号");
    expect(show("address", undefined)).toBe("");
  });

  it("numbers: numbers stay numbers, numeric text is read, other text is sent as typed for the API to judge", () => {
    expect(parse("longitude", 120.196123)).toBe(120.196123);
    expect(parse("longitude", " 120.196 ")).toBe(120.196);
    expect(parse("latitude", "３０．２７")).toBe(30.27);
    expect(parse("longitude", "东经120度")).toBe(120);
    expect(parse("longitude", "120°10'30\"")).toBe(120.175);
    expect(parse("longitude", "约120度左右")).toBe("约120度左右");
    expect(show("longitude", 120.196123)).toBe(120.196123);
  });

  it("pasted old-ledger values are normalized by the shared normalizer and each change is noted with the original", () => {
    const notes: Parameters<typeof parseCell>[3] = [];
    expect(parseCell(col("latitude"), "30°16′28.2″", ctx, notes)).toBe(30.2745);
    expect(parseCell(col("name"), "新塘河\n１号排口", ctx, notes)).toBe("新塘河1号排口");
    expect(parseCell(col("responsibleParties[0].phone"), "(0571)8700 0000", ctx, notes)).toBe("0571-87000000");
    expect(parseCell(col("surveyedAt"), 45356, ctx, notes)).toBe("2024-03-05");
    expect(notes.map((n) => [n.field, n.rule, n.original])).toEqual([
      ["latitude", "N-DMS", "30°16′28.2″"],
      ["name", "N-SPACE", "新塘河\n１号排口"],
      ["responsibleParties[0].phone", "N-PHONE", "(0571)8700 0000"],
      ["surveyedAt", "N-DATE", "45356"],
    ]);
  });

  it("aliases of subdistricts, types and actions from the reference data are accepted and noted", () => {
    const notes: Parameters<typeof parseCell>[3] = [];
    expect(parseCell(col("subdistrict"), "凯旋", ctx, notes)).toBe("kaixuan");
    expect(parseCell(col("action"), "封堵", ctx, notes)).toBe("ban");
    expect(parseCell(col("subcategory"), "雨水排口", ctx, notes)).toBe(parse("subcategory", "城镇雨洪排口"));
    expect(parseCell(col("subdistrict"), "凯旋街道", ctx, notes)).toBe("kaixuan");
    expect(notes.map((n) => [n.field, n.rule, n.original])).toEqual([
      ["subdistrict", "N-ALIAS", "凯旋"],
      ["action", "N-ALIAS", "封堵"],
      ["subcategory", "N-ALIAS", "雨水排口"],
    ]);
  });

  it("the old-ledger reference is shown read-only: old code, file, sheet and row", () => {
    expect(show("legacyRef", { code: "KX-07", file: "凯旋旧台账.xlsx", sheet: "排口", row: 12 })).toBe("旧编号 KX-07，凯旋旧台账.xlsx「排口」 第 12 行");
    expect(show("legacyRef", { file: "一级排查.kml", row: 3 })).toBe("一级排查.kml 第 3 行");
  });

  it("booleans: 是/否 both ways, common spellings accepted", () => {
    for (const yes of ["是", true, "TRUE", "y", "√", "有"]) expect(parse("dryWeatherFlow", yes)).toBe(true);
    for (const no of ["否", false, "false", "N", "×", "无"]) expect(parse("dryWeatherFlow", no)).toBe(false);
    expect(parse("dryWeatherFlow", "也许")).toBe("也许");
    expect(show("dryWeatherFlow", true)).toBe("是");
    expect(show("dryWeatherFlow", false)).toBe("否");
  });

  it("enumerations by Chinese label both ways; keys, aliases and unambiguous short labels accepted", () => {
    expect(parse("outletType", "管道")).toBe("pipe");
    expect(parse("outletType", "pipe")).toBe("pipe");
    expect(parse("outletType", "水管")).toBe("水管");
    expect(parse("waterBody", "运河")).toBe("grand-canal");
    expect(parse("subdistrict", "凯旋街道")).toBe("kaixuan");
    expect(parse("subcategory", "城镇雨洪排口")).toBe("urban-stormwater");
    expect(parse("action", "保留")).toBe("keep");
    expect(parse("surveyLevel", "二级（徒步现场排查）")).toBe(2);
    expect(parse("surveyLevel", 3)).toBe(3);
    expect(parse("surveyLevel", "一级")).toBe(1);
    expect(show("outletType", "box-culvert")).toBe("箱涵");
    expect(show("surveyLevel", 2)).toBe("二级（徒步现场排查）");
    expect(show("outletType", "future-kind")).toBe("future-kind");
  });

  it("dates: Date cells in the sheet's zone, and the ways clerks type them", () => {
    const shanghaiMidnight = new Date(Date.UTC(2024, 4, 31) - 8 * 3600_000);
    expect(parse("surveyedAt", shanghaiMidnight)).toBe("2024-05-31");
    for (const typed of ["2024-5-31", "2024/05/31", "2024.5.31", "2024年5月31日"]) expect(parse("surveyedAt", typed)).toBe("2024-05-31");
    expect(parse("surveyedAt", "2024-13-45")).toBe("2024-13-45");
    expect(show("surveyedAt", "2024-05-31")).toBe("2024-05-31");
  });

  it("lists: 存在问题 as labels separated by 、, extra responsible parties as 名称|类型|… separated by ；", () => {
    expect(parse("problems", "晴天排水、设施老化破损,晴天排水")).toEqual(["dry-weather", "aging"]);
    expect(show("problems", ["dry-weather", "aging"])).toBe("晴天排水、设施老化破损");
    const parties = [
      { name: "杭州某某印染有限公司", kind: "enterprise", creditCode: "91330102MA27XXXX1X", permitNo: "91330102MA27XX001P", contact: "王五", phone: "13800000000" },
      { name: "某某学校", kind: "institution" },
    ];
    const text = show("responsibleParties[1+]", parties);
    expect(text).toBe("杭州某某印染有限公司|企业|91330102MA27XXXX1X|91330102MA27XX001P|王五|13800000000；某某学校|公共机构/事业单位");
    expect(parse("responsibleParties[1+]", text)).toEqual(parties);
    expect(parse("responsibleParties[1+]", "某某学校｜公共机构/事业单位\n某某小区|住宅小区||||0571-1")).toEqual([
      { name: "某某学校", kind: "institution" },
      { name: "某某小区", kind: "residential", phone: "0571-1" },
    ]);
  });
});

describe("record ↔ row", () => {
  it("round-trips every editable field: nested parts, the first party, further parties, lists", () => {
    // Prepare
    const record = fullRecord();
    // Act
    const cells = recordToCells(record, ctx);
    const read = readFields((key) => ({ value: cells[key] ?? "" }), ctx);
    // Assess
    const editable = Object.fromEntries(EDITABLE_FIELDS.map((f) => [f, record[f]]));
    expect(read.fields).toEqual(editable);
    expect(read.unavailable.size).toBe(0);
    expect(cells["responsibleParties[0].name"]).toBe("杭州某某物业管理有限公司");
    expect(cells["zones.drinkingWaterProtection"]).toBe("否");
    expect(cells["zones.natureReserve"]).toBe("");
    expect(cells.status).toBe("已溯源");
    expect(cells.department).toBe("区综合行政执法局");
    expect(cells.overdue).toBe("是");
    expect(cells.updatedAt).toBe("2024-03-12 14:05");
    expect(cells._id).toBe(record.id);
    expect(cells._version).toBe(3);
  });

  it("reads blank nested parts and lists as absent, and marks fields whose columns are missing", () => {
    // Prepare
    const cells = recordToCells(fullRecord({ zones: undefined, problems: [], responsibleParties: [] }), ctx);
    // Act
    const read = readFields((key) => (key === "material" ? undefined : { value: cells[key] ?? "" }), ctx);
    // Assess
    expect(read.fields.zones).toBeUndefined();
    expect(read.fields.problems).toBeUndefined();
    expect(read.fields.responsibleParties).toBeUndefined();
    expect([...read.unavailable]).toEqual(["material"]);
  });

  it("shows records without the derived overdue fields with those cells blank", () => {
    const cells = recordToCells(fullRecord({ overdue: undefined, effectiveDeadline: undefined }), ctx);
    expect([cells.overdue, cells.effectiveDeadline]).toEqual(["", ""]);
  });
});
