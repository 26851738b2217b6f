// The field app's pure parts: distances and the duplicate offer, the map's points and filters, the
// security headers, and the app configuration from the environment.
import { describe, expect, it } from "vitest";
import { appConfigFromEnv } from "../../local/app-static.js";
import { SECURITY_HEADERS, contentSecurityPolicy, templateOrigin } from "../../webapp/headers.js";
import { distanceMetres, nearby } from "../../webapp/src/geo.js";
import { applyFilter, clusterByCell, milestones, toPoints } from "../../webapp/src/points.js";

const METRES_PER_DEGREE_LAT = 111_195;

describe("distances and the duplicate offer", () => {
  it("measures 3 m north as 3 m and offers only what is within 10 m, nearest first", () => {
    // Prepare
    const here = { longitude: 120.196, latitude: 30.276 };
    const points = [
      { id: "far", longitude: 120.196, latitude: 30.276 + 11 / METRES_PER_DEGREE_LAT },
      { id: "near", longitude: 120.196, latitude: 30.276 + 3 / METRES_PER_DEGREE_LAT },
      { id: "east", longitude: 120.196 + 9 / (METRES_PER_DEGREE_LAT * Math.cos((30.276 * Math.PI) / 180)), latitude: 30.276 },
    ];
    // Act
    const found = nearby(points, here, 10);
    // Assess
    expect(distanceMetres(here, points[1]!)).toBeCloseTo(3, 1);
    expect(found.map((p) => p.id)).toEqual(["near", "east"]);
    expect(found[1]!.distance).toBeCloseTo(9, 1);
  });
});

describe("map points and filters", () => {
  const records = [
    { id: "a", tempId: "T-1", subdistrict: "kaixuan", status: "suspected", longitude: 120.1, latitude: 30.2, investigationOverdue: true, inventory: "outfall", category: "industrial", effectiveDeadline: "2025-12-31", deadlineLabel: "2025 年底前完成整治" },
    { id: "b", tempId: "T-2", subdistrict: "hubin", status: "closed", longitude: 120.2, latitude: 30.3, overdue: false, inventory: "stormwater", category: "stormwater", effectiveDeadline: "2024-06-30", deadlineLabel: "2024 年 6 月底前完成排查" },
    { id: "c", tempId: "T-3", subdistrict: "hubin", status: "dismissed", longitude: 120.2, latitude: 30.3 },
    { id: "d", tempId: "T-4", subdistrict: "hubin", status: "traced" },
  ];

  it("keeps records on the inventory with coordinates, late as the digest counts it", () => {
    // Act
    const points = toPoints(records);
    // Assess
    expect(points.map((p) => [p.id, p.overdue ?? false])).toEqual([
      ["a", true],
      ["b", false],
    ]);
  });

  it("filters by subdistrict, inventory, state, category, milestone and lateness together", () => {
    // Prepare
    const points = toPoints(records);
    // Act / Assess
    expect(applyFilter(points, {}).length).toBe(2);
    expect(applyFilter(points, { subdistrict: "hubin" }).map((p) => p.id)).toEqual(["b"]);
    expect(applyFilter(points, { inventory: "outfall", status: "suspected" }).map((p) => p.id)).toEqual(["a"]);
    expect(applyFilter(points, { category: "stormwater", overdueOnly: true })).toEqual([]);
    expect(applyFilter(points, { overdueOnly: true }).map((p) => p.id)).toEqual(["a"]);
    expect(applyFilter(points, { milestone: "2024 年 6 月底前完成排查" }).map((p) => p.id)).toEqual(["b"]);
    expect(milestones(points)).toEqual(["2024 年 6 月底前完成排查", "2025 年底前完成整治"]);
  });
});

describe("clusters at low zoom", () => {
  it("draws the points of one screen cell as one cluster with its late count, and lone points alone", () => {
    // Prepare: three points within a 48 px cell, one far away
    const base = { subdistrict: "kaixuan", status: "suspected" as const, name: "x", tempId: "T" };
    const points = [
      { ...base, id: "a", lng: 1, lat: 1, longitude: 1, latitude: 1, overdue: true as const },
      { ...base, id: "b", lng: 2, lat: 2, longitude: 2, latitude: 2 },
      { ...base, id: "c", lng: 3, lat: 3, longitude: 3, latitude: 3 },
      { ...base, id: "d", lng: 100, lat: 100, longitude: 100, latitude: 100 },
    ];
    // Act
    const clusters = clusterByCell(points, (p) => ({ x: p.lng * 10, y: p.lat * 10 }), 48);
    // Assess
    expect(clusters.map((c) => c.members.map((m) => m.id))).toEqual([["a", "b", "c"], ["d"]]);
    expect(clusters[0]).toMatchObject({ lng: 2, lat: 2, overdue: 1 });
  });
});

describe("security headers and configuration", () => {
  it("allows scripts and styles only from the app's origin, and the named storage and tile origins for fetches and images", () => {
    // Act
    const csp = contentSecurityPolicy({ connect: ["http://127.0.0.1:9000"], img: ["http://127.0.0.1:9000", "https://*.tianditu.gov.cn"] });
    // Assess
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("style-src 'self';");
    expect(csp).toContain("connect-src 'self' http://127.0.0.1:9000");
    expect(csp).toContain("img-src 'self' data: blob: http://127.0.0.1:9000 https://*.tianditu.gov.cn");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe");
    expect(SECURITY_HEADERS).toMatchObject({ "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" });
    expect(templateOrigin("https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=KEY")).toBe("https://t*.tianditu.gov.cn");
  });

  it("configures no base layer unless one is set, and refuses a datum it does not know", () => {
    // Act
    const none = appConfigFromEnv({});
    const tianditu = appConfigFromEnv({ APP_BASE_LAYER_URL: "https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=KEY", APP_BASE_LAYER_SUBDOMAINS: "01234567" });
    const gaode = appConfigFromEnv({ APP_BASE_LAYER_URL: "https://webrd0{s}.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}", APP_BASE_LAYER_DATUM: "GCJ02" });
    // Assess
    expect(none).toEqual({});
    expect(tianditu).toEqual({ baseLayer: { url: "https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=KEY", datum: "wgs84", subdomains: "01234567" } });
    expect(gaode).toMatchObject({ baseLayer: { datum: "gcj02" } });
    expect(() => appConfigFromEnv({ APP_BASE_LAYER_URL: "https://x/{z}", APP_BASE_LAYER_DATUM: "bd09" })).toThrow(/APP_BASE_LAYER_DATUM/);
    expect(() => appConfigFromEnv({ APP_BASE_LAYER_URL: "http://insecure/{z}" })).toThrow(/APP_BASE_LAYER_URL/);
  });
});
