import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { uploadPhoto } from "../../functions/src/contracts/upload-photo.js";
import { jpeg, png } from "../fixtures/images.js";
import { CLERK, COORDINATOR, DEPARTMENT, ENFORCEMENT, OTHER_CLERK } from "./users.js";
import { baseUrl, call, tokenFor, validOutfall } from "./client.js";
import { expectRule } from "./steps.js";

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
    expect(ticket.body.upload.fields.key).toBe(`outfalls/${outfall.id}/photos/staged/${ticket.body.photoId}.jpg`);
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
      width: 8,
      height: 8,
    });
    expect(confirmed.body.key).toMatch(new RegExp(`^outfalls/${outfall.id}/photos/${ticket.body.photoId}-\\w+\\.jpg$`));
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

describe("a queued photo sent again under its Idempotency-Key (the field app's queue)", () => {
  const sha = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

  it("names the same photo whichever answer was lost, and stores it once, on the app's channel", async () => {
    // Prepare
    const outfall = await newOutfall();
    const bytes = jpeg();
    const request = { slot: "near", contentType: "image/jpeg", size: bytes.length, sha256: sha(bytes) };
    const headers = { "idempotency-key": `photo-${outfall.id}-near-1`, "x-channel": "app" };
    const presign = () => call("POST", `/v1/outfalls/${outfall.id}/photos`, { as: CLERK, body: request, headers });
    // Act: the first presign's answer "lost", asked again; uploaded; confirmed; the confirm's answer "lost", asked again from the start
    const first = await presign();
    const again = await presign();
    const stored = await postToStorage(again.body.upload, bytes, "image/jpeg");
    const confirmed = await call("POST", `/v1/outfalls/${outfall.id}/photos/${again.body.photoId}/confirm`, { as: CLERK, headers });
    const afterConfirm = await presign();
    const otherBytes = jpeg(undefined, 2048);
    const reused = await call("POST", `/v1/outfalls/${outfall.id}/photos`, { as: CLERK, body: { ...request, size: otherBytes.length, sha256: sha(otherBytes) }, headers });
    const listed = await call("GET", `/v1/outfalls/${outfall.id}/photos`, { as: CLERK });
    const history = (await call("GET", `/v1/outfalls/${outfall.id}/history`, { as: CLERK })).body.items;
    // Assess
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.photoId).toBe(first.body.photoId);
    expect(again.body.upload.fields.key).toBe(first.body.upload.fields.key);
    expect(stored.status).toBeLessThan(300);
    expect(confirmed.status).toBe(200);
    expect(afterConfirm.status).toBe(200);
    expect(afterConfirm.body.upload).toBeUndefined();
    expect(afterConfirm.body.confirmed).toMatchObject({ id: first.body.photoId, sha256: sha(bytes) });
    expectRule(reused, 422, "R-IDEMPOTENCY");
    expect(listed.body.items.map((p: any) => p.id)).toEqual([first.body.photoId]);
    expect(history.filter((h: any) => h.action === "photo")).toHaveLength(1);
    expect(history.at(-1)).toMatchObject({ action: "photo", channel: "app" });
  });

  it("a different request under a key whose upload is pending is refused, and two users' equal keys are two photos", async () => {
    // Prepare
    const outfall = await newOutfall();
    const bytes = jpeg();
    const headers = { "idempotency-key": `photo-${outfall.id}-shared` };
    const body = { slot: "near", contentType: "image/jpeg", size: bytes.length, sha256: sha(bytes) };
    // Act
    const mine = await call("POST", `/v1/outfalls/${outfall.id}/photos`, { as: CLERK, body, headers });
    const otherSlot = await call("POST", `/v1/outfalls/${outfall.id}/photos`, { as: CLERK, body: { ...body, slot: "far" }, headers });
    const coordinator = await call("POST", `/v1/outfalls/${outfall.id}/photos`, { as: COORDINATOR, body, headers });
    const badKey = await call("POST", `/v1/outfalls/${outfall.id}/photos`, { as: CLERK, body, headers: { "idempotency-key": "x" } });
    // Assess
    expect(mine.status).toBe(201);
    expectRule(otherSlot, 422, "R-IDEMPOTENCY");
    expect(otherSlot.body.errors[0].message).toContain("Idempotency-Key");
    expect(coordinator.status).toBe(201);
    expect(coordinator.body.photoId).not.toBe(mine.body.photoId);
    expectRule(badKey, 400, "R-FORMAT");
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
  it("a clerk of another subdistrict cannot presign; a department may add monitoring photos only, only where it supervises", async () => {
    // Prepare: an urban stormwater outlet is supervised by 综合行政执法局 (enforcement), not 生态环境分局 (eco)
    const outfall = await newOutfall();
    // Act
    const other = await ask(outfall.id, { slot: "near", contentType: "image/jpeg", size: 100 }, OTHER_CLERK);
    const supervisorSample = await ask(outfall.id, { slot: "water-sample", contentType: "image/jpeg", size: 100 }, ENFORCEMENT);
    const supervisorBefore = await ask(outfall.id, { slot: "before", contentType: "image/jpeg", size: 100 }, ENFORCEMENT);
    const otherDepartment = await ask(outfall.id, { slot: "water-sample", contentType: "image/jpeg", size: 100 }, DEPARTMENT);
    const coordinator = await ask(outfall.id, { slot: "acceptance", contentType: "image/jpeg", size: 100 }, COORDINATOR);
    // Assess
    expect(other.status).toBe(403);
    expect(other.body.errors[0].rule).toBe("R-SCOPE");
    expect(supervisorSample.status).toBe(201);
    expect(supervisorBefore.status).toBe(403);
    expect(otherDepartment.status).toBe(403);
    expect(otherDepartment.body.errors[0]).toMatchObject({ rule: "R-SCOPE" });
    expect(otherDepartment.body.errors[0].message).toContain("综合行政执法局");
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

describe("write-once evidence", () => {
  const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

  it("posting other bytes to the same form after confirmation changes nothing that is served", async () => {
    // Prepare
    const outfall = await newOutfall();
    const original = jpeg({ dateTimeOriginal: "2024:03:12 10:15:30" });
    const swapped = png();
    const ticket = await ask(outfall.id, { slot: "after", contentType: "image/jpeg", size: original.length });
    await postToStorage(ticket.body.upload, original, "image/jpeg");
    const confirmed = await call("POST", `/v1/outfalls/${outfall.id}/photos/${ticket.body.photoId}/confirm`, { as: CLERK });
    // Act: the presigned form is still valid for minutes
    const replaced = await postToStorage(ticket.body.upload, swapped, "image/jpeg");
    const again = await call("POST", `/v1/outfalls/${outfall.id}/photos/${ticket.body.photoId}/confirm`, { as: CLERK });
    const listed = await call("GET", `/v1/outfalls/${outfall.id}/photos`, { as: CLERK });
    const downloaded = Buffer.from(await (await fetch(listed.body.items[0].url)).arrayBuffer());
    // Assess
    expect(confirmed.status).toBe(200);
    expect(replaced.status).toBeLessThan(300); // s3rver takes it (S3 too, without a declared checksum) …
    expect(again.body).toEqual(confirmed.body); // … but it is never confirmed …
    expect(sha(downloaded)).toBe(confirmed.body.sha256); // … nor served
    expect(downloaded.equals(original)).toBe(true);
  });

  it("a file written over the evidence object itself (s3rver ignores form policies) is withheld, not served", async () => {
    // Prepare
    const outfall = await newOutfall();
    const ticket = await ask(outfall.id, { slot: "near", contentType: "image/jpeg", size: jpeg().length });
    await postToStorage(ticket.body.upload, jpeg(), "image/jpeg");
    const confirmed = await call("POST", `/v1/outfalls/${outfall.id}/photos/${ticket.body.photoId}/confirm`, { as: CLERK });
    // Act: a forged form naming the evidence key
    await postToStorage({ ...ticket.body.upload, fields: { ...ticket.body.upload.fields, key: confirmed.body.key } }, png(), "image/jpeg");
    const listed = await call("GET", `/v1/outfalls/${outfall.id}/photos`, { as: CLERK });
    // Assess
    expect(listed.status).toBe(200);
    expect(listed.body.items[0].url).toBeUndefined();
    expect(listed.body.items[0].withheld).toContain("不一致");
    expect(listed.body.items[0].sha256).toBe(confirmed.body.sha256);
  });

  it("a declared checksum binds the upload: other bytes are refused at confirmation and deleted", async () => {
    // Prepare
    const outfall = await newOutfall();
    const declared = jpeg();
    const other = Buffer.from(declared);
    other[12] = 2; // one quantization step changed: the same size, still a valid JPEG, other bytes
    const ticket = await ask(outfall.id, { slot: "near", contentType: "image/jpeg", size: declared.length, sha256: sha(declared) });
    await postToStorage(ticket.body.upload, Buffer.from(other), "image/jpeg");
    // Act
    const confirm = await call("POST", `/v1/outfalls/${outfall.id}/photos/${ticket.body.photoId}/confirm`, { as: CLERK });
    const staged = await fetch(`${ticket.body.upload.url}/${ticket.body.upload.fields.key}`);
    const record = (await call("GET", `/v1/outfalls/${outfall.id}`, { as: CLERK })).body;
    // Assess
    expect(ticket.body.upload.fields["x-amz-checksum-sha256"]).toBe(createHash("sha256").update(declared).digest("base64"));
    expect(confirm.status).toBe(422);
    expect(confirm.body.errors[0]).toMatchObject({ field: "file", rule: "R-PHOTO-CHECKSUM" });
    expect(staged.status).toBe(404);
    expect(record.photos).toBeUndefined();
  });

  it("an HTML/JPEG polyglot is refused: JPEG magic with a script in a comment segment", async () => {
    // Prepare
    const outfall = await newOutfall();
    const real = jpeg();
    const script = Buffer.from("<html><body><script>fetch('/v1/me')</script></body></html>", "latin1");
    const com = Buffer.concat([Buffer.from([0xff, 0xfe, 0, script.length + 2]), script]);
    const polyglot = Buffer.concat([real.subarray(0, 2), com, real.subarray(2)]);
    const ticket = await ask(outfall.id, { slot: "near", contentType: "image/jpeg", size: polyglot.length });
    await postToStorage(ticket.body.upload, polyglot, "image/jpeg");
    // Act
    const confirm = await call("POST", `/v1/outfalls/${outfall.id}/photos/${ticket.body.photoId}/confirm`, { as: CLERK });
    // Assess
    expect(confirm.status).toBe(422);
    expect(confirm.body.errors[0]).toMatchObject({ field: "file", rule: "R-PHOTO-TYPE" });
    expect(confirm.body.errors[0].message).toContain("网页代码");
  });

  it("a file with JPEG magic bytes but no decodable header is refused", async () => {
    // Prepare
    const outfall = await newOutfall();
    const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from("<html>not an image</html>".repeat(4))]);
    const ticket = await ask(outfall.id, { slot: "near", contentType: "image/jpeg", size: fake.length });
    await postToStorage(ticket.body.upload, fake, "image/jpeg");
    // Act
    const confirm = await call("POST", `/v1/outfalls/${outfall.id}/photos/${ticket.body.photoId}/confirm`, { as: CLERK });
    // Assess
    expect(confirm.status).toBe(422);
    expect(confirm.body.errors[0].message).toContain("无法解析");
  });
});

describe("evidence scope: who may confirm and supersede", () => {
  async function ticketFor(outfallId: string, slot: string, as: string) {
    const bytes = jpeg();
    const ticket = await ask(outfallId, { slot, contentType: "image/jpeg", size: bytes.length }, as);
    await postToStorage(ticket.body.upload, bytes, "image/jpeg");
    return ticket.body.photoId as string;
  }

  it("only the supervising department confirms and supersedes its monitoring photos", async () => {
    // Prepare: enforcement supervises urban stormwater outlets; eco does not
    const outfall = await newOutfall();
    const first = await ticketFor(outfall.id, "water-sample", ENFORCEMENT);
    const second = await ticketFor(outfall.id, "water-sample", ENFORCEMENT);
    // Act
    const confirmByEco = await call("POST", `/v1/outfalls/${outfall.id}/photos/${first}/confirm`, { as: DEPARTMENT });
    const confirmFirst = await call("POST", `/v1/outfalls/${outfall.id}/photos/${first}/confirm`, { as: ENFORCEMENT });
    await call("POST", `/v1/outfalls/${outfall.id}/photos/${second}/confirm`, { as: ENFORCEMENT });
    const supersedeByEco = await call("POST", `/v1/outfalls/${outfall.id}/photos/${first}/supersede`, { as: DEPARTMENT, body: { by: second, reason: "重新取样" } });
    const supersedeByOtherClerk = await call("POST", `/v1/outfalls/${outfall.id}/photos/${first}/supersede`, { as: OTHER_CLERK, body: { by: second, reason: "重新取样" } });
    const supersede = await call("POST", `/v1/outfalls/${outfall.id}/photos/${first}/supersede`, { as: ENFORCEMENT, body: { by: second, reason: "重新取样" } });
    // Assess
    expect(confirmByEco.status).toBe(403);
    expect(confirmByEco.body.errors[0].rule).toBe("R-SCOPE");
    expect(confirmFirst.status).toBe(200);
    expect(supersedeByEco.status).toBe(403);
    expect(supersedeByOtherClerk.status).toBe(403);
    expect(supersede.status).toBe(200);
  });

  it("refuses a supersede cycle, which would leave the slot without a live photo", async () => {
    // Prepare
    const outfall = await newOutfall();
    const token = await tokenFor(CLERK);
    const a = await uploadPhoto({ apiUrl: baseUrl(), token, outfallId: outfall.id, slot: "before", data: jpeg() });
    const b = await uploadPhoto({ apiUrl: baseUrl(), token, outfallId: outfall.id, slot: "before", data: png() });
    await call("POST", `/v1/outfalls/${outfall.id}/photos/${a.id}/supersede`, { as: CLERK, body: { by: b.id, reason: "角度不对" } });
    const before = (await call("GET", `/v1/outfalls/${outfall.id}`, { as: CLERK })).body.version;
    // Act
    const cycle = await call("POST", `/v1/outfalls/${outfall.id}/photos/${b.id}/supersede`, { as: CLERK, body: { by: a.id, reason: "还是原来的好" } });
    const after = (await call("GET", `/v1/outfalls/${outfall.id}`, { as: CLERK })).body;
    // Assess
    expect(cycle.status).toBe(422);
    expect(cycle.body.errors[0]).toMatchObject({ field: "by", rule: "R-PHOTO-SUPERSEDE" });
    expect(after.version).toBe(before);
    expect(after.photos.filter((p: { supersededBy?: string }) => !p.supersededBy).map((p: { id: string }) => p.id)).toEqual([b.id]);
  });
});
