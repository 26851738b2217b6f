import { describe, expect, it } from "vitest";
import { buildCard, checkPhotoFile, chinaTime, missingRequired, stepPayload } from "../../../sheets-addon/src/core/card.js";
import { fullRecord, ref } from "./fixture.js";

const photo = (id: string, slot: string) => ({ id, slot, uploadedAt: "2024-05-20T02:30:00.000Z", uploadedBy: "c@x", url: `https://s3/${id}` });

describe("the record card's view of a record", () => {
  it("labels the state, deadline, blockers, steps with their form fields, photos by slot and history in Chinese", () => {
    // Prepare
    const record = fullRecord({
      status: "awaiting-acceptance", effectiveDeadline: "2025-12-31", deadlineLabel: "其余全部排污口", overdue: true, daysToDeadline: -3,
      allowedActions: ["reject"], blockers: [{ action: "accept", field: "photos", rule: "R-CLOSE-EVIDENCE", message: "缺少「整治后」照片" }],
    });
    const history = [
      { action: "create", actor: "c@x", at: "2024-03-01T02:00:00Z", changes: [{ field: "status", before: undefined, after: "suspected" }] },
      { action: "request-acceptance", actor: "c@x", at: "2024-05-21T02:00:00Z", note: "申请验收", evidence: ["p1", "gone"], changes: [{ field: "status", before: "remediating", after: "awaiting-acceptance" }, { field: "floodSafety", before: undefined, after: { affects: true, measures: "加固堤防" } }, { field: "problems", before: [], after: ["uncollected"] }] },
    ];
    // Act
    const card = buildCard(record, history, [photo("p1", "before"), { ...photo("p2", "before"), url: undefined, withheld: "已停止提供下载" }], ref);
    // Assess
    expect(card).toMatchObject({ statusLabel: "待验收", deadline: "2025-12-31", deadlineRule: "其余全部排污口", overdue: true, daysToDeadline: -3 });
    expect(card.blockers).toEqual([{ actionLabel: "验收通过", field: expect.any(String), rule: "R-CLOSE-EVIDENCE", ruleText: expect.any(String), message: "缺少「整治后」照片" }]);
    expect(card.steps).toEqual([{ action: "reject", label: "验收退回", fields: [{ key: "note", label: "退回理由", kind: "textarea", required: true }] }]);
    expect(card.photoSlots).toEqual([expect.objectContaining({ key: "before", label: "整治前", photos: [expect.objectContaining({ url: "https://s3/p1", uploadedAt: "2024-05-20 10:30" }), expect.objectContaining({ withheld: "已停止提供下载" })] })]);
    expect(card.history[0]).toMatchObject({ what: "申请验收", at: "2024-05-21 10:00", photos: ["整治前照片", "gone"] });
    expect(card.history[0]!.note).toBeUndefined();
    expect(card.history[0]!.changes).toEqual(["状态：整治中 → 待验收", expect.stringMatching(/：空值 → 是（加固堤防）$/), expect.stringMatching(/：空值 → /)]);
    expect(card.history[1]).toMatchObject({ what: "登记", changes: ["状态：空值 → 疑似"] });
  });

  it("names each history entry's channel and the supervision actions in Chinese", () => {
    // Prepare
    const history = [
      { action: "create", actor: "c@x", at: "2024-03-01T02:00:00Z", channel: "sheet", changes: [] },
      { action: "photo", actor: "c@x", at: "2024-03-02T02:00:00Z", channel: "app", changes: [] },
      { action: "patrol", actor: "c@x", at: "2024-03-03T02:00:00Z", channel: "app", changes: [] },
    ];
    // Act
    const card = buildCard(fullRecord(), history, [], ref);
    // Assess
    expect(card.history.map((l) => [l.what, l.channel])).toEqual([
      ["巡查", "外业App"],
      ["上传照片", "外业App"],
      ["登记", "在线表格"],
    ]);
  });

  it("offers dropdowns from the reference data and the record's photos", () => {
    const card = buildCard(fullRecord({ allowedActions: ["plan", "dry-weather-check"] }), [], [photo("p1", "near")], ref);
    const [plan, check] = card.steps;
    expect(plan!.fields.find((f) => f.key === "problems")!.options!.length).toBeGreaterThan(3);
    expect(check!.fields.find((f) => f.key === "photoId")!.options).toEqual([{ key: "p1", label: "近景 · 2024-05-20 10:30" }]);
  });
});

describe("step forms and photo files", () => {
  it("turns form values into the transition's payload", () => {
    expect(stepPayload("trace", { "party.name": " 物业 ", "party.kind": "residential", responsibilityBasis: "traced", subcategory: "" })).toEqual({
      action: "trace", responsibleParties: [{ name: "物业", kind: "residential" }], responsibilityBasis: "traced",
    });
    expect(stepPayload("plan", { remediation: "ban", problems: "uncollected，dry-weather", "floodSafety.affects": "false" })).toEqual({
      action: "plan", remediation: "ban", problems: ["uncollected", "dry-weather"], floodSafety: { affects: false },
    });
    expect(stepPayload("dry-weather-check", { flowObserved: "是", checkedAt: "2024-06-01" })).toMatchObject({ flowObserved: true });
    expect(stepPayload("accept", {})).toEqual({ action: "accept" });
  });

  it("names the required fields left empty", () => {
    expect(missingRequired("override-deadline", { date: "2025-01-01", reason: "  " })).toEqual([{ field: "reason", rule: "R-REQUIRED", message: "请填写「理由」" }]);
    expect(missingRequired("plan", { remediation: "keep" })).toEqual([]);
  });

  it("checks a file's type and size before asking for a form", () => {
    expect(checkPhotoFile({ name: "a.jpg", type: "image/jpeg", size: 1000 })).toBeUndefined();
    expect(checkPhotoFile({ name: "a.pdf", type: "application/pdf", size: 1000 })).toMatchObject({ rule: "R-ENUM" });
    expect(checkPhotoFile({ name: "big.jpg", type: "image/jpeg", size: 21 * 1024 * 1024 })).toMatchObject({ rule: "R-RANGE", message: expect.stringContaining("21.0 MB") });
    expect(chinaTime("not a time")).toBe("not a time");
  });
});
