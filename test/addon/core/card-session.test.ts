// The card's server side over fake ports (no Apps Script, no network): what it asks the API and how it answers
// the sidebar. The real round trips run in test/addon/card.test.ts against the local stack.
import { describe, expect, it } from "vitest";
import { confirmPhoto, loadCard, photoTicket, selectedOutfall, takeStep } from "../../../sheets-addon/src/core/card-session.js";
import type { HttpRequest } from "../../../sheets-addon/src/core/http.js";
import { fakeEnv, json } from "./fake-env.js";
import { fullRecord } from "./fixture.js";

const record = fullRecord({ id: "A", status: "remediating", allowedActions: ["complete"], blockers: [] });
const reads = (r: HttpRequest) => {
  if (r.method !== "get") return undefined;
  if (r.url.endsWith("/v1/outfalls/A")) return json(200, record);
  if (r.url.includes("/v1/outfalls/A/history")) return json(200, { items: [{ action: "plan", actor: "c@x", at: "2024-05-01T00:00:00Z", changes: [] }] });
  if (r.url.includes("/v1/outfalls/A/photos")) return json(200, { items: [] });
  return undefined;
};

describe("the record card's server functions", () => {
  it("reads the record, its history and photos together and builds the card", () => {
    const { env, sent } = fakeEnv(reads);
    const card = loadCard(env, "A");
    expect(card).toMatchObject({ id: "A", statusLabel: "整治中", steps: [{ action: "complete", label: "整治完成" }] });
    expect(sent.map((r) => r.url.replace("https://api.example.cn", ""))).toEqual(["/v1/reference", "/v1/outfalls/A", "/v1/outfalls/A/history?limit=200", "/v1/outfalls/A/photos?expiresIn=600"]);
    loadCard(env, "A");
    expect(sent.filter((r) => r.url.endsWith("/v1/reference"))).toHaveLength(1); // cached
  });

  it("sends a step with the card's version and answers the API's refusal with its violations", () => {
    const { env, sent } = fakeEnv((r) => {
      if (r.method === "post") return json(422, { title: "不能进行该操作", detail: "缺少「整治完成日期」", errors: [{ field: "completedAt", rule: "R-LIFECYCLE", message: "缺少" }] });
      return reads(r);
    });
    const refused = takeStep(env, "A", 4, "request-acceptance", {});
    const missing = takeStep(env, "A", 4, "complete", {});
    expect(JSON.parse(sent.find((r) => r.method === "post")!.payload!)).toEqual({ action: "request-acceptance", expectedVersion: 4 });
    expect(refused).toMatchObject({ ok: false, violations: [{ field: "completedAt", rule: "R-LIFECYCLE" }] });
    expect(missing).toMatchObject({ ok: false, violations: [{ field: "completedAt", rule: "R-REQUIRED" }] });
  });

  it("takes a step and reloads the card; the row refresh is reported when it cannot run", () => {
    const { env } = fakeEnv((r) => (r.method === "post" ? json(200, record) : reads(r)));
    const done = takeStep(env, "A", 4, "complete", { completedAt: "2024-05-20" });
    expect(done).toMatchObject({ ok: true, refreshed: false, message: "已办理「制定整治方案」，现为「整治中」" });
  });

  it("asks for an upload form, refuses a wrong file without asking, and confirms", () => {
    const { env, sent } = fakeEnv((r) => {
      if (r.url.endsWith("/photos") && r.method === "post") return json(201, { photoId: "P", upload: { url: "https://s3", fields: { key: "k" }, fileField: "file" } });
      if (r.url.endsWith("/photos/P/confirm")) return json(200, { id: "P" });
      if (r.url.endsWith("/photos/Q/confirm")) return json(422, { detail: "存储中的文件与声明不符", errors: [{ field: "sha256", rule: "R-FORMAT", message: "不符" }] });
      return reads(r);
    });
    expect(photoTicket(env, "A", { slot: "after", name: "a.jpg", type: "image/jpeg", size: 10, note: "n" })).toMatchObject({ ok: true, photoId: "P" });
    expect(JSON.parse(sent.at(-1)!.payload!)).toEqual({ slot: "after", contentType: "image/jpeg", size: 10, note: "n" });
    expect(photoTicket(env, "A", { slot: "after", name: "a.gif", type: "image/gif", size: 10 })).toMatchObject({ ok: false, violations: [{ rule: "R-ENUM" }] });
    expect(confirmPhoto(env, "A", "P")).toMatchObject({ ok: true, card: { id: "A" } });
    expect(confirmPhoto(env, "A", "Q")).toMatchObject({ ok: false, violations: [{ rule: "R-FORMAT" }] });
  });

  it("needs an API address and a selected ledger row", () => {
    const { env } = fakeEnv(reads, null);
    expect(() => loadCard(env, "A")).toThrow("还没有设置台账接口地址");
    expect(() => selectedOutfall(env)).toThrow("请先在「排污口台账」表中选中一行");
  });
});
