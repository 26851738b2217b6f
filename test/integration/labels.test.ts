// Labels accepted wherever keys are: a clerk writes 凯旋, 运河, 城镇雨洪排口, 晴天排水, 近景 … on every write
// path and filter, and the API answers with keys.
import { describe, expect, it } from "vitest";
import { uploadPhoto } from "../../functions/src/contracts/upload-photo.js";
import { jpeg } from "../fixtures/images.js";
import { CLERK, COORDINATOR, DEPARTMENT, OTHER_CLERK } from "./users.js";
import { baseUrl, call, tokenFor, validOutfall } from "./client.js";

/** The same outfall as validOutfall(), written the way a clerk would write it. */
const inWords = (overrides: Record<string, unknown> = {}) =>
  validOutfall({
    subdistrict: "凯旋",
    waterBody: "运河",
    subcategory: "城镇雨洪排口",
    surveyLevel: "二级",
    surveyMethod: "徒步排查",
    outletType: "管道",
    receiving: "入河",
    status: "已核实",
    ...overrides,
  });
const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

describe("labels and aliases on every write path, keys in every answer", () => {
  it("POST accepts labels, short names and aliases; a clerk naming their own subdistrict in Chinese is in scope", async () => {
    // Prepare / Act
    const short = await call("POST", "/v1/outfalls", { as: CLERK, body: inWords() });
    const full = await call("POST", "/v1/outfalls", { as: CLERK, body: inWords({ subdistrict: "凯旋街道", datum: "GCJ-02（高德/腾讯）" }) });
    const other = await call("POST", "/v1/outfalls", { as: OTHER_CLERK, body: inWords() });
    // Assess
    expect(short.status, JSON.stringify(short.body)).toBe(201);
    expect(short.body).toMatchObject({
      subdistrict: "kaixuan",
      waterBody: "grand-canal",
      subcategory: "urban-stormwater",
      category: "other",
      surveyLevel: 2,
      surveyMethod: "on-foot",
      outletType: "pipe",
      receiving: "river",
      status: "confirmed",
    });
    expect(full.status, JSON.stringify(full.body)).toBe(201);
    expect(full.body.subdistrict).toBe("kaixuan");
    expect(other.status).toBe(403);
    expect(other.body.errors[0].rule).toBe("R-SCOPE");
  });

  it("PATCH and batch rows accept labels; 封堵 is understood as 依法取缔 and refused for a stormwater outlet (R-STORM)", async () => {
    // Prepare
    const record = (await call("POST", "/v1/outfalls", { as: CLERK, body: inWords() })).body;
    const other = (await call("POST", "/v1/outfalls", { as: CLERK, body: inWords() })).body;
    // Act
    const patched = await call("PATCH", `/v1/outfalls/${record.id}`, {
      as: CLERK,
      body: { dischargePattern: "晴天排水", dryWeatherFlow: true, problems: ["晴天排水", "未雨污分流"], material: "钢管", submerged: "半淹没" },
      headers: { "if-match": "1" },
    });
    const sealed = await call("PATCH", `/v1/outfalls/${record.id}`, { as: CLERK, body: { action: "封堵" }, headers: { "if-match": "2" } });
    const batch = await call("POST", "/v1/outfalls/batch", {
      as: CLERK,
      body: {
        rows: [
          { values: inWords({ subdistrict: "凯旋街道", waterBody: "京杭大运河" }) },
          { id: other.id, expectedVersion: 1, values: { problems: ["设施老化"], shape: "圆形" } },
        ],
      },
    });
    // Assess
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ dischargePattern: "dry-weather", problems: ["dry-weather", "no-separation"], material: "steel", submerged: "partial" });
    expect(sealed.status).toBe(422);
    expect(sealed.body.errors.map((e: any) => e.rule)).toContain("R-STORM");
    expect(batch.body.summary).toMatchObject({ ok: 2 });
    expect(batch.body.results[0].changes).toMatchObject({ subdistrict: "kaixuan", waterBody: "grand-canal" });
    expect(batch.body.results[1].changes).toMatchObject({ problems: ["aging"], shape: "round" });
  });

  it("an unknown value is refused with the valid labels, and nothing is written", async () => {
    // Prepare
    const record = (await call("POST", "/v1/outfalls", { as: CLERK, body: inWords() })).body;
    // Act
    const badEnum = await call("PATCH", `/v1/outfalls/${record.id}`, { as: CLERK, body: { outletType: "水管子" }, headers: { "if-match": "1" } });
    const badWater = await call("POST", "/v1/outfalls", { as: CLERK, body: inWords({ waterBody: "西湖" }) });
    const badAction = await call("POST", `/v1/outfalls/${record.id}/transitions`, { as: CLERK, body: { action: "constructor", expectedVersion: 1 } });
    const badField = await call("PATCH", `/v1/outfalls/${record.id}`, { as: CLERK, raw: '{"constructor":"凯旋"}', headers: { "if-match": "1", "content-type": "application/json" } });
    const after = (await call("GET", `/v1/outfalls/${record.id}`, { as: CLERK })).body;
    // Assess
    expect(badAction.status).toBe(400);
    expect(badAction.body.errors[0]).toMatchObject({ field: "action", rule: "R-ENUM" });
    expect(badAction.body.errors[0].message).toContain("溯源完成");
    expect(badField.status).toBe(400);
    expect(badField.body.errors[0]).toMatchObject({ rule: "R-UNKNOWN-FIELD" });
    expect(badEnum.status).toBe(400);
    expect(badEnum.body.errors[0]).toMatchObject({ field: "outletType", rule: "R-ENUM" });
    expect(badEnum.body.errors[0].message).toContain("「排污通道类型」");
    expect(badEnum.body.errors[0].message).toContain("管道");
    expect(badEnum.body.errors[0].message).toContain("明渠");
    expect(badWater.status).toBe(422);
    expect(badWater.body.errors[0]).toMatchObject({ field: "waterBody", rule: "R-REFERENCE" });
    expect(badWater.body.errors[0].message).toContain("京杭运河");
    expect(after.version).toBe(1);
  });

  it("transitions accept the action and payload in words", async () => {
    // Prepare
    const record = (await call("POST", "/v1/outfalls", { as: CLERK, body: inWords({ status: "疑似", surveyLevel: "一级" }) })).body;
    const step = (version: number, body: Record<string, unknown>) =>
      call("POST", `/v1/outfalls/${record.id}/transitions`, { as: CLERK, body: { expectedVersion: version, ...body } });
    // Act
    const confirmed = await step(1, { action: "核实", surveyLevel: "二级", surveyMethod: "无人机航测" });
    const traced = await step(2, {
      action: "溯源完成",
      responsibleParties: [{ name: "南肖埠社区居委会", kind: "公共机构/事业单位" }],
      responsibilityBasis: "溯源确定",
      subcategory: "生活污水散排口",
    });
    const planned = await step(3, { action: "制定整治方案", remediation: "规范", plan: "更换破损管道并树标立牌", problems: ["设施老化破损"] });
    // Assess
    for (const reply of [confirmed, traced, planned]) expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(confirmed.body).toMatchObject({ status: "confirmed", surveyLevel: 2, surveyMethod: "aerial" });
    expect(traced.body).toMatchObject({ status: "traced", responsibilityBasis: "traced", subcategory: "urban-domestic-scattered", responsibleParties: [{ kind: "institution" }] });
    expect(planned.body).toMatchObject({ status: "remediating", action: "standardize", problems: ["aging"] });
  });

  it("the photo slot may be its label (近景)", async () => {
    // Prepare
    const record = (await call("POST", "/v1/outfalls", { as: CLERK, body: inWords() })).body;
    // Act
    const photo = await uploadPhoto({ apiUrl: baseUrl(), token: await tokenFor(CLERK), outfallId: record.id, slot: "近景" as never, data: jpeg() });
    // Assess
    expect(photo.slot).toBe("near");
  });
});

describe("labels and aliases in filters", () => {
  it("GET /v1/outfalls filters by 凯旋 and by states in words, with full-width separators", async () => {
    // Prepare
    await call("POST", "/v1/outfalls", { as: CLERK, body: inWords() });
    // Act
    const words = await call("GET", `/v1/outfalls?${query({ subdistrict: "凯旋", status: "已核实，疑似", category: "其他排口", limit: "50" })}`, { as: CLERK });
    const keys = await call("GET", `/v1/outfalls?${query({ subdistrict: "kaixuan", status: "confirmed,suspected", category: "other", limit: "50" })}`, { as: CLERK });
    const unknown = await call("GET", `/v1/outfalls?${query({ status: "差不多" })}`, { as: CLERK });
    // Assess
    expect(words.status, JSON.stringify(words.body)).toBe(200);
    expect(words.body.items.length).toBeGreaterThan(0);
    expect(words.body.items.map((r: any) => r.id)).toEqual(keys.body.items.map((r: any) => r.id));
    expect(words.body.items.every((r: any) => r.subdistrict === "kaixuan" && ["confirmed", "suspected"].includes(r.status))).toBe(true);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0]).toMatchObject({ field: "status", rule: "R-ENUM" });
    expect(unknown.body.errors[0].message).toContain("整治中");
  });

  it("GET /v1/lists/{kind} takes the list's name and the subdistrict in words", async () => {
    // Prepare / Act
    const reply = await call("GET", `/v1/lists/${encodeURIComponent("问题排污口清单")}?${query({ subdistrict: "凯旋街道" })}`, { as: CLERK });
    const unknown = await call("GET", `/v1/lists/problems?${query({ subdistrict: "西湖" })}`, { as: CLERK });
    // Assess
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body).toMatchObject({ kind: "problems", scope: "凯旋街道" });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0]).toMatchObject({ field: "subdistrict", rule: "R-REFERENCE" });
    expect(unknown.body.errors[0].message).toContain("湖滨街道");
  });

  it("GET /v1/progress?subdistrict= takes 凯旋 or 凯旋街道; a clerk may name only their own subdistrict", async () => {
    // Prepare
    await call("POST", "/v1/outfalls", { as: CLERK, body: inWords() });
    // Act
    const coordinator = await call("GET", `/v1/progress?${query({ subdistrict: "凯旋" })}`, { as: COORDINATOR });
    const department = await call("GET", `/v1/progress?${query({ subdistrict: "kaixuan" })}`, { as: DEPARTMENT });
    const own = await call("GET", `/v1/progress?${query({ subdistrict: "凯旋街道" })}`, { as: CLERK });
    const other = await call("GET", `/v1/progress?${query({ subdistrict: "凯旋" })}`, { as: OTHER_CLERK });
    const unknown = await call("GET", `/v1/progress?${query({ subdistrict: "西湖" })}`, { as: COORDINATOR });
    // Assess
    for (const reply of [coordinator, department, own]) {
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      expect(reply.body.bySubdistrict.map((g: any) => g.key)).toEqual(["kaixuan"]);
      expect(reply.body.district.total).toBe(reply.body.bySubdistrict[0].total);
    }
    expect(other.status).toBe(403);
    expect(other.body.errors[0].rule).toBe("R-SCOPE");
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].message).toContain("凯旋街道");
  });
});
