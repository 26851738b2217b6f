// The record card's server functions (查看/办理) in the simulated Apps Script runtime against the local stack:
// a clerk carries an outfall from 疑似 through 待验收 with its photos, a refused step names its rule, and the
// supervising department accepts and closes it out from the same card.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jpeg } from "../fixtures/images.js";
import { LEDGER, addonFor, api, outfall, rowById } from "./helpers.js";
import type { AddonRuntime } from "./sim/runtime.js";

const CLERK = "clerk.ziyang@addon.test";
const DEPARTMENT = "enforcement@addon.test";

/** What the sidebar does with a photo: ask for a form, post the file to storage, confirm. */
async function upload(rt: AddonRuntime, id: string, slot: string, bytes = jpeg()) {
  const ticket = rt.call("cardPhotoTicket", id, { slot, name: `${slot}.jpg`, type: "image/jpeg", size: bytes.length, note: `${slot} 照片` });
  expect(ticket.ok, JSON.stringify(ticket)).toBe(true);
  const form = new FormData();
  for (const [k, v] of Object.entries(ticket.upload.fields as Record<string, string>)) form.append(k, v);
  form.append(ticket.upload.fileField, new Blob([bytes], { type: "image/jpeg" }), `${slot}.jpg`);
  const stored = await fetch(ticket.upload.url, { method: "POST", body: form });
  expect(stored.status).toBeLessThan(300);
  return rt.call("cardPhotoConfirm", id, ticket.photoId);
}

describe("the record card (查看/办理) in Apps Script", () => {
  let rt: AddonRuntime;
  let department: AddonRuntime;
  let id: string;

  beforeAll(async () => {
    // Prepare: one suspected outfall of 紫阳街道 in the clerk's sheet, its row selected
    const created = await api("POST", "/v1/outfalls", CLERK, outfall("ziyang", 1, { subcategory: "urban-domestic-scattered", surveyLevel: 1 }));
    id = created.body.id;
    rt = await addonFor(CLERK);
    rt.call("pullLedger");
    department = await addonFor(DEPARTMENT);
  });
  afterAll(async () => {
    await rt?.close();
    await department?.close();
  });

  it("opens from the menu for the selected row with the steps the API allows and what is missing", () => {
    // Act
    rt.select(LEDGER, [rowById(rt, id).row]);
    rt.call("showCard");
    const card = rt.call("getCard");
    // Assess
    expect(rt.ui.menus.flatMap((m: any) => m.items.map((i: any) => i.label))).toContain("查看/办理（选中行）");
    expect(rt.ui.dialogs.at(-1)).toMatchObject({ kind: "sidebar", title: "排污口 · 查看/办理" });
    expect(card).toMatchObject({ id, statusLabel: "疑似", overdue: true }); // the campaign's dates are past
    expect(card.deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(card.deadlineRule).toBeTruthy();
    expect(card.steps.map((s: any) => s.label)).toEqual(["核实（确认为排污口）"]);
    expect(card.blockers).toEqual([expect.objectContaining({ actionLabel: "认定非排污口", rule: "R-DISMISS", message: "认定非排污口须至少上传一张现场照片作为依据" })]);
    expect(card.history[0]).toMatchObject({ what: "登记", who: CLERK });
  });

  it("a refused step shows its rule in place; a missing required field is caught before sending", () => {
    // Act
    const refused = rt.call("cardStep", id, 1, "dismiss", { note: "废管" });
    const empty = rt.call("cardStep", id, 1, "reject", {});
    // Assess
    expect(refused.ok).toBe(false);
    expect(refused.violations).toContainEqual(expect.objectContaining({ field: "note", rule: "R-DISMISS" }));
    expect(empty).toMatchObject({ ok: false, violations: [{ field: "note", rule: "R-REQUIRED", message: "请填写「退回理由」" }] });
  });

  it("confirm, trace and plan through the card; the sheet's row follows", () => {
    // Act
    let card = rt.call("getCard", id);
    const confirmed = rt.call("cardStep", id, card.version, "confirm", { surveyedAt: "2024-03-01", surveyedBy: "紫阳排查组" });
    const traced = rt.call("cardStep", id, confirmed.card.version, "trace", { "party.name": "上羊市街物业", "party.kind": "residential", responsibilityBasis: "traced" });
    const planned = rt.call("cardStep", id, traced.card.version, "plan", { remediation: "ban", plan: "截污纳管后封堵排口", problems: ["uncollected"], "floodSafety.affects": "false" });
    card = planned.card;
    // Assess
    expect(confirmed).toMatchObject({ ok: true, refreshed: true });
    expect(traced.card.statusLabel).toBe("已溯源");
    expect(planned.ok, JSON.stringify(planned)).toBe(true);
    expect(card.statusLabel).toBe("整治中");
    expect(rowById(rt, id).get("status")).toBe("整治中");
    expect(card.history[0]).toMatchObject({ what: "制定整治方案", who: CLERK });
    expect(card.history[0].changes).toContain("状态：已溯源 → 整治中");
    const plan = card.steps.find((s: any) => s.action === "plan");
    expect(plan.fields.find((f: any) => f.key === "remediation")).toMatchObject({ label: "整治类型", required: true, options: expect.arrayContaining([{ key: "ban", label: "依法取缔" }]) });
  });

  it("photos go through the real presigned form and show by slot; a wrong file names its rule", async () => {
    // Act
    const notImage = rt.call("cardPhotoTicket", id, { slot: "after", name: "说明.pdf", type: "application/pdf", size: 1000 });
    const confirmed = [];
    for (const slot of ["before", "after", "sealing"]) confirmed.push(await upload(rt, id, slot));
    const card = confirmed.at(-1).card;
    // Assess
    expect(notImage).toMatchObject({ ok: false, violations: [{ field: "contentType", rule: "R-ENUM" }] });
    expect(confirmed.every((c) => c.ok)).toBe(true);
    expect(card.photoSlots.map((s: any) => s.label)).toEqual(["整治前", "整治后", "封堵/拆除"]);
    expect(card.photoSlots[1].photos[0].url).toMatch(/^http/);
    expect(card.history[0]).toMatchObject({ what: "上传照片" });
  });

  it("complete and ask for acceptance; the department accepts and closes out from the same card", () => {
    // Act
    let card = rt.call("getCard", id);
    card = rt.call("cardStep", id, card.version, "complete", { completedAt: "2024-05-20" }).card;
    card = rt.call("cardStep", id, card.version, "request-acceptance", {}).card;
    const seen = department.call("getCard", id);
    const accepted = department.call("cardStep", id, seen.version, "accept", { note: "现场核查已封堵" });
    const closed = department.call("cardStep", id, accepted.card.version, "close", {});
    // Assess
    expect(card.statusLabel).toBe("待验收");
    expect(card.steps).toEqual([]);
    expect(seen.steps.map((s: any) => s.action)).toEqual(["accept", "reject"]);
    expect(accepted.ok, JSON.stringify(accepted)).toBe(true);
    expect(closed.card.statusLabel).toBe("已销号");
    expect(closed.card.history[0]).toMatchObject({ what: "销号", who: DEPARTMENT });
    expect(closed.card.history[0].photos).toEqual(expect.arrayContaining(["整治前照片", "整治后照片", "封堵/拆除照片"]));
    rt.call("pullLedger");
    expect(rowById(rt, id).get("status")).toBe("已销号");
  });
});
