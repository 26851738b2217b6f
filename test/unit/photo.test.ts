import { describe, expect, it } from "vitest";
import { readPhotoMetadata } from "../../functions/src/app/photo-metadata.js";
import { decodeImageHeader } from "../../functions/src/domain/image-header.js";
import { photoScope, sameFormat, sniffImageType, supersedeCycle } from "../../functions/src/domain/photo.js";
import { jpeg, png } from "../fixtures/images.js";

describe("photo format sniffing", () => {
  it("recognises JPEG, PNG, WebP and HEIC by their leading bytes and nothing else", () => {
    // Prepare
    const webp = Buffer.concat([Buffer.from("RIFF"), Buffer.from([0, 0, 0, 0]), Buffer.from("WEBPVP8 ")]);
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from("ftypheic")]);
    const text = Buffer.from("not really a photo");
    // Act / Assess
    expect(sniffImageType(jpeg())).toBe("image/jpeg");
    expect(sniffImageType(png())).toBe("image/png");
    expect(sniffImageType(webp)).toBe("image/webp");
    expect(sniffImageType(heic)).toBe("image/heic");
    expect(sniffImageType(text)).toBeUndefined();
    expect(sameFormat("image/heif", "image/heic")).toBe(true);
    expect(sameFormat("image/jpeg", "image/png")).toBe(false);
  });
});

describe("EXIF metadata", () => {
  it("reads capture time (China time unless the file says otherwise) and GPS from a JPEG", async () => {
    // Prepare
    const file = jpeg({ dateTimeOriginal: "2024:03:12 10:15:30", lat: 30.276, lng: 120.196 });
    // Act
    const meta = await readPhotoMetadata(file);
    // Assess
    expect(meta.takenAt).toBe("2024-03-12T10:15:30+08:00");
    expect(meta.gps?.lat).toBeCloseTo(30.276, 5);
    expect(meta.gps?.lng).toBeCloseTo(120.196, 5);
  });

  it("returns nothing for a file without EXIF", async () => {
    // Prepare / Act
    const meta = await readPhotoMetadata(png());
    // Assess
    expect(meta).toEqual({});
  });
});

describe("image header decoding", () => {
  it("decodes format and dimensions of real images", () => {
    // Prepare / Act
    const j = decodeImageHeader(jpeg());
    const p = decodeImageHeader(png());
    // Assess
    expect(j).toEqual({ ok: true, type: "image/jpeg", width: 8, height: 8 });
    expect(p).toEqual({ ok: true, type: "image/png", width: 1, height: 1 });
  });

  it("refuses JPEG magic followed by HTML, and a valid JPEG carrying a script in a comment", () => {
    // Prepare
    const html = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from("<html><script>alert(1)</script></html>")]);
    const real = jpeg();
    const comment = Buffer.from("<script>alert(document.cookie)</script>", "latin1");
    const com = Buffer.concat([Buffer.from([0xff, 0xfe, (comment.length + 2) >> 8, (comment.length + 2) & 0xff]), comment]);
    const polyglot = Buffer.concat([real.subarray(0, 2), com, real.subarray(2)]);
    // Act
    const a = decodeImageHeader(html);
    const b = decodeImageHeader(polyglot);
    const text = decodeImageHeader(Buffer.from("<!doctype html><p>hi</p>"));
    // Assess
    expect(a).toMatchObject({ ok: false, reason: "undecodable", type: "image/jpeg" });
    expect(b).toMatchObject({ ok: false, reason: "markup" });
    expect(text).toEqual({ ok: false, reason: "not-image" });
  });
});

describe("who may add evidence", () => {
  const kaixuanStorm = { subdistrict: "kaixuan", department: "enforcement" };
  it("clerks only in their subdistrict", () => {
    // Prepare
    const clerk = { email: "c@x", role: "clerk" as const, subdistrict: "kaixuan" };
    // Act / Assess
    expect(photoScope(clerk, "near", kaixuanStorm)).toBeUndefined();
    expect(photoScope(clerk, "near", { subdistrict: "hubin", department: "enforcement" })?.rule).toBe("R-SCOPE");
  });

  it("departments only monitoring and acceptance slots, only on outfalls they supervise", () => {
    // Prepare
    const enforcement = { email: "d@x", role: "department" as const, department: "enforcement" };
    const eco = { email: "e@x", role: "department" as const, department: "eco" };
    // Act / Assess
    expect(photoScope(enforcement, "water-sample", kaixuanStorm)).toBeUndefined();
    expect(photoScope(enforcement, "before", kaixuanStorm)?.rule).toBe("R-SCOPE");
    expect(photoScope(eco, "water-sample", { ...kaixuanStorm, departmentName: "区综合行政执法局" })?.message).toContain("区综合行政执法局");
    expect(photoScope(eco, "acceptance", { subdistrict: "kaixuan" })?.rule).toBe("R-SCOPE");
    expect(photoScope({ email: "k@x", role: "coordinator" }, "other", kaixuanStorm)).toBeUndefined();
  });
});

describe("supersede cycles", () => {
  it("finds a direct and an indirect cycle, and allows a chain", () => {
    // Prepare
    const photos = [{ id: "A", supersededBy: "B" }, { id: "B", supersededBy: "C" }, { id: "C" }, { id: "D" }];
    // Act / Assess
    expect(supersedeCycle(photos, "C", "A")).toBe(true);
    expect(supersedeCycle(photos, "B", "A")).toBe(true);
    expect(supersedeCycle(photos, "C", "D")).toBe(false);
    expect(supersedeCycle([{ id: "A" }, { id: "B" }], "A", "B")).toBe(false);
  });
});
