import { describe, expect, it } from "vitest";
import { uploadPhoto } from "../../functions/src/contracts/upload-photo.js";
import { jpeg } from "../fixtures/images.js";
import { baseUrl, call, tokenFor } from "./client.js";
import { chinaToday, create, expectRule, ok, photos, snapshot, step, traced, version } from "./steps.js";
import { CLERK, COORDINATOR, ENFORCEMENT, OTHER_CLERK } from "./users.js";

const confirmedStormwater = (values: Record<string, unknown> = {}) => create({ surveyLevel: 2, status: "confirmed", subcategory: "urban-stormwater", ...values });

describe("two inventories", () => {
  it("every record says its inventory; lists and the outfall list filter by it", async () => {
    // Prepare (other files fill 凯旋街道 with thousands of records: the lists read from this test's start)
    const since = encodeURIComponent(new Date().toISOString());
    const storm = await confirmedStormwater();
    const sewage = await create({ subcategory: "urban-domestic-scattered", problems: ["uncollected"] });
    // Act
    const stormOnly = await call("GET", `/v1/outfalls?subdistrict=kaixuan&inventory=stormwater&limit=1000&updatedSince=${since}`, { as: CLERK });
    const outfallsOnly = await call("GET", `/v1/outfalls?subdistrict=kaixuan&inventory=outfall&limit=1000&updatedSince=${since}`, { as: CLERK });
    const problemList = await call("GET", "/v1/lists/problems?subdistrict=kaixuan&inventory=outfall", { as: CLERK });
    const management = await call("GET", "/v1/lists/management?subdistrict=kaixuan&inventory=stormwater", { as: CLERK });
    const bad = await call("GET", "/v1/outfalls?subdistrict=kaixuan&inventory=rain", { as: CLERK });
    // Assess
    expect(storm.inventory).toBe("stormwater");
    expect(sewage.inventory).toBe("outfall");
    const ids = (r: any) => r.body.items.map((i: any) => i.id);
    expect(ids(stormOnly)).toContain(storm.id);
    expect(ids(stormOnly)).not.toContain(sewage.id);
    expect(stormOnly.body.items.every((i: any) => i.inventory === "stormwater")).toBe(true);
    expect(ids(outfallsOnly)).toContain(sewage.id);
    expect(ids(outfallsOnly)).not.toContain(storm.id);
    expect(problemList.body.scope).toBe("凯旋街道·排污口清单");
    expect(problemList.body.rows.every((r: any) => r.inventory === "排污口清单")).toBe(true);
    expect(management.body.rows.map((r: any) => r.tempId)).toContain(storm.tempId);
    expect(management.body.rows.map((r: any) => r.tempId)).not.toContain(sewage.tempId);
    expectRule(bad, 400, "R-ENUM");
  });

  it("progress counts the inventories apart", async () => {
    // Prepare
    await confirmedStormwater();
    // Act
    const progress = await call("GET", "/v1/progress", { as: COORDINATOR });
    // Assess
    const { district, byInventory } = progress.body;
    expect(byInventory.map((g: any) => g.key)).toEqual(["outfall", "stormwater"]);
    expect(byInventory[0].total + byInventory[1].total).toBe(district.total);
    expect(district.inventory.stormwater.total).toBe(byInventory[1].total);
    expect(district.inventory.outfall.total).toBe(byInventory[0].total);
  });
});

describe("the stormwater short path", () => {
  it("a plain stormwater outlet: dry-weather check, then registered by its subdistrict — no tracing, no acceptance", async () => {
    // Prepare
    const o = await confirmedStormwater();
    // Act
    const unchecked = await step(o.id, "register-stormwater");
    const [photoId] = await photos(o.id, "near");
    const checked = await ok(o.id, "dry-weather-check", { checkedAt: chinaToday(), flowObserved: false, photoId });
    const otherClerk = await step(o.id, "register-stormwater", {}, OTHER_CLERK);
    const registered = await ok(o.id, "register-stormwater");
    const history = (await call("GET", `/v1/outfalls/${o.id}/history?limit=100`, { as: CLERK })).body.items;
    // Assess
    expectRule(unchecked, 422, "R-CLOSE-EVIDENCE");
    expect(checked.dryWeatherChecks).toEqual([expect.objectContaining({ checkedAt: chinaToday(), flowObserved: false, photoId, by: CLERK })]);
    expectRule(otherClerk, 403, "R-SCOPE");
    expect(otherClerk.body.errors[0].message).toContain("您是湖滨街道经办人");
    expect(registered).toMatchObject({ status: "retained", action: "keep", done: true, inventory: "stormwater", overdue: false });
    expect(registered.acceptance).toBeUndefined();
    expect(registered.responsibleParties).toEqual([]);
    expect(history.find((h: any) => h.action === "dry-weather-check").evidence).toEqual([photoId]);
    expect(history.at(-1)).toMatchObject({ action: "register-stormwater", actor: CLERK });
  });

  it("water found in dry weather sends the outlet down the long path: no registration, no keep", async () => {
    // Prepare
    const o = await confirmedStormwater();
    const [photoId] = await photos(o.id, "near");
    // Act
    const wet = await ok(o.id, "dry-weather-check", { checkedAt: chinaToday(), flowObserved: true, photoId });
    const before = await snapshot(o.id);
    const register = await step(o.id, "register-stormwater");
    const unflag = await call("PATCH", `/v1/outfalls/${o.id}`, { as: CLERK, body: { dryWeatherFlow: false }, headers: { "if-match": String(version.get(o.id)) } });
    const after = await snapshot(o.id);
    // Assess
    expect(wet).toMatchObject({ dryWeatherFlow: true, problems: ["dry-weather"], onProblemList: true });
    expectRule(register, 422, "R-CLOSE-EVIDENCE");
    expectRule(unflag, 422, "R-CLOSE-EVIDENCE");
    expect(after).toEqual(before);
  });

  it("the check photo must be this outfall's, taken on the check date (EXIF time, else upload time)", async () => {
    // Prepare
    const o = await confirmedStormwater();
    const old = await uploadPhoto({ apiUrl: baseUrl(), token: await tokenFor(CLERK), outfallId: o.id, slot: "near", data: jpeg({ dateTimeOriginal: "2024:06:01 10:00:00" }) });
    version.set(o.id, (await call("GET", `/v1/outfalls/${o.id}`, { as: CLERK })).body.version);
    // Act
    const wrongDay = await step(o.id, "dry-weather-check", { checkedAt: chinaToday(), flowObserved: false, photoId: old.id });
    const onItsDay = await step(o.id, "dry-weather-check", { checkedAt: "2024-06-01", flowObserved: false, photoId: old.id });
    const unknownPhoto = await step(o.id, "dry-weather-check", { checkedAt: chinaToday(), flowObserved: false, photoId: "nope" });
    const future = await step(o.id, "dry-weather-check", { checkedAt: "2099-01-01", flowObserved: false, photoId: old.id });
    const notStormwater = await create({ surveyLevel: 2, status: "confirmed", subcategory: "ditch-creek" });
    const wrongKind = await step(notStormwater.id, "dry-weather-check", { checkedAt: chinaToday(), flowObserved: false, photoId: old.id });
    // Assess
    expectRule(wrongDay, 422, "R-CLOSE-EVIDENCE");
    expect(wrongDay.body.errors[0]).toMatchObject({ field: "photoId" });
    expect(wrongDay.body.errors[0].message).toContain("EXIF拍摄时间为 2024-06-01");
    expect(onItsDay.status).toBe(200);
    expectRule(unknownPhoto, 422, "R-CLOSE-EVIDENCE");
    expect(future.body.errors[0].message).toContain("晚于今天");
    expectRule(wrongKind, 422, "R-LIFECYCLE");
  });

  it("gaming path: a dry-weather outlet planned keep, accepted and retained while still discharging is refused", async () => {
    // Prepare
    const o = await traced({ subcategory: "urban-stormwater", dryWeatherFlow: true, problems: ["dry-weather"], signboard: { installed: true, installedAt: "2023-09-01" } });
    const before = await snapshot(o.id);
    // Act
    const keep = await step(o.id, "plan", { remediation: "keep" });
    const byPatch = await call("PATCH", `/v1/outfalls/${o.id}`, { as: CLERK, body: { action: "keep" }, headers: { "if-match": String(version.get(o.id)) } });
    const after = await snapshot(o.id);
    // Assess
    expectRule(keep, 422, "R-CLOSE-EVIDENCE");
    expectRule(byPatch, 422, "R-CLOSE-EVIDENCE");
    expect(after).toEqual(before);
    expect(await step(o.id, "accept", {}, ENFORCEMENT)).toMatchObject({ status: 422 });
  });
});
