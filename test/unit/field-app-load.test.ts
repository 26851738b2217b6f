// The pure parts of the field app's first-load measurement: the encoding the local server picks as
// CloudFront would, the split of a load's transfers, and the phone profile's network conditions.
import { describe, expect, it } from "vitest";
import { PHONE_PROFILE, networkConditions, splitTransfers } from "../../bench/stages/webapp.js";
import { pickEncoding } from "../../local/app-static.js";

describe("the field app's first load", () => {
  it("is compressed as CloudFront compresses: Brotli when accepted, else gzip, else nothing", () => {
    // Act / Assess
    expect(pickEncoding("gzip, deflate, br, zstd")).toBe("br");
    expect(pickEncoding("gzip, deflate")).toBe("gzip");
    expect(pickEncoding("br;q=0, gzip;q=0.8")).toBe("gzip");
    expect(pickEncoding("*")).toBe("br");
    expect(pickEncoding("identity")).toBeUndefined();
    expect(pickEncoding("gzip;q=0")).toBeUndefined();
    expect(pickEncoding(undefined)).toBeUndefined();
  });

  it("splits a load's bytes into the app's files, the API's answers and the rest", () => {
    // Prepare
    const at = (path: string, bytes: number) => ({ url: `http://127.0.0.1:3000${path}`, bytes });
    // Act
    const split = splitTransfers([at("/app/", 900), at("/app/main.js", 90_000), at("/app/chunk-X.js", 9000), at("/v1/outfalls?limit=1000", 40_000), at("/.well-known/openid-configuration", 800), at("/health", 50)]);
    // Assess
    expect(split).toEqual({ app: 99_900, api: 40_800, other: 50 });
  });

  it("throttles like Lighthouse's slow 4G phone, in the bytes per second CDP expects", () => {
    // Act
    const conditions = networkConditions(PHONE_PROFILE);
    // Assess
    expect(conditions).toEqual({ offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 93_750 });
    expect(PHONE_PROFILE.cpuSlowdown).toBe(4);
  });
});
