import { beforeAll, describe, expect, it } from "vitest";
import { CLERK, COORDINATOR } from "./users.js";
import { call, tableItemCount, validOutfall } from "./client.js";

// Clerks paste from old ledgers: every refusal must be a 4xx naming the field and the rule in Chinese,
// and must leave the store exactly as it was.
let record: any;
beforeAll(async () => {
  record = (await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall() })).body;
});

const CHINESE = /[\u4e00-\u9fff]/;

async function expectRefused(
  send: () => Promise<{ status: number; body: any }>,
  expected: { status: number; field?: string; rule: string },
) {
  const before = await tableItemCount();
  const reply = await send();
  expect(reply.status).toBe(expected.status);
  expect(reply.body.errors.length).toBeGreaterThan(0);
  const match = reply.body.errors.find((e: any) => e.rule === expected.rule && (expected.field === undefined || e.field === expected.field));
  expect(match, JSON.stringify(reply.body.errors)).toBeDefined();
  expect(match.message).toMatch(CHINESE);
  expect(await tableItemCount()).toBe(before);
  const now = await call("GET", `/v1/outfalls/${record.id}`, { as: CLERK });
  expect(now.body.version).toBe(record.version);
  return reply;
}

const create = (body: unknown) => () => call("POST", "/v1/outfalls", { as: CLERK, body });
const patch = (body: unknown) => () => call("PATCH", `/v1/outfalls/${record.id}`, { as: CLERK, body, headers: { "if-match": "1" } });

describe("bad input is refused precisely and changes nothing", () => {
  it("malformed JSON", async () => {
    await expectRefused(() => call("POST", "/v1/outfalls", { as: CLERK, raw: '{"subdistrict": "kaixuan",', headers: { "content-type": "application/json" } }), { status: 400, rule: "R-MALFORMED" });
  });

  it("a JSON array instead of an object", async () => {
    await expectRefused(create([validOutfall()]), { status: 400, rule: "R-MALFORMED" });
  });

  it("wrong types", async () => {
    const reply = await expectRefused(create(validOutfall({ longitude: "120.19", dryWeatherFlow: "是" })), { status: 400, field: "longitude", rule: "R-TYPE" });
    expect(reply.body.errors.find((e: any) => e.field === "dryWeatherFlow").message).toContain("是/否");
  });

  it("missing required fields", async () => {
    const { waterBody: _w, ...body } = validOutfall();
    await expectRefused(create(body), { status: 400, field: "waterBody", rule: "R-REQUIRED" });
  });

  it("unknown fields, also nested", async () => {
    await expectRefused(create(validOutfall({ colour: "黑" })), { status: 400, field: "colour", rule: "R-UNKNOWN-FIELD" });
    await expectRefused(patch({ signboard: { installed: true, qr: "x" } }), { status: 400, field: "signboard.qr", rule: "R-UNKNOWN-FIELD" });
  });

  it("system and lifecycle fields sent as edits", async () => {
    await expectRefused(patch({ status: "closed" }), { status: 400, field: "status", rule: "R-READ-ONLY" });
    await expectRefused(patch({ version: 7 }), { status: 400, field: "version", rule: "R-READ-ONLY" });
  });

  it("a 7 MB body", async () => {
    const huge = JSON.stringify(validOutfall({ plan: "很".repeat(7 * 1024 * 1024 / 3) }));
    await expectRefused(() => call("POST", "/v1/outfalls", { as: CLERK, raw: huge, headers: { "content-type": "application/json" } }), { status: 413, rule: "R-TOO-LARGE" });
  });

  it("JSON nested 3,000 deep, also in a batch with an Idempotency-Key: 400 naming the limit, not a stack overflow", async () => {
    const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
    const row = `{"rows":[{"values":{"subdistrict":"kaixuan","plan":${deep(3000)}}}]}`;
    const batch = await expectRefused(
      () => call("POST", "/v1/outfalls/batch", { as: CLERK, raw: row, headers: { "content-type": "application/json", "idempotency-key": "deep-nesting-0001" } }),
      { status: 400, rule: "R-MALFORMED" },
    );
    expect(batch.body.errors[0].message).toContain("32 层");
    await expectRefused(() => call("POST", "/v1/outfalls", { as: CLERK, raw: `{"a":${deep(33)}}`, headers: { "content-type": "application/json" } }), { status: 400, rule: "R-MALFORMED" });
    // Brackets inside strings are text, not nesting.
    await expectRefused(create(validOutfall({ plan: "[".repeat(100), colour: 1 })), { status: 400, field: "colour", rule: "R-UNKNOWN-FIELD" });
  });

  it("bad enum values, listed with their Chinese labels", async () => {
    const reply = await expectRefused(create(validOutfall({ outletType: "暗管" })), { status: 400, field: "outletType", rule: "R-ENUM" });
    expect(reply.body.errors[0].message).toContain("明渠（open-channel）");
    await expectRefused(patch({ problems: ["dry-weather", "smelly"] }), { status: 400, field: "problems[1]", rule: "R-ENUM" });
  });

  it("unknown reference values", async () => {
    await expectRefused(create(validOutfall({ subdistrict: "xihu" })), { status: 403, field: "subdistrict", rule: "R-SCOPE" });
    await expectRefused(() => call("POST", "/v1/outfalls", { as: COORDINATOR, body: validOutfall({ subdistrict: "xihu" }) }), { status: 422, field: "subdistrict", rule: "R-REFERENCE" });
    await expectRefused(create(validOutfall({ waterBody: "西湖" })), { status: 422, field: "waterBody", rule: "R-REFERENCE" });
    await expectRefused(create(validOutfall({ subcategory: "urban-stormwater", category: "industrial" })), { status: 422, field: "category", rule: "R-CLASSIFICATION" });
  });

  it("bad unified social credit codes", async () => {
    const party = (creditCode?: string) => ({ responsibleParties: [{ name: "杭州示范印染有限公司", kind: "enterprise", ...(creditCode ? { creditCode } : {}) }] });
    const wrongCheck = await expectRefused(patch(party("91330100799655058A")), { status: 422, field: "responsibleParties[0].creditCode", rule: "R-CREDIT-CODE" });
    expect(wrongCheck.body.errors[0].message).toContain("第18位应为B");
    await expectRefused(patch(party("9133010079965505")), { status: 422, field: "responsibleParties[0].creditCode", rule: "R-CREDIT-CODE" });
    await expectRefused(patch(party()), { status: 422, field: "responsibleParties[0].creditCode", rule: "R-CREDIT-CODE" });
  });

  it("coordinates outside the district, or swapped", async () => {
    await expectRefused(create(validOutfall({ longitude: 120.09, latitude: 30.25 })), { status: 422, field: "longitude", rule: "R-BOUNDS" });
    await expectRefused(create(validOutfall({ longitude: 30.276, latitude: 120.196 })), { status: 422, field: "longitude", rule: "R-BOUNDS" });
  });

  it("full-width digits", async () => {
    await expectRefused(create(validOutfall({ longitude: "１２０.１９６" })), { status: 400, field: "longitude", rule: "R-HALF-WIDTH" });
    await expectRefused(create(validOutfall({ surveyedAt: "２０２４-０３-１２" })), { status: 400, field: "surveyedAt", rule: "R-HALF-WIDTH" });
    await expectRefused(
      patch({ responsibleParties: [{ name: "杭州示范印染有限公司", kind: "enterprise", creditCode: "９１３３０１００７９９６５５０５８Ｂ" }] }),
      { status: 400, field: "responsibleParties[0].creditCode", rule: "R-HALF-WIDTH" },
    );
  });

  it("bad dates, sizes and lengths", async () => {
    await expectRefused(create(validOutfall({ surveyedAt: "2024/03/12" })), { status: 400, field: "surveyedAt", rule: "R-FORMAT" });
    await expectRefused(create(validOutfall({ sizeMm: "直径80厘米" })), { status: 400, field: "sizeMm", rule: "R-FORMAT" });
    await expectRefused(create(validOutfall({ name: "长".repeat(200) })), { status: 400, field: "name", rule: "R-RANGE" });
  });

  it("bad query parameters and headers", async () => {
    await expectRefused(() => call("GET", "/v1/outfalls?limit=abc", { as: CLERK }), { status: 400, field: "limit", rule: "R-FORMAT" });
    await expectRefused(() => call("GET", "/v1/outfalls?limit=5000", { as: CLERK }), { status: 400, field: "limit", rule: "R-RANGE" });
    await expectRefused(() => call("GET", "/v1/outfalls?updatedSince=yesterday", { as: CLERK }), { status: 400, field: "updatedSince", rule: "R-FORMAT" });
    await expectRefused(() => call("GET", "/v1/outfalls?colour=red", { as: CLERK }), { status: 400, field: "colour", rule: "R-UNKNOWN-FIELD" });
    await expectRefused(() => call("PATCH", `/v1/outfalls/${record.id}`, { as: CLERK, body: { sizeMm: "1" }, headers: { "if-match": "latest" } }), { status: 400, field: "If-Match", rule: "R-FORMAT" });
    await expectRefused(() => call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall(), headers: { "x-channel": "fax" } }), { status: 400, field: "X-Channel", rule: "R-ENUM" });
    await expectRefused(() => call("GET", "/v1/outfalls/%E0%A4%A", { as: CLERK }), { status: 400, field: "id", rule: "R-FORMAT" });
  }, 120_000); // ~50 refused requests, each beside two counts of the table (tableItemCount)
});
