import { imageSize } from "image-size";
import { describe, expect, it } from "vitest";
import { loadCampaign, loadReference } from "../../functions/reference/index.js";
import { svgToPng } from "../../functions/src/adapters/resvg/svg-to-png.js";
import { MAP_CID, mailMap } from "../../functions/src/app/digest-map.js";
import { renderDigestEmail, renderDigestPage } from "../../functions/src/app/digest-render.js";
import { subdistrictView } from "../../functions/src/domain/digest-view.js";
import { OVERDUE_RING, STATE_COLOURS, districtMapSvg, mapLegend } from "../../functions/src/domain/district-map.js";
import { isPointInPolygon } from "../../functions/src/domain/geo.js";
import { type MapPoint, projection, subdistrictAreas } from "../../functions/src/domain/map-geometry.js";
import type { Outfall } from "../../functions/src/domain/outfall.js";
import { computeProgress, progressInput } from "../../functions/src/domain/progress.js";
import { ReferenceDataError, type ReferenceFiles } from "../../functions/src/domain/reference.js";
import { validateReference } from "../../functions/src/domain/reference-validation.js";
import { captureLogs, resetLogger } from "../../functions/src/observability/log.js";
import { outfall } from "./outfall-fixture.js";

const ref = loadReference();
const campaign = loadCampaign();
// 2026-12-01 China time: every deadline of the campaign (last 2025-12-31) has passed, so open outfalls are late.
const AFTER = new Date("2026-12-01T04:00:00Z");
const o = (id: string, extra: Partial<Outfall>) => outfall({ id, tempId: `SC-XX-${id}`, updatedAt: "2026-11-25T00:00:00.000Z", ...extra });

// 凯旋: one closed, one traced (late), one suspected (late); 湖滨: one retained, one remediating (late);
// 丁兰: one dismissed (not on the map) and one without coordinates (a summary kept before they were).
const records = [
  o("A", { status: "closed", longitude: 120.195, latitude: 30.275 }),
  o("B", { status: "traced", longitude: 120.197, latitude: 30.277 }),
  o("C", { status: "suspected", longitude: 120.193, latitude: 30.273 }),
  o("D", { subdistrict: "hubin", status: "retained", longitude: 120.165, latitude: 30.258 }),
  o("E", { subdistrict: "hubin", status: "remediating", longitude: 120.166, latitude: 30.259 }),
  o("F", { subdistrict: "dinglan", status: "dismissed", longitude: 120.225, latitude: 30.345 }),
].map(progressInput);
const noCoordinates = { ...progressInput(o("G", { subdistrict: "dinglan", status: "confirmed" })), longitude: undefined, latitude: undefined };
const progress = computeProgress([...records, noCoordinates], ref, campaign, AFTER);

const count = (svg: string, pattern: RegExp) => svg.match(pattern)?.length ?? 0;

describe("map points", () => {
  it("has one point per outfall on the inventory with coordinates, late as the digest counts it", () => {
    // Act
    const points = progress.map!;
    // Assess
    expect(points).toHaveLength(5);
    expect(points.filter((p) => p.overdue)).toHaveLength(3);
    expect(progress.district.overdue).toBe(4); // G is late too but cannot be placed
    expect(points.map((p) => p.subdistrict)).toEqual(["hubin", "hubin", "kaixuan", "kaixuan", "kaixuan"]);
  });
});

describe("districtMapSvg", () => {
  it("draws one dot per outfall, coloured by state, late ones ringed in red, counts in the legend", () => {
    // Act
    const svg = districtMapSvg({ ref, points: progress.map! });
    // Assess
    expect(count(svg, /<circle class="outfall"/g)).toBe(5);
    expect(svg).toContain(`data-state="closed" data-subdistrict="kaixuan" cx="`);
    for (const state of ["closed", "traced", "suspected", "retained", "remediating"] as const) {
      expect(svg).toMatch(new RegExp(`class="outfall" data-state="${state}"[^>]*fill="${STATE_COLOURS[state]}"`));
    }
    expect(count(svg, /<circle class="overdue-ring"[^>]*stroke="#d32f2f"/g)).toBe(3);
    expect(OVERDUE_RING).toBe("#d32f2f");
    expect(svg).toContain(">已销号 1</text>");
    expect(svg).toContain(">逾期（红圈） 3</text>");
    expect(count(svg, /<path class="area"/g)).toBe(14);
    expect(count(svg, /<path class="river"/g)).toBe(ref.waterBodies.filter((w) => w.geometry).length);
    expect(count(svg, /<path class="boundary"/g)).toBe(1);
    expect(svg).toContain(">凯旋</text>");
    expect(svg).toContain(">钱塘江</text>");
  });

  it("places every point inside the district within the viewBox", () => {
    // Prepare: a point at every vertex of the boundary and at every subdistrict centre
    const points: MapPoint[] = [
      ...ref.district.bounds.polygon.map(([lng, lat]) => ({ subdistrict: "kaixuan", lng, lat, status: "traced" as const })),
      ...ref.subdistricts.map((s) => ({ subdistrict: s.key, lng: s.centre.lng, lat: s.centre.lat, status: "closed" as const })),
    ];
    // Act
    const svg = districtMapSvg({ ref, points, width: 500 });
    // Assess
    const [, , w, h] = /viewBox="([\d. ]+)"/.exec(svg)![1]!.split(" ").map(Number);
    const xy = [...svg.matchAll(/class="outfall"[^>]*cx="([\d.-]+)" cy="([\d.-]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(w).toBe(500);
    expect(xy).toHaveLength(points.length);
    for (const [x, y] of xy) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(w!);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(h!);
    }
  });

  it("escapes every text taken from the data", () => {
    // Prepare
    const evil = '<script>alert("x")</script>&';
    const hostile = {
      ...ref,
      district: { ...ref.district, name: evil },
      subdistricts: ref.subdistricts.map((s, i) => (i === 0 ? { ...s, key: 'a"b', name: evil } : s)),
      waterBodies: ref.waterBodies.map((w, i) => (i === 0 ? { ...w, name: evil } : w)),
    };
    // Act
    const svg = districtMapSvg({ ref: hostile, points: [{ subdistrict: '"><x', lng: 120.2, lat: 30.27, status: "traced" }] });
    // Assess
    expect(svg).not.toContain("<script>");
    expect(svg).not.toContain('"><x');
    expect(svg).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;");
    expect(svg).toContain('data-subdistrict="a&quot;b"');
  });

  it("is deterministic whatever order the points come in", () => {
    // Act
    const a = districtMapSvg({ ref, points: progress.map! });
    const b = districtMapSvg({ ref, points: computeProgress([...records].reverse(), ref, campaign, AFTER).map! });
    // Assess
    expect(b).toBe(a);
  });

  it("a clerk's view has only their subdistrict's dots and their area highlighted", () => {
    // Prepare
    const view = subdistrictView(progress, "kaixuan")!;
    // Act
    const page = renderDigestPage(view, ref);
    // Assess
    expect(view.map).toHaveLength(3);
    expect(count(page, /<circle class="outfall"/g)).toBe(3);
    expect(count(page, /<circle class="outfall"[^>]*data-subdistrict="hubin"/g)).toBe(0);
    expect(page).toMatch(/<path class="area" data-subdistrict="kaixuan"[^>]*stroke="#f57f17"/);
    expect(page).toContain("排污口分布图（仅本街道排污口：凯旋街道）");
  });

  it("degrades without geometry: no rivers, areas from the centres, no legend text when asked", () => {
    // Prepare
    const bare = { ...ref, waterBodies: ref.waterBodies.map(({ geometry: _g, ...w }) => w) };
    // Act
    const svg = districtMapSvg({ ref: bare, points: progress.map!, text: false });
    // Assess
    expect(count(svg, /<path class="river"/g)).toBe(0);
    expect(count(svg, /<path class="area"/g)).toBe(14);
    expect(svg).not.toContain("<text");
    expect(count(svg, /<circle class="outfall"/g)).toBe(5);
  });

  it("counts per state in the legend, only states present, then the late ones", () => {
    // Act
    const legend = mapLegend(progress.map!);
    // Assess
    expect(legend.map((e) => [e.label, e.count])).toEqual([
      ["疑似", 1],
      ["已溯源", 1],
      ["整治中", 1],
      ["已销号", 1],
      ["保留", 1],
      ["逾期（红圈）", 3],
    ]);
  });
});

describe("geometry", () => {
  it("derives one cell per subdistrict that holds its centre; together they tile the district", () => {
    // Prepare
    const shoelace = (ring: [number, number][]) => Math.abs(ring.slice(1).reduce((a, [x, y], i) => a + ring[i]![0] * y - x * ring[i]![1], 0)) / 2;
    // Act
    const areas = subdistrictAreas(ref);
    // Assess
    expect([...areas.keys()]).toEqual(ref.subdistricts.map((s) => s.key));
    for (const s of ref.subdistricts) expect(isPointInPolygon(s.centre, areas.get(s.key)!), s.name).toBe(true);
    const total = [...areas.values()].reduce((a, ring) => a + shoelace(ring), 0);
    expect(total / shoelace(ref.district.bounds.polygon)).toBeCloseTo(1, 9);
  });

  it("uses a subdistrict's own area where the district supplied one", () => {
    // Prepare
    const square: [number, number][] = [[120.19, 30.27], [120.2, 30.27], [120.2, 30.28], [120.19, 30.28], [120.19, 30.27]];
    const withArea = { ...ref, subdistricts: ref.subdistricts.map((s) => (s.key === "kaixuan" ? { ...s, area: { polygon: square } } : s)) };
    // Act
    const areas = subdistrictAreas(withArea);
    // Assess
    expect(areas.get("kaixuan")).toEqual(square);
  });

  it("projects north up and keeps the district's proportions", () => {
    // Act
    const p = projection(ref.district.bounds.polygon, 700, 10);
    const [xw, yn] = p.project(120.148, 30.372);
    const [xe, ys] = p.project(120.332, 30.204);
    // Assess
    expect([xw, yn]).toEqual([10, 10]);
    expect(xe).toBe(690);
    expect(ys).toBeCloseTo(p.height - 10, 0);
    // Longitude shortened by cos(latitude): the drawing's aspect is the ground's.
    expect((p.height - 20) / 680).toBeCloseTo(0.168 / (0.184 * Math.cos((30.288 * Math.PI) / 180)), 2);
  });
});

describe("the e-mail's map", () => {
  it("is a PNG twice the shown size, with the legend beside it as HTML and the image named by its Content-ID", async () => {
    // Act
    const map = (await mailMap(progress, ref, svgToPng))!;
    const mail = renderDigestEmail(progress, ref, undefined, { map });
    // Assess
    const size = imageSize(map.png);
    expect(size.type).toBe("png");
    expect([size.width, size.height]).toEqual([map.width * 2, map.height * 2]);
    expect(map.cid).toBe(MAP_CID);
    expect(mail.html).toContain(`<img src="cid:${MAP_CID}" width="${map.width}" height="${map.height}"`);
    expect(mail.html).toContain("逾期（红圈） 3");
    expect(mail.text).toContain("排污口分布图：疑似 1，已溯源 1，整治中 1，已销号 1，保留 1，逾期（红圈） 3");
  });

  it("goes without the map when the renderer fails, and says so in the log", async () => {
    // Prepare
    const logs = captureLogs("WARN");
    // Act
    const map = await mailMap(progress, ref, async () => {
      throw new Error("no wasm");
    });
    resetLogger();
    // Assess
    expect(map).toBeUndefined();
    expect(logs.map((l) => l.record.message)).toEqual(["digest map not rendered; the mail goes without it"]);
    expect(renderDigestEmail(progress, ref).html).not.toContain("cid:");
  });
});

describe("map geometry in the reference data", () => {
  const files = (): Record<keyof ReferenceFiles, any> => ({
    district: structuredClone(ref.district),
    subdistricts: ref.subdistricts.map((x) => structuredClone(x)),
    departments: ref.departments,
    subcategories: ref.subcategories,
    waterBodies: ref.waterBodies.map((x) => structuredClone(x)),
    venues: ref.venues,
    protectedAreas: ref.protectedAreas,
  });
  const problems = (f: Record<keyof ReferenceFiles, any>) => {
    try {
      validateReference(f);
    } catch (error) {
      expect(error).toBeInstanceOf(ReferenceDataError);
      return (error as ReferenceDataError).message;
    }
    return "";
  };

  it("every water body of the bundled data has an approximate course, flagged for confirmation", () => {
    // Assess
    for (const w of ref.waterBodies) {
      expect(w.geometry?.lines.length, w.name).toBeGreaterThan(0);
      expect(w.geometry?.needsConfirmation, w.name).toBe(true);
      expect(w.geometry?.note, w.name).toMatch(/official geometry/);
    }
  });

  it("rejects a river drawn far from the district and an area that does not hold its centre", () => {
    // Prepare
    const f = files();
    f.waterBodies[2].geometry.lines[0][1] = [121.47, 31.23]; // Shanghai
    f.subdistricts[6].area = { polygon: [[120.15, 30.21], [120.16, 30.21], [120.16, 30.22]] };
    // Act
    const message = problems(f);
    // Assess
    expect(message).toContain('water-bodies.json: waterBodies[2] "京杭运河": geometry.lines[0][1] (121.47, 31.23) is far outside the district bounds in district.json');
    expect(message).toContain('subdistricts.json: subdistricts[6] "凯旋街道": centre (120.195, 30.275) is outside its own area.polygon');
  });

  it("rejects a course of one vertex and a width that is not positive; accepts data without any geometry", () => {
    // Prepare
    const bad = files();
    bad.waterBodies[0].geometry = { lines: [[[120.2, 30.25]]], widthM: 0 };
    const bare = files();
    for (const w of bare.waterBodies) delete w.geometry;
    // Act
    const message = problems(bad);
    // Assess
    expect(message).toContain("geometry.lines[0]: a line needs at least 2 vertices");
    expect(message).toContain("geometry.widthM: must be a positive number of metres");
    expect(problems(bare)).toBe("");
  });
});
