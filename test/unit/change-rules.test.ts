import { describe, expect, it } from "vitest";
import { loadReference } from "../../functions/reference/index.js";
import type { Principal } from "../../functions/src/domain/access.js";
import { type ChangeContext, changeRules } from "../../functions/src/domain/change-rules.js";
import type { Outfall } from "../../functions/src/domain/outfall.js";
import { outfall } from "./outfall-fixture.js";
import type { PhotoEntry } from "../../functions/src/domain/photo.js";
import { captureDate, checkDryWeatherInput, inventoryOf, registrationRules } from "../../functions/src/domain/stormwater.js";

const ref = loadReference();
const clerk: Principal = { email: "c@x", role: "clerk", subdistrict: "kaixuan" };
const coordinator: Principal = { email: "k@x", role: "coordinator" };
const eco: Principal = { email: "e@x", role: "department", department: "eco" };
const enforcement: Principal = { email: "f@x", role: "department", department: "enforcement" };

const rules = (before: Outfall, after: Partial<Outfall>, ctx: Partial<ChangeContext> = {}) =>
  changeRules(before, { ...before, ...after } as Outfall, { actor: clerk, ref, transitionCap: "2027-12-31", ...ctx }).map((v) => v.rule);

describe("rules about who changes what", () => {
  it("R-PROTECTED: anyone sets a zone flag; clearing one needs the coordinator's clear-zone step", () => {
    const zoned = outfall({ zones: { drinkingWaterProtection: true } });
    expect(rules(outfall(), { zones: { natureReserve: true } })).toEqual([]);
    expect(rules(zoned, { zones: {} })).toEqual(["R-PROTECTED"]);
    expect(rules(zoned, { zones: { drinkingWaterProtection: false } }, { actor: coordinator })).toEqual(["R-PROTECTED"]);
    expect(rules(zoned, { zones: { drinkingWaterProtection: false } }, { actor: coordinator, step: "clear-zone" })).toEqual([]);
  });

  it("R-APPROVAL: the approval record is entered by the eco bureau or a coordinator, never the clerk", () => {
    const approval = { status: "approved" as const, documentNo: "杭环上审〔2021〕12号", authority: "市生态环境局上城分局", date: "2021-05-10" };
    expect(rules(outfall(), { approval })).toEqual(["R-APPROVAL"]);
    expect(rules(outfall(), { approval }, { actor: enforcement })).toEqual(["R-APPROVAL"]);
    expect(rules(outfall(), { approval }, { actor: eco })).toEqual([]);
    expect(rules(outfall(), { approval }, { actor: coordinator })).toEqual([]);
  });

  it("R-TRANSITION: a period ends by the campaign's cap; only a coordinator revokes one", () => {
    const period = { until: "2027-06-30", reason: "老旧小区改造同步实施" };
    expect(rules(outfall(), { transitionUntil: period })).toEqual([]);
    expect(rules(outfall(), { transitionUntil: { ...period, until: "2029-12-31" } })).toEqual(["R-TRANSITION"]);
    expect(rules(outfall({ transitionUntil: period }), { transitionUntil: undefined })).toEqual(["R-TRANSITION"]);
    expect(rules(outfall({ transitionUntil: period }), { transitionUntil: undefined }, { actor: coordinator })).toEqual([]);
  });

  it("R-RECLASSIFY: after a plan the subcategory changes only by the coordinator's reclassify step", () => {
    const planned = outfall({ action: "standardize", status: "remediating" });
    expect(rules(outfall(), { subcategory: "ditch-creek" })).toEqual([]);
    expect(rules(planned, { subcategory: "ditch-creek" })).toEqual(["R-RECLASSIFY"]);
    expect(rules(planned, { subcategory: "ditch-creek" }, { actor: coordinator })).toEqual(["R-RECLASSIFY"]);
    expect(rules(planned, { subcategory: "ditch-creek" }, { actor: coordinator, step: "reclassify" })).toEqual([]);
  });

  it("R-DONE-FROZEN: a done record takes contacts, signboard and notes only", () => {
    const party = { name: "景芳三区物业", kind: "residential" as const, contact: "王工" };
    for (const status of ["closed", "retained", "dismissed"] as const) {
      const done = outfall({ status, responsibleParties: [party] });
      expect(rules(done, { responsibleParties: [{ ...party, contact: "李工", phone: "0571-87000000" }] })).toEqual([]);
      expect(rules(done, { signboard: { installed: true, installedAt: "2024-05-01" }, problemNote: "巡查正常" })).toEqual([]);
      expect(rules(done, { zones: { drinkingWaterProtection: true } })).toEqual([]); // a flag may always be added
      expect(rules(done, { responsibleParties: [{ ...party, name: "另一物业" }] })).toEqual(["R-DONE-FROZEN"]);
      expect(rules(done, { plan: "改写方案" })).toEqual(["R-DONE-FROZEN"]);
      expect(rules(done, { plan: "改写方案" }, { actor: coordinator })).toEqual(["R-DONE-FROZEN"]);
    }
  });

  it("dry weather, once recorded, is corrected only by a coordinator", () => {
    const dry = outfall({ subcategory: "urban-stormwater", dryWeatherFlow: true });
    expect(rules(dry, { dryWeatherFlow: false })).toEqual(["R-CLOSE-EVIDENCE"]);
    expect(rules(dry, { dryWeatherFlow: false }, { actor: coordinator })).toEqual([]);
  });
});

describe("the two inventories and the stormwater short path", () => {
  const photo = (over: Partial<PhotoEntry>): PhotoEntry =>
    ({ id: "P1", slot: "near", contentType: "image/jpeg", size: 1, sha256: "", uploadedBy: "c@x", uploadedAt: "2026-11-30T03:00:00Z", key: "", ...over }) as PhotoEntry;

  it("the inventory follows the subcategory's stormwater flag", () => {
    expect(inventoryOf({ subcategory: "urban-stormwater" }, ref)).toBe("stormwater");
    expect(inventoryOf({ subcategory: "industrial-enterprise-stormwater" }, ref)).toBe("outfall");
    expect(inventoryOf({ subcategory: undefined }, ref)).toBe("outfall");
  });

  it("a photo's capture date is its EXIF time, else its upload time, on the China calendar", () => {
    expect(captureDate(photo({ takenAt: "2026-11-28T23:30:00+08:00", takenAtSource: "exif" }))).toEqual({ date: "2026-11-28", source: "EXIF拍摄时间" });
    expect(captureDate(photo({ takenAt: "2026-11-28T08:00:00+08:00", takenAtSource: "client" }))).toEqual({ date: "2026-11-30", source: "上传时间" });
    expect(captureDate(photo({ uploadedAt: "2026-11-29T17:00:00Z" })).date).toBe("2026-11-30");
  });

  it("a dry-weather check needs a stormwater outlet and this outfall's photo taken on the check date", () => {
    const storm = outfall({ subcategory: "urban-stormwater", status: "confirmed", photos: [photo({})] });
    const now = "2026-11-30T06:00:00Z";
    const input = { checkedAt: "2026-11-30", flowObserved: false, photoId: "P1" };
    expect(checkDryWeatherInput(storm, input, ref, now)).toEqual([]);
    expect(checkDryWeatherInput({ ...storm, subcategory: "ditch-creek" }, input, ref, now).map((v) => v.rule)).toEqual(["R-LIFECYCLE"]);
    expect(checkDryWeatherInput(storm, { ...input, photoId: "P9" }, ref, now)[0]!.field).toBe("photoId");
    expect(checkDryWeatherInput(storm, { ...input, checkedAt: "2026-11-29" }, ref, now)[0]!.message).toContain("上传时间为 2026-11-30");
    expect(checkDryWeatherInput(storm, { ...input, checkedAt: "2026-12-01" }, ref, now)[0]!.message).toContain("晚于今天");
  });

  it("registration needs a plain stormwater outlet whose latest check found no flow", () => {
    const check = (checkedAt: string, flowObserved: boolean) => ({ checkedAt, flowObserved, photoId: "P1", by: "c@x", at: "2026-11-30T03:00:00Z" });
    const storm = outfall({ subcategory: "urban-stormwater", status: "confirmed" });
    expect(registrationRules({ ...storm, dryWeatherChecks: [check("2026-11-30", false)] }, ref)).toEqual([]);
    expect(registrationRules(storm, ref).map((v) => v.field)).toEqual(["dryWeatherChecks"]);
    expect(registrationRules({ ...storm, dryWeatherChecks: [check("2026-11-20", false), check("2026-11-30", true)] }, ref)[0]!.message).toContain("有水排出");
    expect(registrationRules({ ...storm, dryWeatherFlow: true, dryWeatherChecks: [check("2026-11-30", false)] }, ref)[0]!.field).toBe("dryWeatherFlow");
    expect(registrationRules({ ...storm, subcategory: "ditch-creek" }, ref).map((v) => v.rule)).toEqual(["R-LIFECYCLE"]);
  });
});

describe("fields are named by their Chinese label", () => {
  it("every field of the record and of every step's payload has a label", async () => {
    const { FIELD_LABELS, fieldLabel } = await import("../../functions/src/domain/fields.js");
    const { EDITABLE_FIELDS, SYSTEM_FIELDS } = await import("../../functions/src/domain/outfall.js");
    const { TRANSITION_PAYLOADS } = await import("../../functions/src/domain/transition-payloads.js");
    const payloadFields = Object.values(TRANSITION_PAYLOADS).flatMap((schema) => Object.keys(schema.shape));
    const unlabelled = [...new Set([...EDITABLE_FIELDS, ...SYSTEM_FIELDS, ...payloadFields, "inventory"])].filter((f) => !FIELD_LABELS[f]);
    expect(unlabelled).toEqual([]);
    expect(fieldLabel("sewerConnection.connectionPoint")).toBe("接入点");
    expect(fieldLabel("floodSafety.measures")).toBe("消除安全隐患措施");
  });
});
