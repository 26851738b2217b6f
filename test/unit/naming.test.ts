import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DIRECTION_LABELS, defaultOutfallName, directionFrom, type Direction } from "../../functions/src/domain/naming.js";

describe("defaultOutfallName", () => {
  it("composes subdistrict, landmark, direction, distance, ordinal and type", () => {
    // Prepare
    const parts = {
      subdistrictName: "凯旋街道",
      place: "新塘路桥",
      direction: "SE" as const,
      distanceM: 120,
      ordinal: 2,
      typeName: "城镇雨洪排口",
    };

    // Act
    const name = defaultOutfallName(parts);

    // Assess
    expect(name).toBe("凯旋街道新塘路桥东南120米2#城镇雨洪排口");
  });

  it("uses the responsible party instead of direction and distance", () => {
    // Prepare
    const parts = {
      subdistrictName: "九堡街道",
      direction: "N" as const,
      distanceM: 50,
      ordinal: 1,
      typeName: "工业企业排污口",
      partyName: "杭州某某印染有限公司",
    };

    // Act
    const name = defaultOutfallName(parts);

    // Assess
    expect(name).toBe("九堡街道杭州某某印染有限公司1#工业企业排污口");
  });

  it("keeps the village or community before the party name", () => {
    // Prepare
    const parts = { subdistrictName: "九堡街道", place: "三村", typeName: "工业企业雨洪排口", partyName: "杭州某某有限公司" };

    // Act
    const name = defaultOutfallName(parts);

    // Assess
    expect(name).toBe("九堡街道三村杭州某某有限公司工业企业雨洪排口");
  });

  it("does not double the subdistrict name when the place already starts with it", () => {
    // Prepare
    const parts = { subdistrictName: "凯旋街道", place: "凯旋街道新塘路桥", direction: "E" as const, distanceM: 30, typeName: "城镇雨洪排口" };

    // Act
    const name = defaultOutfallName(parts);

    // Assess
    expect(name).toBe("凯旋街道新塘路桥东30米城镇雨洪排口");
  });

  it("rounds the distance to whole metres", () => {
    // Prepare
    const base = { subdistrictName: "凯旋街道", place: "新塘路桥", direction: "W" as const, typeName: "城镇雨洪排口" };

    // Act
    const names = [119.5, 120.49].map((distanceM) => defaultOutfallName({ ...base, distanceM }));

    // Assess
    expect(names).toEqual(["凯旋街道新塘路桥西120米城镇雨洪排口", "凯旋街道新塘路桥西120米城镇雨洪排口"]);
  });

  it("omits missing, blank and zero-metre parts cleanly", () => {
    // Prepare
    const cases = [
      { subdistrictName: "凯旋街道", typeName: "城镇雨洪排口" },
      { subdistrictName: "凯旋街道", place: "  ", direction: "N" as const, typeName: "其他排口" },
      { subdistrictName: "凯旋街道", place: "新塘路桥", direction: "NE" as const, distanceM: 0.3, typeName: "城镇雨洪排口" },
      { subdistrictName: "凯旋街道", place: "新塘路桥", distanceM: 80, ordinal: 3, typeName: "城镇雨洪排口", partyName: " " },
    ];

    // Act
    const names = cases.map(defaultOutfallName);

    // Assess
    expect(names).toEqual([
      "凯旋街道城镇雨洪排口",
      "凯旋街道北其他排口",
      "凯旋街道新塘路桥东北城镇雨洪排口",
      "凯旋街道新塘路桥80米3#城镇雨洪排口",
    ]);
  });

  it("throws RangeError for a bad distance or ordinal", () => {
    // Prepare
    const base = { subdistrictName: "凯旋街道", typeName: "城镇雨洪排口" };
    const bad = [{ distanceM: -1 }, { distanceM: Number.NaN }, { ordinal: 0 }, { ordinal: 1.5 }];

    // Act / Assess
    for (const extra of bad) expect(() => defaultOutfallName({ ...base, ...extra })).toThrow(RangeError);
  });
});

describe("directionFrom", () => {
  const bridge = { lng: 120.2, lat: 30.28 };
  const d = 0.001;

  it("gives each of the 8 directions", () => {
    // Prepare: a latitude step is ~15 % longer than a longitude step here, so diagonals use d/cos(lat)
    const k = 1 / Math.cos((30.28 * Math.PI) / 180);
    const cases: [Direction, { lng: number; lat: number }][] = [
      ["N", { lng: bridge.lng, lat: bridge.lat + d }],
      ["NE", { lng: bridge.lng + d * k, lat: bridge.lat + d }],
      ["E", { lng: bridge.lng + d, lat: bridge.lat }],
      ["SE", { lng: bridge.lng + d * k, lat: bridge.lat - d }],
      ["S", { lng: bridge.lng, lat: bridge.lat - d }],
      ["SW", { lng: bridge.lng - d * k, lat: bridge.lat - d }],
      ["W", { lng: bridge.lng - d, lat: bridge.lat }],
      ["NW", { lng: bridge.lng - d * k, lat: bridge.lat + d }],
    ];

    // Act
    const directions = cases.map(([, to]) => directionFrom(bridge, to));

    // Assess
    expect(directions).toEqual(cases.map(([dir]) => dir));
  });

  it("tells 'mostly north' from north-east at the sector boundary (22.5°)", () => {
    // Prepare: 20° and 25° east of north, ~100 m away, corrected for longitude shrinkage
    const k = 1 / Math.cos((30.28 * Math.PI) / 180);
    const at = (deg: number) => ({
      lng: bridge.lng + d * Math.sin((deg * Math.PI) / 180) * k,
      lat: bridge.lat + d * Math.cos((deg * Math.PI) / 180),
    });

    // Act
    const directions = [directionFrom(bridge, at(20)), directionFrom(bridge, at(25)), directionFrom(bridge, at(340)), directionFrom(bridge, at(335))];

    // Assess
    expect(directions).toEqual(["N", "NE", "N", "NW"]);
  });

  it("returns opposite directions when the two points are swapped", () => {
    // Prepare
    const opposite: Record<Direction, Direction> = { N: "S", S: "N", E: "W", W: "E", NE: "SW", SW: "NE", NW: "SE", SE: "NW" };
    const offset = fc.double({ min: -0.01, max: 0.01, noNaN: true });
    // keep away from sector boundaries, where rounding may legitimately go either way
    const arb = fc.tuple(offset, offset).filter(([dx, dy]) => {
      if (Math.hypot(dx, dy) < 1e-4) return false;
      const bearing = ((Math.atan2(dx * Math.cos((30.28 * Math.PI) / 180), dy) * 180) / Math.PI + 360) % 360;
      const fromBoundary = Math.abs(((bearing - 22.5) % 45 + 45) % 45);
      return fromBoundary > 1 && fromBoundary < 44;
    });

    fc.assert(
      fc.property(arb, ([dx, dy]) => {
        const to = { lng: bridge.lng + dx, lat: bridge.lat + dy };

        // Act
        const [there, back] = [directionFrom(bridge, to), directionFrom(to, bridge)];

        // Assess
        expect(back).toBe(opposite[there]);
      }),
    );
  });

  it("labels every direction in Chinese", () => {
    // Prepare / Act
    const labels = DIRECTION_LABELS;

    // Assess
    expect(labels).toEqual({ E: "东", S: "南", W: "西", N: "北", NE: "东北", NW: "西北", SE: "东南", SW: "西南" });
  });

  it("names the example outfall south-east of the bridge", () => {
    // Prepare: outfall ~85 m east and ~85 m south of 新塘路桥
    const outfall = { lng: bridge.lng + 0.00088, lat: bridge.lat - 0.00076 };

    // Act
    const name = defaultOutfallName({
      subdistrictName: "凯旋街道",
      place: "新塘路桥",
      direction: directionFrom(bridge, outfall),
      distanceM: 119.6,
      ordinal: 2,
      typeName: "城镇雨洪排口",
    });

    // Assess
    expect(name).toBe("凯旋街道新塘路桥东南120米2#城镇雨洪排口");
  });
});
