import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { loadReference } from "../../functions/reference/index.js";
import { vocabulary } from "../../functions/src/domain/enums.js";
import { checkLabelAliases, commaList, referenceKey, toKeys } from "../../functions/src/domain/labels.js";
import { TRANSITION, TRANSITION_PAYLOADS } from "../../functions/src/domain/lifecycle.js";
import { OutfallCreateInput, OutfallPatch } from "../../functions/src/domain/outfall.js";
import { PhotoUploadRequest } from "../../functions/src/domain/photo.js";
import { parseCreateInput } from "../../functions/src/domain/record.js";

const ref = loadReference();

describe("labels and aliases become keys before validation", () => {
  it("rewrites vocabulary labels, reference names, short names and aliases in a whole record", () => {
    // Prepare
    const input = {
      subdistrict: "凯旋",
      waterBody: "运河",
      subcategory: "雨水口",
      action: "封堵",
      surveyLevel: "二级",
      problems: ["晴天排水", "私设暗管"],
      datum: "GCJ-02（高德/腾讯）",
      status: "疑似",
      responsibleParties: [{ name: "某公司", kind: "企业" }],
      approval: { status: "无需审批" },
      community: "凯旋",
    };
    // Act
    const out = toKeys(OutfallCreateInput, input, ref);
    // Assess
    expect(out).toEqual({
      subdistrict: "kaixuan",
      waterBody: "grand-canal",
      subcategory: "urban-stormwater",
      action: "ban",
      surveyLevel: 2,
      problems: ["dry-weather", "illicit-pipe"],
      datum: "gcj02",
      status: "suspected",
      responsibleParties: [{ name: "某公司", kind: "enterprise" }],
      approval: { status: "not-required" },
      community: "凯旋", // free text stays as typed
    });
  });

  it("leaves keys, nulls, unknown values and unknown fields as they are, and never mutates its input", () => {
    // Prepare
    const input = { subdistrict: "kaixuan", action: null, outletType: "水管子", bogus: "凯旋", problems: ["aging"] };
    const copy = structuredClone(input);
    // Act
    const out = toKeys(OutfallPatch, input, ref);
    // Assess
    expect(out).toEqual(input);
    expect(input).toEqual(copy);
  });

  it("is not fooled by field names of Object.prototype", () => {
    // Prepare
    const input = JSON.parse('{"constructor":"x","toString":1,"__proto__":{"a":1},"hasOwnProperty":"凯旋"}');
    // Act
    const out = toKeys(OutfallPatch, input, ref);
    // Assess
    expect(JSON.stringify(out)).toBe(JSON.stringify(input));
  });

  it("ignores width, case and surrounding space: 保留(无需整治), ' 近景 ', PVC", () => {
    // Prepare / Act
    const out = toKeys(OutfallPatch, { action: " 保留(无需整治) ", material: "PVC" }, ref);
    const photo = toKeys(PhotoUploadRequest, { slot: " 近景 ", contentType: "image/jpeg", size: 10 }, ref);
    // Assess
    expect(out).toEqual({ action: "keep", material: "pvc" });
    expect(photo).toMatchObject({ slot: "near" });
  });

  it("reads a vocabulary by the schema, so a payload allowing only some keys takes their labels (and aliases)", () => {
    // Prepare / Act
    const action = toKeys(TRANSITION.schema, "溯源", ref);
    const payload = toKeys(TRANSITION_PAYLOADS.trace, { responsibilityBasis: "自认", subcategory: "工业企业排污口" }, ref);
    const level = toKeys(TRANSITION_PAYLOADS.confirm, { surveyLevel: "三级" }, ref);
    // Assess
    expect(action).toBe("trace");
    expect(payload).toEqual({ responsibilityBasis: "self-declared", subcategory: "industrial-enterprise" });
    expect(level).toEqual({ surveyLevel: 3 });
  });

  it("works for a vocabulary it has never heard of (generic: no list of fields or vocabularies)", () => {
    // Prepare
    const colour = vocabulary({ "red-ish": "偏红", "blue-ish": "偏蓝" });
    const schema = z.strictObject({ tint: z.optional(colour.schema), tints: z.array(colour.schema) });
    // Act
    const out = toKeys(schema, { tint: "偏蓝", tints: ["偏红", "blue-ish"] }, ref);
    // Assess
    expect(out).toEqual({ tint: "blue-ish", tints: ["red-ish", "blue-ish"] });
  });

  it("normalizes comma-list filters item by item, with full-width separators", () => {
    // Prepare
    const schema = z.strictObject({ status: z.optional(commaList(z.enum(["suspected", "confirmed", "remediating"]))), subdistrict: z.optional(z.string()) });
    // Act
    const out = toKeys(schema, { status: "整治中，疑似、confirmed", subdistrict: "湖滨街道" }, ref);
    const bad = schema.safeParse({ status: "整治中,差不多" });
    // Assess
    expect(out).toEqual({ status: "remediating,suspected,confirmed", subdistrict: "hubin" });
    expect(bad.success).toBe(false);
  });

  it("finds every subdistrict by its short name", () => {
    // Prepare / Act
    const misses = ref.subdistricts.filter((s) => referenceKey(ref, "subdistrict", s.name.replace(/街道$/, "")) !== s.key);
    // Assess
    expect(misses).toEqual([]);
  });

  it("an unknown value's message names the field in Chinese and lists the labels", () => {
    // Prepare / Act
    const parsed = parseCreateInput(toKeys(OutfallCreateInput, { subdistrict: "凯旋", longitude: 120.19, latitude: 30.27, waterBody: "运河", surveyLevel: 2, action: "拆了" }, ref));
    // Assess
    expect(parsed.ok).toBe(false);
    const v = !parsed.ok && parsed.violations.find((x) => x.field === "action");
    expect(v).toMatchObject({ rule: "R-ENUM" });
    expect(v && v.message).toMatch(/^「整治类型」.*依法取缔.*清理合并.*规范整治/);
  });
});

describe("alias data (functions/reference/aliases.json)", () => {
  it("the bundled aliases are loaded and consistent", () => {
    // Prepare / Act / Assess
    expect(ref.labelAliases?.["依法取缔"]).toContain("封堵");
    expect(checkLabelAliases(ref.labelAliases!, ref)).toEqual([]);
  });

  it("refuses an alias of nothing and an alias that would mean two things in one vocabulary", () => {
    // Prepare
    const aliases = { 不存在的标签: ["x"], 依法取缔: ["合并"], 清理合并: ["合并"] };
    // Act
    const problems = checkLabelAliases(aliases, ref);
    // Assess
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringContaining("「不存在的标签」 is neither a label nor a key"), expect.stringContaining("「合并」")]),
    );
  });
});
