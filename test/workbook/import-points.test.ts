// Level-1 survey points (一级排查) from GeoJSON (by the coordinator) and KML (by a clerk of 丁兰): suspected
// outfalls in the subdistrict they fall in, matches within 10 m reported instead, points outside the district
// refused, other subdistricts' points left to them; the clerk's pull then offers them to confirm or dismiss.
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runImport } from "../../workbook/src/import/run.js";
import { api, listAll, outfall, tokenFor } from "../addon/helpers.js";
import { removeTempWorkbooks, tempWorkbook } from "./helpers.js";

const CLERK = "clerk.dinglan@addon.test";
const COORDINATOR = "coordinator@addon.test";

const feature = (id: string, lng: number, lat: number, water = "上塘河") => ({
  type: "Feature",
  id,
  properties: { 名称: `解译点${id}`, 受纳水体: water },
  geometry: { type: "Point", coordinates: [lng, lat] },
});

const kml = (points: [string, number, number][]) => `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
${points.map(([name, lng, lat]) => `<Placemark><name>${name}</name><ExtendedData><Data name="受纳水体"><value>上塘河</value></Data></ExtendedData><Point><coordinates>${lng},${lat},0</coordinates></Point></Placemark>`).join("\n")}
</Document></kml>`;

describe("level-1 survey points", () => {
  let existing: any;

  afterAll(removeTempWorkbooks);
  beforeAll(async () => {
    const made = await api("POST", "/v1/outfalls/batch?full=1", CLERK, { rows: [{ values: outfall("dinglan", 0, { longitude: 120.225, latitude: 30.345, waterBody: "shangtang-river" }) }] });
    existing = made.body.results[0].record;
  });

  it("GeoJSON by the coordinator: a match, two suspected points routed by subdistrict, one outside the district", async () => {
    // Prepare
    const file = tempWorkbook("一级排查.geojson");
    writeFileSync(file, JSON.stringify({ type: "FeatureCollection", features: [
      feature("G1", 120.22505, 30.34503),
      feature("G2", 120.2262, 30.3462),
      feature("G3", 121.0, 30.5),
      feature("G4", 120.2402, 30.2951),
    ] }));
    // Act
    const result = await runImport({ file, api: inject("addonApiUrl"), token: await tokenFor(COORDINATOR), commit: true });
    // Assess
    expect(result.rows.map((r) => [r.prepared.row, r.outcome, r.subdistrict ?? ""])).toEqual([
      [1, "可能重复", "丁兰街道"],
      [2, "新增", "丁兰街道"],
      [3, "有误", ""],
      [4, "新增", "彭埠街道"],
    ]);
    expect(result.rows[0]!.note).toMatch(new RegExp(`^与已有排污口 ${existing.tempId} 相距 \\d\\.\\d 米`));
    expect(result.rows[2]!.problems[0]).toMatchObject({ rule: "R-BOUNDS" });
    expect(result.rows[1]!.prepared.defaulted).toContainEqual({ field: "subdistrict", value: "丁兰街道（按最近的街道中心分配，请核对）" });
    const created = (await listAll("dinglan")).find((r) => r.tempId === result.rows[1]!.target)!;
    expect(created).toMatchObject({ status: "suspected", surveyLevel: 1, surveyMethod: "remote-sensing", waterBody: "shangtang-river", legacyRef: { code: "G2", file: "一级排查.geojson", row: 2 } });
  });

  it("KML by the clerk: own new point created, a match and another subdistrict's point reported; offered to confirm or dismiss", async () => {
    // Prepare
    const file = tempWorkbook("航测解译.kml");
    writeFileSync(file, kml([["K1", 120.22503, 30.34502], ["K2", 120.2235, 30.3438], ["K3", 120.2401, 30.2952], ["K4", 119.0, 29.0]]));
    // Act
    const result = await runImport({ file, api: inject("addonApiUrl"), token: await tokenFor(CLERK), commit: true, method: "aerial" });
    // Assess
    expect(result.rows.map((r) => [r.prepared.row, r.outcome, r.subdistrict ?? ""])).toEqual([
      [1, "可能重复", "丁兰街道"],
      [2, "新增", "丁兰街道"],
      [3, "跳过", "彭埠街道"],
      [4, "有误", ""],
    ]);
    expect(result.rows[2]!.note).toBe("属于彭埠街道：由该街道经办人或区治水办导入");
    const mine = (await listAll("dinglan")).filter((r) => r.status === "suspected");
    expect(mine.map((r) => r.legacyRef.file).sort()).toEqual(["一级排查.geojson", "航测解译.kml"]);
    const created = mine.find((r) => r.tempId === result.rows[1]!.target)!;
    const card = await api("GET", `/v1/outfalls/${created.id}`, CLERK);
    expect(card.body).toMatchObject({ status: "suspected", surveyMethod: "aerial" });
    expect(card.body.allowedActions).toContain("confirm");
    // Dismissing needs the finding's photos first: offered, with what it lacks.
    expect(card.body.blockers.map((b: { action: string }) => b.action)).toContain("dismiss");
  });
});

describe("a coordinator's CSV ledger import", () => {
  afterAll(removeTempWorkbooks);

  it("routes rows by their subdistrict, placing a row without one by its coordinates (flagged)", async () => {
    // Prepare
    const file = tempWorkbook("全区旧台账.csv");
    writeFileSync(
      file,
      "排污口名称,经度,纬度,所在街道,受纳水体,排口类型\n闸弄口1号,120.1951,30.2921,闸弄口,上塘河,雨水排口\n闸弄口2号,120.1955,30.2925,闸弄口街道,上塘河,雨水排口\n无街道3号,120.1960,30.2930,,上塘河,雨水排口\n",
    );
    // Act
    const result = await runImport({ file, api: inject("addonApiUrl"), token: await tokenFor(COORDINATOR), commit: true });
    // Assess
    expect(result.rows.map((r) => [r.prepared.row, r.outcome, r.subdistrict])).toEqual([
      [2, "新增", "闸弄口街道"],
      [3, "新增", "闸弄口街道"],
      [4, "新增", "闸弄口街道"],
    ]);
    expect(result.rows[2]!.prepared.defaulted).toContainEqual({ field: "subdistrict", value: "闸弄口街道（按最近的街道中心，请核对）" });
    const records = await listAll("zhanongkou");
    expect(records.map((r) => r.legacyRef.row).sort()).toEqual([2, 3, 4]);
    expect(records.every((r) => r.legacyRef.file === "全区旧台账.csv" && r.legacyRef.sheet === undefined)).toBe(true);
  });
});
