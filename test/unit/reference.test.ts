import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkAsValidated, checkBundledReference, clearReferenceCache, loadCampaign, loadMonitoringLimits, loadReference } from "../../functions/reference/index.js";
import {
  CATEGORY_KEYS,
  CATEGORY_LABELS,
  REFERENCE_FILE_NAMES,
  ReferenceDataError,
  type ReferenceFiles,
} from "../../functions/src/domain/reference.js";
import { validateReference } from "../../functions/src/domain/reference-validation.js";

const BUNDLED_DIR = fileURLToPath(new URL("../../functions/reference/", import.meta.url));

/** A fresh, mutable copy of the bundled JSON files. */
function rawFiles(): Record<keyof ReferenceFiles, any> {
  const out: Record<string, unknown> = {};
  for (const [k, name] of Object.entries(REFERENCE_FILE_NAMES)) {
    out[k] = JSON.parse(readFileSync(join(BUNDLED_DIR, name), "utf8"));
  }
  return out as Record<keyof ReferenceFiles, any>;
}

/** The ReferenceDataError thrown by `fn` (fails the test if none). */
function errorOf(fn: () => unknown): ReferenceDataError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ReferenceDataError);
    return err as ReferenceDataError;
  }
  throw new Error("expected a ReferenceDataError");
}

describe("bundled reference data", () => {
  beforeEach(() => clearReferenceCache());

  it("loads and validates", () => {
    // Prepare
    delete process.env.REFERENCE_DIR;

    // Act
    const ref = loadReference();

    // Assess
    expect(ref.district.code).toBe("330102");
    expect(ref.district.tempIdPrefix).toBe("SC");
    expect(ref.district.venueRadiusM).toBe(1000);
    expect(ref.venues.length).toBeGreaterThanOrEqual(3);
    expect(loadReference()).toBe(ref); // memoized
  });

  it("has the 14 subdistricts with unique short codes, KX for 凯旋街道", () => {
    // Prepare
    const ref = loadReference();

    // Act
    const names = ref.subdistricts.map((s) => s.name);
    const codes = new Set(ref.subdistricts.map((s) => s.shortCode));

    // Assess
    expect(names).toEqual([
      "湖滨街道", "清波街道", "小营街道", "望江街道", "南星街道", "紫阳街道", "凯旋街道",
      "采荷街道", "闸弄口街道", "四季青街道", "笕桥街道", "彭埠街道", "九堡街道", "丁兰街道",
    ]);
    expect(codes.size).toBe(14);
    expect(ref.subdistrictByKey.get("kaixuan")?.shortCode).toBe("KX");
    expect(ref.subdistrictByName.get("凯旋街道")?.key).toBe("kaixuan");
    expect(ref.subdistrictByName.get("凯旋")?.key).toBe("kaixuan");
    for (const s of ref.subdistricts) expect(s.communities.length).toBeGreaterThanOrEqual(4);
  });

  it("maps every subcategory to an existing department and a real category", () => {
    // Prepare
    const ref = loadReference();

    // Act
    const orphans = ref.subcategories.filter((s) => !ref.departmentByKey.has(s.department));

    // Assess
    expect(orphans).toEqual([]);
    expect(ref.subcategories).toHaveLength(19);
    for (const s of ref.subcategories) expect(CATEGORY_KEYS).toContain(s.category);
    expect(ref.subcategoryByName.get("工业企业排污口")).toMatchObject({ category: "industrial", department: "eco" });
    expect(ref.subcategoryByName.get("城镇污水处理厂排污口")?.category).toBe("wwtp");
    expect(ref.subcategoryByName.get("规模化畜禽养殖排污口")?.category).toBe("agricultural");
    for (const name of ["城镇生活污水散排口", "城镇雨洪排口", "沟渠河港排口"]) {
      expect(ref.subcategoryByName.get(name)?.department).toBe("enforcement");
    }
  });

  it("assigns departments as the plan does (五(二)): 区住建局 new network and river outlets, eco co-ordinates industrial ones", () => {
    // Prepare
    const ref = loadReference();
    // Act
    const construction = ref.subcategories.filter((s) => s.department === "construction").map((s) => s.name);
    // Assess
    expect(construction).toEqual(expect.arrayContaining(["新建改建管网排口", "河道新增入河排水口"]));
    expect(ref.departmentByKey.get("eco")!.coordinatesAcross).toEqual(["industrial"]);
    expect(ref.departments.filter((d) => d.coordinatesAcross?.length).map((d) => d.key)).toEqual(["eco"]);
  });

  it("marks only 城镇雨洪排口 as stormwater", () => {
    // Prepare
    const ref = loadReference();

    // Act
    const stormwater = ref.subcategories.filter((s) => s.stormwater).map((s) => s.name);

    // Assess
    expect(stormwater).toEqual(["城镇雨洪排口"]);
    expect(ref.subcategoryByKey.get("urban-stormwater")?.name).toBe("城镇雨洪排口");
  });

  it("finds water bodies by name and alias, with 钱塘江 as a main stem", () => {
    // Prepare
    const ref = loadReference();

    // Act
    const qiantang = ref.waterBodyByName.get("钱塘江");
    const canal = ref.waterBodyByName.get("运河");

    // Assess
    expect(qiantang).toMatchObject({ kind: "river", mainStemOrTributary: true });
    expect(canal?.name).toBe("京杭运河");
    expect(ref.waterBodyByName.get("贴沙河")?.drinkingWaterSource).toBe(true);
  });

  it("labels every category in Chinese", () => {
    // Prepare / Act
    const labels = CATEGORY_KEYS.map((k) => CATEGORY_LABELS[k]);

    // Assess
    expect(labels).toEqual(["工业排污口", "城镇污水处理厂排污口", "农业排口", "其他排口", "暂无法确定"]);
  });

  it("is written as validation returns it, so a Lambda bundle indexes it without validating, to the same index", () => {
    // Prepare
    delete process.env.REFERENCE_DIR;
    const validated = { reference: loadReference(), campaign: loadCampaign(), limits: loadMonitoringLimits() };
    clearReferenceCache();
    process.env.LEDGER_BUNDLE_REFERENCE = "checked"; // what bundleDefines sets in a bundle
    // Act
    const indexed = { reference: loadReference(), campaign: loadCampaign(), limits: loadMonitoringLimits() };
    delete process.env.LEDGER_BUNDLE_REFERENCE;
    clearReferenceCache();
    // Assess
    expect(() => checkBundledReference()).not.toThrow();
    expect(indexed.reference).not.toBe(validated.reference);
    expect(indexed).toEqual(validated);
  });

  it("refuses bundled aliases or a campaign that validation refuses, naming the file", () => {
    // Prepare
    const read = (name: string) => JSON.parse(readFileSync(join(BUNDLED_DIR, name), "utf8"));
    const extras = () => ({ aliases: read("aliases.json"), campaign: read("campaign.json"), monitoringLimits: read("monitoring-limits.json") });
    const badCampaign = extras();
    badCampaign.campaign.rules[0].when = { any: [{ subcategory: ["no-such-subcategory"] }] };
    const badAliases = extras();
    Object.assign(badAliases.aliases, { 没有这个标签: ["随便"] });
    // Act
    const campaign = () => checkAsValidated(rawFiles(), badCampaign);
    const aliases = () => checkAsValidated(rawFiles(), badAliases);
    // Assess
    expect(campaign).toThrow(/campaign\.json.*unknown subcategory "no-such-subcategory"/);
    expect(aliases).toThrow(ReferenceDataError);
    expect(aliases).toThrow(/aliases\.json/);
    expect(() => checkAsValidated(rawFiles(), extras())).not.toThrow();
  });

  it("refuses files that validation would change (an open ring, text to trim), naming the files", () => {
    // Prepare
    const files = rawFiles();
    files.district.bounds.polygon.pop(); // drop the closing vertex
    files.subdistricts[0].name = ` ${files.subdistricts[0].name} `;
    // Act
    const attempt = () => checkAsValidated(files);
    // Assess
    expect(attempt).toThrow(ReferenceDataError);
    expect(attempt).toThrow(/district\.json.*validation changes this file's data[^]*subdistricts\.json/);
    expect(() => checkAsValidated(rawFiles())).not.toThrow();
  });

  it("closes polygons automatically", () => {
    // Prepare
    const files = rawFiles();
    files.district.bounds.polygon.pop(); // drop the closing vertex

    // Act
    const ref = validateReference(files);

    // Assess
    const ring = ref.district.bounds.polygon;
    expect(ring[0]).toEqual(ring[ring.length - 1]);
  });
});

describe("validateReference errors", () => {
  it("rejects a duplicated shortCode, naming both entries", () => {
    // Prepare
    const files = rawFiles();
    files.subdistricts[4].shortCode = files.subdistricts[3].shortCode; // 南星 takes 望江's WJ

    // Act
    const err = errorOf(() => validateReference(files));

    // Assess
    expect(err.message).toContain('subdistricts.json: subdistricts[4] "南星街道": shortCode "WJ" is used twice');
    expect(err.message).toContain('subdistricts[3] "望江街道"');
  });

  it("rejects a short code that is not 2–3 uppercase letters", () => {
    // Prepare
    const files = rawFiles();
    files.subdistricts[0].shortCode = "hb";

    // Act
    const err = errorOf(() => validateReference(files));

    // Assess
    expect(err.message).toMatch(/subdistricts\.json: subdistricts\[0\] "湖滨街道": shortCode: .*2–3 uppercase/);
  });

  it("rejects a subcategory whose department does not exist", () => {
    // Prepare
    const files = rawFiles();
    const i = files.subcategories.findIndex((s: { name: string }) => s.name === "城镇雨洪排口");
    files.subcategories[i].department = "water";

    // Act
    const err = errorOf(() => validateReference(files));

    // Assess
    expect(err.message).toContain(`subcategories.json: subcategories[${i}] "城镇雨洪排口": department "water" is not in departments.json`);
  });

  it("rejects an unknown parent subcategory", () => {
    // Prepare
    const files = rawFiles();
    files.subcategories[0].parent = "industrial-mining";

    // Act
    const err = errorOf(() => validateReference(files));

    // Assess
    expect(err.message).toContain('subcategories[0] "工业企业排污口": parent "industrial-mining" is not a subcategory key');
  });

  it("rejects a loop of parent subcategories", () => {
    // Prepare
    const files = rawFiles();
    files.subcategories[0].parent = files.subcategories[1].key;
    files.subcategories[1].parent = files.subcategories[0].key;

    // Act
    const err = errorOf(() => validateReference(files));

    // Assess
    expect(err.message).toContain('subcategories[0] "工业企业排污口": parent chain loops back to "industrial-enterprise"');
    expect(err.message).toContain('subcategories[1] "工业企业雨洪排口": parent chain loops back');
  });

  it("reports problems of several files at once, grouped by file", () => {
    // Prepare
    const files = rawFiles();
    files.venues[0].lng = "120.2";
    files.district.venueRadiusM = 0;
    files.departments[0].supervises = "";

    // Act
    const err = errorOf(() => validateReference(files));

    // Assess
    expect(err.issues.map((i) => i.file)).toEqual(["district.json", "departments.json", "venues.json"]);
    expect(err.message).not.toContain("is not in departments.json"); // no cascade from the bad department entry
  });

  it("rejects a subdistrict centre outside the district bounds", () => {
    // Prepare
    const files = rawFiles();
    files.subdistricts[13].centre = { lng: 120.1, lat: 30.5 }; // 丁兰 moved north of the district

    // Act
    const err = errorOf(() => validateReference(files));

    // Assess
    expect(err.message).toContain('subdistricts.json: subdistricts[13] "丁兰街道": centre (120.1, 30.5) is outside the district bounds');
  });

  it("rejects a venue outside the district bounds", () => {
    // Prepare
    const files = rawFiles();
    files.venues[0].lng = 120.23; // 杭州奥体中心, across the river in 滨江/萧山
    files.venues[0].lat = 30.23;

    // Act
    const err = errorOf(() => validateReference(files));

    // Assess
    expect(err.message).toMatch(/venues\.json: venues\[0\] ".+": \(120\.23, 30\.23\) is outside the district bounds/);
  });

  it("rejects coordinates outside China", () => {
    // Prepare
    const files = rawFiles();
    files.venues[1].lat = 120.16; // lng and lat swapped

    // Act
    const err = errorOf(() => validateReference(files));

    // Assess
    expect(err.message).toMatch(/venues\.json: venues\[1\] ".+": lat: latitude must be within China/);
  });

  it("rejects an unknown field (a typo)", () => {
    // Prepare
    const files = rawFiles();
    const { asianGamesCore, ...rest } = files.waterBodies[0];
    files.waterBodies[0] = { ...rest, asianGameCore: asianGamesCore };

    // Act
    const err = errorOf(() => validateReference(files));

    // Assess
    expect(err.message).toContain('water-bodies.json: waterBodies[0] "钱塘江": unknown field "asianGameCore"');
    expect(err.message).toContain('water-bodies.json: waterBodies[0] "钱塘江": asianGamesCore: is required');
  });

  it("rejects a reach (segmentOf) of a water body that does not exist, or of itself", () => {
    // Prepare
    const files = rawFiles();
    const reach = files.waterBodies.findIndex((w: { segmentOf?: string }) => w.segmentOf);
    files.waterBodies[reach].segmentOf = "no-such-river";
    files.waterBodies[0].segmentOf = files.waterBodies[0].key;

    // Act
    const err = errorOf(() => validateReference(files));

    // Assess
    expect(err.message).toContain(`waterBodies[${reach}] "钱塘江亚运核心水域段": segmentOf "no-such-river" is not a water body key`);
    expect(err.message).toContain('waterBodies[0] "钱塘江": segmentOf must not be the water body itself');
  });

  it("rejects an unknown field in the district file", () => {
    // Prepare
    const files = rawFiles();
    files.district.tempIDPrefix = "SC";

    // Act
    const err = errorOf(() => validateReference(files));

    // Assess
    expect(err.message).toContain('district.json: unknown field "tempIDPrefix"');
  });

  it("rejects a malformed district code, temp id prefix and a too-small polygon", () => {
    // Prepare
    const files = rawFiles();
    files.district.code = "33010";
    files.district.tempIdPrefix = "SHANG";
    files.district.bounds.polygon = [[120.1, 30.2], [120.2, 30.3], [120.1, 30.2]];

    // Act
    const err = errorOf(() => validateReference(files));

    // Assess
    expect(err.message).toContain("district.json: code: must be the 6-digit administrative division code");
    expect(err.message).toContain("district.json: tempIdPrefix: must be 1–4 uppercase letters");
    expect(err.message).toContain("district.json: bounds.polygon: a polygon needs at least 3 distinct vertices");
  });

  it("rejects duplicate keys and names", () => {
    // Prepare
    const files = rawFiles();
    files.departments.push({ ...files.departments[0] });

    // Act
    const err = errorOf(() => validateReference(files));

    // Assess
    expect(err.message).toContain('departments.json: departments[3] "市生态环境局上城分局": key "eco" is used twice');
    expect(err.message).toContain('departments.json: departments[3] "市生态环境局上城分局": name "市生态环境局上城分局" is used twice');
  });

  it("rejects a list file that is not an array", () => {
    // Prepare
    const files = rawFiles();
    files.protectedAreas = { protectedAreas: [] };

    // Act
    const err = errorOf(() => validateReference(files));

    // Assess
    expect(err.message).toContain("protected-areas.json: must be a JSON array");
  });
});

describe("loadReference from a folder", () => {
  let dir: string;

  beforeEach(() => {
    clearReferenceCache();
    dir = mkdtempSync(join(tmpdir(), "reference-"));
    for (const name of Object.values(REFERENCE_FILE_NAMES)) copyFileSync(join(BUNDLED_DIR, name), join(dir, name));
  });

  afterEach(() => {
    delete process.env.REFERENCE_DIR;
    rmSync(dir, { recursive: true, force: true });
  });

  it("loads a copy of the bundled files", () => {
    // Prepare
    const district = JSON.parse(readFileSync(join(dir, "district.json"), "utf8"));
    writeFileSync(join(dir, "district.json"), JSON.stringify({ ...district, tempIdPrefix: "XX" }));

    // Act
    const ref = loadReference(dir);

    // Assess
    expect(ref.district.tempIdPrefix).toBe("XX");
    expect(ref.subdistricts).toHaveLength(14);
    expect(loadReference(dir)).toBe(ref);
  });

  it("uses REFERENCE_DIR when no folder is given", () => {
    // Prepare
    writeFileSync(join(dir, "protected-areas.json"), "\uFEFF[]");
    process.env.REFERENCE_DIR = dir;

    // Act
    const ref = loadReference();

    // Assess
    expect(ref).not.toBe(loadReference(BUNDLED_DIR));
    expect(ref.protectedAreas).toEqual([]);
  });

  it("names the file that is missing or not JSON", () => {
    // Prepare
    rmSync(join(dir, "venues.json"));
    writeFileSync(join(dir, "water-bodies.json"), "[ {");

    // Act
    const err = errorOf(() => loadReference(dir));

    // Assess
    expect(err.message).toContain(`${join(dir, "venues.json")}: cannot read: ENOENT`);
    expect(err.message).toContain(`${join(dir, "water-bodies.json")}: not valid JSON`);
  });

  it("names the full path of a file with a bad entry", () => {
    // Prepare
    const subcategories = JSON.parse(readFileSync(join(dir, "subcategories.json"), "utf8"));
    subcategories[2].department = "nobody";
    writeFileSync(join(dir, "subcategories.json"), JSON.stringify(subcategories));

    // Act
    const err = errorOf(() => loadReference(dir));

    // Assess
    expect(err.message).toContain(`${join(dir, "subcategories.json")}: subcategories[2] "园区污水处理厂排污口": department "nobody"`);
  });
});
