// Public disclosure over HTTP without a token: the public page, the same 404 for unknown and non-public
// ids, closed notices and 销号公示, open data, signboards (signed in) and their scope.
import { describe, expect, it } from "vitest";
import { NO_FLOOD_RISK, create, ok, photos, traced } from "./steps.js";
import { workerServer } from "./worker-server.js";
import { CLERK, ENFORCEMENT, OTHER_CLERK } from "./users.js";

const worker = workerServer();
const here = worker.call;

const SECURITY = ["content-security-policy", "referrer-policy", "x-content-type-options"];

/** An outfall under remediation (规范整治) whose responsible party is a private individual with a phone. */
async function remediating(values: Record<string, unknown> = {}) {
  const individual = { name: "张三丰", kind: "individual", phone: "13800001111" };
  const o = await traced(values, [individual]);
  return ok(o.id, "plan", { remediation: "standardize", plan: "规范排口、立牌（内部备注：勿外传）", problems: ["no-signboard"] });
}

describe("the public page of an outfall", () => {
  it("shows public fields without a token, never an individual's name or phone, with the security headers", async () => {
    // Prepare
    const o = await remediating();
    // Act
    const reply = await here("GET", `/p/${o.tempId}`);
    // Assess
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toContain("text/html");
    for (const h of SECURITY) expect(reply.headers.get(h), h).toBeTruthy();
    expect(reply.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(reply.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(reply.headers.get("referrer-policy")).toBe("no-referrer");
    expect(reply.headers.get("x-content-type-options")).toBe("nosniff");
    expect(reply.body).toContain(o.tempId);
    expect(reply.body).toContain("整治中");
    expect(reply.body).toContain("个人（不公开）");
    expect(reply.body).toContain("数据纠错");
    expect(reply.body).not.toContain("张三丰");
    expect(reply.body).not.toContain("13800001111");
    expect(reply.body).not.toContain("内部备注");
    expect(reply.body).not.toContain("<script");
  });

  it("answers an unknown id and a non-public record with byte-identical 404 pages", async () => {
    // Prepare
    const suspected = await create();
    // Act
    const hidden = await here("GET", `/p/${suspected.tempId}`);
    const unknown = await here("GET", "/p/SC-KX-9999");
    const garbage = await here("GET", "/p/%3Cscript%3E");
    // Assess
    expect(hidden.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(garbage.status).toBe(404);
    expect(hidden.body).toBe(unknown.body);
    expect(garbage.body).toBe(unknown.body);
    expect(hidden.headers.get("content-type")).toBe(unknown.headers.get("content-type"));
  });

  it("says a closed-out outfall was closed and when, and lists it in 销号公示", async () => {
    // Prepare
    const o = await traced({ subcategory: "urban-domestic-scattered" });
    await ok(o.id, "plan", { remediation: "ban", plan: "截污纳管后封堵排口", problems: ["uncollected"], floodSafety: NO_FLOOD_RISK });
    await photos(o.id, "before", "after", "sealing");
    await ok(o.id, "complete", { completedAt: "2024-05-20" });
    await ok(o.id, "request-acceptance");
    await ok(o.id, "accept", {}, ENFORCEMENT);
    const closed = await ok(o.id, "close", {}, ENFORCEMENT);
    // Act
    const page = await here("GET", `/p/${o.tempId}`);
    const closeouts = await here("GET", "/p/closeouts");
    // Assess
    expect(page.status).toBe(200);
    expect(page.body).toContain("已销号");
    expect(page.body).toContain(new Date(new Date(closed.closedAt).getTime() + 8 * 3600_000).toISOString().slice(0, 10));
    expect(page.body).not.toContain("责任主体");
    expect(closeouts.status).toBe(200);
    expect(closeouts.body).toContain(o.tempId);
    expect(closeouts.body).toContain("已销号（依法取缔）");
    for (const h of SECURITY) expect(closeouts.headers.get(h), h).toBeTruthy();
  });

  it("serves open data of public outfalls only, as GeoJSON and CSV with the licence and the last update", async () => {
    // Prepare
    const shown = await remediating();
    const hidden = await create();
    // Act
    const geo = await here("GET", "/p/open/outfalls.geojson");
    const csv = await here("GET", "/p/open/outfalls.csv");
    const other = await here("GET", "/p/open/secrets.json");
    // Assess
    expect(geo.status).toBe(200);
    expect(geo.headers.get("content-type")).toContain("application/geo+json");
    expect(geo.body.licence).toContain("CC BY 4.0");
    expect(geo.body.lastUpdated).toMatch(/^\d{4}-\d\d-\d\dT/);
    const feature = geo.body.features.find((f: any) => f.id === shown.tempId);
    expect(feature).toMatchObject({ geometry: { type: "Point", coordinates: [shown.longitude, shown.latitude] }, properties: { statusLabel: "整治中", responsibleParty: "个人（不公开）" } });
    expect(geo.body.features.some((f: any) => f.id === hidden.tempId)).toBe(false);
    expect(JSON.stringify(geo.body)).not.toContain("13800001111");
    expect(csv.status).toBe(200);
    expect(csv.body).toContain("临时编号,国家编码,名称,状态");
    expect(csv.body).toContain(shown.tempId);
    expect(csv.body).not.toContain(hidden.tempId);
    expect(csv.body).toContain("许可：");
    expect(csv.body).toContain("数据更新时间：");
    expect(other.status).toBe(404);
  });
});

describe("signboards", () => {
  it("draws a 480 × 300 mm SVG with the facts and the report phone for a signed-in clerk of the subdistrict; others are refused", async () => {
    // Prepare
    const o = await remediating();
    // Act
    const svg = await here("GET", `/v1/outfalls/${o.id}/signboard.svg`, { as: CLERK });
    const anonymous = await here("GET", `/v1/outfalls/${o.id}/signboard.svg`);
    const otherClerk = await here("GET", `/v1/outfalls/${o.id}/signboard.svg`, { as: OTHER_CLERK });
    // Assess
    expect(svg.status).toBe(200);
    expect(svg.headers.get("content-type")).toContain("image/svg+xml");
    expect(svg.body).toContain('width="480mm" height="300mm"');
    expect(svg.body).toContain(o.tempId);
    expect(svg.body).toContain("12345");
    expect(svg.body).toContain('class="qr"');
    expect(svg.body).not.toContain("张三丰");
    expect(anonymous.status).toBe(401);
    expect(otherClerk.status).toBe(403);
  });

  it("prints every signboard of a subdistrict on pages of 480 × 300 mm; a clerk may not print another subdistrict's", async () => {
    // Prepare
    const o = await remediating();
    // Act
    const own = await here("GET", "/v1/signboards", { as: CLERK });
    const other = await here("GET", "/v1/signboards?subdistrict=凯旋", { as: OTHER_CLERK });
    // Assess
    expect(own.status).toBe(200);
    expect(own.body).toContain("@page{size:480mm 300mm");
    expect(own.body).toContain(`data-temp-id="${o.tempId}"`);
    expect(own.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(other.status).toBe(403);
    expect(other.body.errors[0].rule).toBe("R-SCOPE");
  });
});
