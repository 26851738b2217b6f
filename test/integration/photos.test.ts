import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { uploadPhoto } from "../../functions/src/contracts/upload-photo.js";
import { jpeg, png } from "../fixtures/images.js";
import { CLERK, COORDINATOR, DEPARTMENT, OTHER_CLERK } from "./users.js";
import { baseUrl, call, tokenFor, validOutfall } from "./client.js";

async function newOutfall() {
  return (await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall() })).body;
}

/** Sends the file to the presigned POST exactly as a browser form would. */
async function postToStorage(upload: { url: string; fields: Record<string, string> }, bytes: Buffer, type: string) {
  const form = new FormData();
  for (const [k, v] of Object.entries(upload.fields)) form.append(k, v);
  form.append("file", new Blob([bytes], { type }), "photo");
  return fetch(upload.url, { method: "POST", body: form });
}

async function ask(outfallId: string, body: Record<string, unknown>, as = CLERK) {
  return call("POST", `/v1/outfalls/${outfallId}/photos`, { as, body });
}

describe("photos: presign → upload → confirm → list → download", () => {
  it("round-trips a JPEG with EXIF time and GPS, bytes unchanged, history kept", async () => {
    // Prepare
    const outfall = await newOutfall();
    const bytes = jpeg({ dateTimeOriginal: "2024:03:12 10:15:30", lat: 30.276, lng: 120.196 });
    // Act
    const ticket = await ask(outfall.id, { slot: "near", contentType: "image/jpeg", size: bytes.length, note: "晴天巡查" });
    const stored = await postToStorage(ticket.body.upload, bytes, "image/jpeg");
    const confirmed = await call("POST", `/v1/outfalls/${outfall.id}/photos/${ticket.body.photoId}/confirm`, { as: CLERK });
    const listed = await call("GET", `/v1/outfalls/${outfall.id}/photos`, { as: CLERK });
    const downloaded = Buffer.from(await (await fetch(listed.body.items[0].url)).arrayBuffer());
    // Assess
    expect(ticket.status).toBe(201);
    expect(ticket.body.upload.fields.key).toMatch(new RegExp(`^outfalls/${outfall.id}/photos/${ticket.body.photoId}\\.jpg$`));
    expect(stored.status).toBeLessThan(300);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      id: ticket.body.photoId,
      slot: "near",
      contentType: "image/jpeg",
      size: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      takenAt: "2024-03-12T10:15:30+08:00",
      takenAtSource: "exif",
      note: "晴天巡查",
      uploadedBy: CLERK,
    });
    expect(confirmed.body.gps.lat).toBeCloseTo(30.276, 5);
    expect(confirmed.body.gps.lng).toBeCloseTo(120.196, 5);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0].slotLabel).toBe("近景");
    expect(downloaded.equals(bytes)).toBe(true);
    const history = await call("GET", `/v1/outfalls/${outfall.id}/history`, { as: CLERK });
    expect(history.body.items.at(-1)).toMatchObject({ action: "photo", actor: CLERK, version: 2 });
    const again = await call("POST", `/v1/outfalls/${outfall.id}/photos/${ticket.body.photoId}/confirm`, { as: CLERK });
    expect(again.body.id).toBe(ticket.body.photoId);
    expect((await call("GET", `/v1/outfalls/${outfall.id}`, { as: CLERK })).body.version).toBe(2);
  });

  it("the one-call helper presigns, uploads and confirms", async () => {
    // Prepare
    const outfall = await newOutfall();
    // Act
    const entry = await uploadPhoto({ apiUrl: baseUrl(), token: await tokenFor(CLERK), outfallId: outfall.id, slot: "signboard", data: png(), takenAt: "2024-05-01T09:00:00+08:00" });
    // Assess
    expect(entry).toMatchObject({ slot: "signboard", contentType: "image/png", takenAt: "2024-05-01T09:00:00+08:00", takenAtSource: "client" });
  });
});

describe("confirmation refuses what did not arrive as declared, and deletes it", () => {
  async function uploadAndConfirm(declared: string, bytes: Buffer, size = bytes.length) {
    const outfall = await newOutfall();
    const ticket = await ask(outfall.id, { slot: "before", contentType: declared, size });
    await postToStorage(ticket.body.upload, bytes, declared);
    const confirm = await call("POST", `/v1/outfalls/${outfall.id}/photos/${ticket.body.photoId}/confirm`, { as: CLERK });
    const storage = await fetch(`${ticket.body.upload.url}/${ticket.body.upload.fields.key}`);
    const record = (await call("GET", `/v1/outfalls/${outfall.id}`, { as: CLERK })).body;
    return { confirm, storage, record };
  }

  it("a text file named .jpg", async () => {
    // Prepare / Act
    const { confirm, storage, record } = await uploadAndConfirm("image/jpeg", Buffer.from("这不是照片，只是文字。".repeat(20)));
    // Assess
    expect(confirm.status).toBe(422);
    expect(confirm.body.errors[0]).toMatchObject({ field: "file", rule: "R-PHOTO-TYPE" });
    expect(storage.status).toBe(404);
    expect(record.version).toBe(1);
  });

  it("a PNG declared as JPEG", async () => {
    // Prepare / Act
    const { confirm, record } = await uploadAndConfirm("image/jpeg", png());
    // Assess
    expect(confirm.status).toBe(422);
    expect(confirm.body.errors[0].rule).toBe("R-PHOTO-TYPE");
    expect(confirm.body.errors[0].message).toContain("PNG");
    expect(record.photos).toBeUndefined();
  });

  it("a 21 MB file (s3rver ignores the POST policy, so the server checks)", async () => {
    // Prepare
    const big = jpeg(undefined, 21 * 1024 * 1024);
    // Act
    const { confirm, storage } = await uploadAndConfirm("image/jpeg", big, 20 * 1024 * 1024);
    // Assess
    expect(confirm.status).toBe(422);
    expect(confirm.body.errors[0].rule).toBe("R-PHOTO-SIZE");
    expect(storage.status).toBe(404);
  });

  it("an upload that never happened", async () => {
    // Prepare
    const outfall = await newOutfall();
    const ticket = await ask(outfall.id, { slot: "after", contentType: "image/jpeg", size: 1000 });
    // Act
    const confirm = await call("POST", `/v1/outfalls/${outfall.id}/photos/${ticket.body.photoId}/confirm`, { as: CLERK });
    const unknown = await call("POST", `/v1/outfalls/${outfall.id}/photos/01JUNKNOWNPHOTO00000000000/confirm`, { as: CLERK });
    // Assess
    expect(confirm.status).toBe(422);
    expect(confirm.body.errors[0].rule).toBe("R-PHOTO-MISSING");
    expect(unknown.status).toBe(404);
  });

  it("a request over 20 MB or of a type that is not a photo is refused before any upload", async () => {
    // Prepare
    const outfall = await newOutfall();
    // Act
    const tooBig = await ask(outfall.id, { slot: "near", contentType: "image/jpeg", size: 21 * 1024 * 1024 });
    const pdf = await ask(outfall.id, { slot: "near", contentType: "application/pdf", size: 1000 });
    const badSlot = await ask(outfall.id, { slot: "selfie", contentType: "image/jpeg", size: 1000 });
    // Assess
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.errors[0]).toMatchObject({ field: "size", rule: "R-RANGE" });
    expect(pdf.body.errors[0]).toMatchObject({ field: "contentType", rule: "R-ENUM" });
    expect(badSlot.body.errors[0].message).toContain("近景");
  });
});

describe("photo scope and links", () => {
  it("a clerk of another subdistrict cannot presign; a department may add monitoring photos only", async () => {
    // Prepare
    const outfall = await newOutfall();
    // Act
    const other = await ask(outfall.id, { slot: "near", contentType: "image/jpeg", size: 100 }, OTHER_CLERK);
    const deptSample = await ask(outfall.id, { slot: "water-sample", contentType: "image/jpeg", size: 100 }, DEPARTMENT);
    const deptBefore = await ask(outfall.id, { slot: "before", contentType: "image/jpeg", size: 100 }, DEPARTMENT);
    const coordinator = await ask(outfall.id, { slot: "acceptance", contentType: "image/jpeg", size: 100 }, COORDINATOR);
    // Assess
    expect(other.status).toBe(403);
    expect(other.body.errors[0].rule).toBe("R-SCOPE");
    expect(deptSample.status).toBe(201);
    expect(deptBefore.status).toBe(403);
    expect(coordinator.status).toBe(201);
  });

  it("an expired download link is refused by storage", async () => {
    // Prepare
    const outfall = await newOutfall();
    await uploadPhoto({ apiUrl: baseUrl(), token: await tokenFor(CLERK), outfallId: outfall.id, slot: "far", data: jpeg() });
    const listed = await call("GET", `/v1/outfalls/${outfall.id}/photos?expiresIn=1`, { as: CLERK });
    // Act
    await new Promise((r) => setTimeout(r, 2100));
    const expired = await fetch(listed.body.items[0].url);
    // Assess
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain("expired");
  });

  it("supersedes a photo with another, keeping both and the reason in history", async () => {
    // Prepare
    const outfall = await newOutfall();
    const token = await tokenFor(CLERK);
    const first = await uploadPhoto({ apiUrl: baseUrl(), token, outfallId: outfall.id, slot: "near", data: jpeg() });
    const second = await uploadPhoto({ apiUrl: baseUrl(), token, outfallId: outfall.id, slot: "near", data: jpeg({ dateTimeOriginal: "2024:06:01 08:00:00", lat: 30.27, lng: 120.19 }) });
    // Act
    const superseded = await call("POST", `/v1/outfalls/${outfall.id}/photos/${first.id}/supersede`, { as: CLERK, body: { by: second.id, reason: "原照片模糊，重新拍摄" } });
    const noReason = await call("POST", `/v1/outfalls/${outfall.id}/photos/${second.id}/supersede`, { as: CLERK, body: { by: first.id } });
    const listed = await call("GET", `/v1/outfalls/${outfall.id}/photos`, { as: CLERK });
    // Assess
    expect(superseded.status).toBe(200);
    expect(superseded.body).toMatchObject({ id: first.id, supersededBy: second.id, supersededReason: "原照片模糊，重新拍摄" });
    expect(noReason.status).toBe(400);
    expect(listed.body.items).toHaveLength(2);
    const history = await call("GET", `/v1/outfalls/${outfall.id}/history`, { as: CLERK });
    expect(history.body.items.at(-1)).toMatchObject({ action: "photo-superseded", note: "原照片模糊，重新拍摄" });
  });
});
