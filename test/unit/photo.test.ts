import { describe, expect, it } from "vitest";
import { readPhotoMetadata } from "../../functions/src/app/photo-metadata.js";
import { photoScope, sameFormat, sniffImageType } from "../../functions/src/domain/photo.js";
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

describe("who may add evidence", () => {
  it("clerks only in their subdistrict, departments only monitoring and acceptance slots", () => {
    // Prepare
    const clerk = { email: "c@x", role: "clerk" as const, subdistrict: "kaixuan" };
    const dept = { email: "d@x", role: "department" as const, department: "eco" };
    // Act / Assess
    expect(photoScope(clerk, "near", "kaixuan")).toBeUndefined();
    expect(photoScope(clerk, "near", "hubin")?.rule).toBe("R-SCOPE");
    expect(photoScope(dept, "water-sample", "hubin")).toBeUndefined();
    expect(photoScope(dept, "before", "hubin")?.rule).toBe("R-SCOPE");
    expect(photoScope({ email: "k@x", role: "coordinator" }, "other", "hubin")).toBeUndefined();
  });
});
