import { describe, expect, it } from "vitest";
import fc from "fast-check";
import gcoord from "gcoord";
import {
  DATUM_LABELS,
  distanceMeters,
  isPointInPolygon,
  nearestWithin,
  roundCoord,
  toWgs84,
} from "../../functions/src/domain/geo.js";

describe("roundCoord", () => {
  it("rounds to 6 decimal places, half away from zero", () => {
    // Prepare
    const inputs = [120.1234564, 120.1234565, 30.9999996, -120.1234565, -0.0000001, 120];

    // Act
    const rounded = inputs.map(roundCoord);

    // Assess
    expect(rounded).toEqual([120.123456, 120.123457, 31, -120.123457, 0, 120]);
    expect(Object.is(rounded[4], -0)).toBe(false);
  });
});

describe("DATUM_LABELS", () => {
  it("labels every datum", () => {
    // Prepare / Act
    const labels = DATUM_LABELS;

    // Assess
    expect(labels).toEqual({
      wgs84: "WGS84",
      cgcs2000: "CGCS2000（国家2000）",
      gcj02: "GCJ-02（高德/腾讯）",
      bd09: "BD-09（百度）",
    });
  });
});

describe("toWgs84", () => {
  // A GCJ-02 point near 凯旋街道 in 上城区, Hangzhou, as read off a consumer map.
  const gcj = { lng: 120.2, lat: 30.28 };

  it("shifts a GCJ-02 point in Hangzhou by the expected few hundred metres", () => {
    // Prepare: in Hangzhou, GCJ-02 is east by ~0.0045–0.005° and south by ~0.002–0.0025° of WGS84

    // Act
    const wgs = toWgs84(gcj, "gcj02");

    // Assess
    expect(gcj.lng - wgs.lng).toBeGreaterThan(0.0045);
    expect(gcj.lng - wgs.lng).toBeLessThan(0.005);
    expect(wgs.lat - gcj.lat).toBeGreaterThan(0.002);
    expect(wgs.lat - gcj.lat).toBeLessThan(0.0025);
    const offset = distanceMeters(gcj, wgs);
    expect(offset).toBeGreaterThan(300);
    expect(offset).toBeLessThan(600);
  });

  it("rounds the result to 6 decimal places", () => {
    // Prepare / Act
    const wgs = toWgs84(gcj, "gcj02");

    // Assess
    expect(wgs.lng).toBe(roundCoord(wgs.lng));
    expect(wgs.lat).toBe(roundCoord(wgs.lat));
    expect(wgs).toEqual({ lng: 120.195423, lat: 30.282402 });
  });

  it("converts BD-09 further than GCJ-02 (BD-09 adds its own offset on top)", () => {
    // Prepare / Act
    const fromBd = toWgs84(gcj, "bd09");
    const fromGcj = toWgs84(gcj, "gcj02");

    // Assess
    expect(distanceMeters(gcj, fromBd)).toBeGreaterThan(distanceMeters(gcj, fromGcj));
    expect(distanceMeters(gcj, fromBd)).toBeLessThan(1500);
  });

  it("passes WGS84 and CGCS2000 through, only rounded", () => {
    // Prepare
    const p = { lng: 120.19542349, lat: 30.2824011 };

    // Act
    const results = [toWgs84(p, "wgs84"), toWgs84(p, "cgcs2000")];

    // Assess
    expect(results).toEqual([
      { lng: 120.195423, lat: 30.282401 },
      { lng: 120.195423, lat: 30.282401 },
    ]);
  });

  it("round-trips WGS84 → GCJ-02 → WGS84 within 1 m across 上城区 and surroundings", () => {
    // Prepare
    const point = fc.record({
      lng: fc.double({ min: 120.0, max: 120.5, noNaN: true }),
      lat: fc.double({ min: 30.1, max: 30.5, noNaN: true }),
    });

    fc.assert(
      fc.property(point, (wgs) => {
        // Act
        const [lng, lat] = gcoord.transform<[number, number]>([wgs.lng, wgs.lat], gcoord.WGS84, gcoord.GCJ02);
        const back = toWgs84({ lng, lat }, "gcj02");

        // Assess
        expect(distanceMeters(wgs, back)).toBeLessThan(1);
      }),
    );
  });

  it("throws RangeError for non-finite coordinates", () => {
    // Prepare
    const bad = [
      { lng: Number.NaN, lat: 30 },
      { lng: 120, lat: Number.POSITIVE_INFINITY },
    ];

    // Act / Assess
    for (const p of bad) expect(() => toWgs84(p, "gcj02")).toThrow(RangeError);
  });
});

describe("isPointInPolygon", () => {
  // A square of 0.01° around a point in 上城区, given open (not closed).
  const square: [number, number][] = [
    [120.19, 30.27],
    [120.2, 30.27],
    [120.2, 30.28],
    [120.19, 30.28],
  ];

  it("finds a point inside an open ring", () => {
    // Prepare
    const p = { lng: 120.195, lat: 30.275 };

    // Act
    const inside = isPointInPolygon(p, square);

    // Assess
    expect(inside).toBe(true);
  });

  it("rejects a point outside", () => {
    // Prepare
    const p = { lng: 120.21, lat: 30.275 };

    // Act
    const inside = isPointInPolygon(p, square);

    // Assess
    expect(inside).toBe(false);
  });

  it("tells points just inside and just outside an edge apart (≈ 0.1 m)", () => {
    // Prepare
    const justInside = { lng: 120.199999, lat: 30.275 };
    const justOutside = { lng: 120.200001, lat: 30.275 };

    // Act
    const results = [isPointInPolygon(justInside, square), isPointInPolygon(justOutside, square)];

    // Assess
    expect(results).toEqual([true, false]);
  });

  it("counts a point on the boundary as inside", () => {
    // Prepare
    const onEdge = { lng: 120.2, lat: 30.275 };

    // Act
    const inside = isPointInPolygon(onEdge, square);

    // Assess
    expect(inside).toBe(true);
  });

  it("accepts an already closed ring and handles a concave polygon", () => {
    // Prepare: an L shape, closed
    const l: [number, number][] = [
      [0, 0],
      [2, 0],
      [2, 1],
      [1, 1],
      [1, 2],
      [0, 2],
      [0, 0],
    ];

    // Act
    const results = [isPointInPolygon({ lng: 0.5, lat: 1.5 }, l), isPointInPolygon({ lng: 1.5, lat: 1.5 }, l)];

    // Assess
    expect(results).toEqual([true, false]);
  });

  it("returns false for a degenerate polygon", () => {
    // Prepare
    const polygons: [number, number][][] = [[], [[120, 30]], [[120, 30], [121, 31]]];

    // Act
    const results = polygons.map((poly) => isPointInPolygon({ lng: 120, lat: 30 }, poly));

    // Assess
    expect(results).toEqual([false, false, false]);
  });

  it("does not modify the caller's polygon", () => {
    // Prepare
    const copy = square.map(([x, y]) => [x, y]);

    // Act
    isPointInPolygon({ lng: 120.195, lat: 30.275 }, square);

    // Assess
    expect(square).toEqual(copy);
  });
});

describe("distanceMeters", () => {
  it("measures one degree of latitude as about 111.2 km", () => {
    // Prepare
    const a = { lng: 120.2, lat: 30 };
    const b = { lng: 120.2, lat: 31 };

    // Act
    const d = distanceMeters(a, b);

    // Assess: 6371008.8 × π / 180
    expect(d).toBeCloseTo(111195.08, 1);
  });

  it("shrinks a degree of longitude by cos(latitude)", () => {
    // Prepare
    const a = { lng: 120, lat: 60 };
    const b = { lng: 121, lat: 60 };

    // Act
    const d = distanceMeters(a, b);

    // Assess: ≈ 111195.08 × cos 60° = 55597.5 m (great circle slightly shorter than the parallel)
    expect(d).toBeGreaterThan(55_580);
    expect(d).toBeLessThan(55_598);
  });

  it("is zero for the same point and symmetric", () => {
    // Prepare
    const point = fc.record({
      lng: fc.double({ min: -180, max: 180, noNaN: true }),
      lat: fc.double({ min: -90, max: 90, noNaN: true }),
    });

    fc.assert(
      fc.property(point, point, (a, b) => {
        // Act
        const [ab, ba, aa] = [distanceMeters(a, b), distanceMeters(b, a), distanceMeters(a, a)];

        // Assess
        expect(aa).toBe(0);
        expect(ab).toBeCloseTo(ba, 6);
        expect(ab).toBeLessThanOrEqual(Math.PI * 6371008.8 + 1e-6);
      }),
    );
  });
});

describe("nearestWithin", () => {
  const origin = { lng: 120.2, lat: 30.28 };
  // 0.001° of latitude ≈ 111.2 m
  const candidates = [
    { id: "far", lng: 120.2, lat: 30.283 },
    { id: "near", lng: 120.2, lat: 30.281 },
    { id: "mid", lng: 120.2, lat: 30.282 },
  ];

  it("returns the closest candidate within the radius with its distance", () => {
    // Prepare / Act
    const found = nearestWithin(origin, candidates, 500);

    // Assess
    expect(found?.item.id).toBe("near");
    expect(found?.distanceM).toBeCloseTo(111.19, 1);
  });

  it("returns undefined when nothing is within the radius or there are no candidates", () => {
    // Prepare / Act
    const results = [nearestWithin(origin, candidates, 100), nearestWithin(origin, [], 1e9)];

    // Assess
    expect(results).toEqual([undefined, undefined]);
  });

  it("includes a candidate exactly at the radius and prefers the first of equal candidates", () => {
    // Prepare
    const twins = [
      { id: "first", lng: 120.2, lat: 30.281 },
      { id: "second", lng: 120.2, lat: 30.281 },
    ];
    const exact = distanceMeters(origin, twins[0]!);

    // Act
    const found = nearestWithin(origin, twins, exact);

    // Assess
    expect(found?.item.id).toBe("first");
  });
});
