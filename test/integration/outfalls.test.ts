import { describe, expect, it } from "vitest";
import { verifyChain } from "../../functions/src/app/history.js";
import { ADMIN, CLERK, COORDINATOR } from "./users.js";
import { call, validOutfall } from "./client.js";

describe("outfall records: create, read, list, patch, history", () => {
  it("creates a record with a temp id, a default name, derived fields and version 1", async () => {
    // Prepare
    const body = validOutfall();
    // Act
    const created = await call("POST", "/v1/outfalls", { as: CLERK, body, headers: { "x-channel": "sheet" } });
    // Assess
    expect(created.status).toBe(201);
    expect(created.body.tempId).toMatch(/^SC-KX-\d{4}$/);
    expect(created.body.version).toBe(1);
    expect(created.body.category).toBe("other");
    expect(created.body.department).toBe("enforcement");
    expect(created.body.status).toBe("confirmed");
    expect(created.body.name).toMatch(/^凯旋街道.*城镇雨洪排口$/);
    expect(created.body.createdBy).toBe(CLERK);
    expect(created.headers.get("etag")).toBe('"1"');
    expect(created.headers.get("location")).toBe(`/v1/outfalls/${created.body.id}`);
    const fetched = await call("GET", `/v1/outfalls/${created.body.id}`, { as: CLERK });
    expect(fetched.status).toBe(200);
    const { allowedActions, blockers, ...record } = fetched.body;
    expect(record).toEqual(created.body);
    expect(allowedActions).toContain("trace");
    expect(blockers).toEqual([expect.objectContaining({ action: "register-stormwater", rule: "R-CLOSE-EVIDENCE" })]);
  });

  it("never hands out the same temp id twice", async () => {
    // Prepare / Act
    const made = await Promise.all(Array.from({ length: 8 }, () => call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall() })));
    // Assess
    const ids = made.map((r) => r.body.tempId);
    expect(made.every((r) => r.status === 201)).toBe(true);
    expect(new Set(ids).size).toBe(8);
  });

  it("converts declared GCJ-02 coordinates to WGS84", async () => {
    // Prepare
    const body = validOutfall({ longitude: 120.2, latitude: 30.28, datum: "gcj02" });
    // Act
    const created = await call("POST", "/v1/outfalls", { as: CLERK, body });
    // Assess
    expect(created.status).toBe(201);
    expect(created.body.longitude).toBeCloseTo(120.195423, 5);
    expect(created.body.latitude).toBeCloseTo(30.282402, 5);
    expect(created.body).not.toHaveProperty("datum");
  });

  it("patches with If-Match, bumps the version and records before/after in history", async () => {
    // Prepare
    const created = (await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall() })).body;
    // Act
    const patched = await call("PATCH", `/v1/outfalls/${created.id}`, {
      as: CLERK,
      body: { sizeMm: "1200x800", dryWeatherFlow: true, problems: ["dry-weather"] },
      headers: { "if-match": '"1"', "x-channel": "sheet" },
    });
    // Assess
    expect(patched.status).toBe(200);
    expect(patched.body.version).toBe(2);
    expect(patched.body.sizeMm).toBe("1200x800");
    const history = await call("GET", `/v1/outfalls/${created.id}/history`, { as: CLERK });
    expect(history.status).toBe(200);
    expect(history.body.items).toHaveLength(2);
    const [first, second] = history.body.items;
    expect(first).toMatchObject({ version: 1, action: "create", actor: CLERK, channel: "api" });
    expect(second).toMatchObject({ version: 2, action: "update", actor: CLERK, actorRole: "clerk", channel: "sheet" });
    expect(second.changes).toEqual([
      { field: "sizeMm", before: "800", after: "1200x800" },
      { field: "dryWeatherFlow", before: false, after: true },
      { field: "problems", before: [], after: ["dry-weather"] },
    ]);
    expect(verifyChain(history.body.items, patched.body.historyHash)).toBe(true);
  });

  it("clears an optional field with null and leaves the record alone when nothing changes", async () => {
    // Prepare
    const created = (await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall({ address: "新塘路与景昙路口" }) })).body;
    // Act
    const cleared = await call("PATCH", `/v1/outfalls/${created.id}`, { as: CLERK, body: { address: null }, headers: { "if-match": "1" } });
    const same = await call("PATCH", `/v1/outfalls/${created.id}`, { as: CLERK, body: { sizeMm: "800" }, headers: { "if-match": "2" } });
    // Assess
    expect(cleared.status).toBe(200);
    expect(cleared.body).not.toHaveProperty("address");
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(2);
    const history = await call("GET", `/v1/outfalls/${created.id}/history`, { as: CLERK });
    expect(history.body.items).toHaveLength(2);
  });

  it("answers a stale version with 409 and the current record, and writes nothing", async () => {
    // Prepare
    const created = (await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall() })).body;
    await call("PATCH", `/v1/outfalls/${created.id}`, { as: CLERK, body: { sizeMm: "900" }, headers: { "if-match": "1" } });
    // Act
    const stale = await call("PATCH", `/v1/outfalls/${created.id}`, { as: CLERK, body: { sizeMm: "1000" }, headers: { "if-match": "1" } });
    // Assess
    expect(stale.status).toBe(409);
    expect(stale.headers.get("content-type")).toContain("application/problem+json");
    expect(stale.body.errors[0]).toMatchObject({ field: "version", rule: "R-VERSION" });
    expect(stale.body.current).toMatchObject({ id: created.id, version: 2, sizeMm: "900" });
    const now = await call("GET", `/v1/outfalls/${created.id}`, { as: CLERK });
    expect(now.body.sizeMm).toBe("900");
  });

  it("requires If-Match on PATCH (412) and answers unknown ids with 404", async () => {
    // Prepare
    const created = (await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall() })).body;
    // Act
    const missing = await call("PATCH", `/v1/outfalls/${created.id}`, { as: CLERK, body: { sizeMm: "900" } });
    const unknownGet = await call("GET", "/v1/outfalls/01HZZZZZZZZZZZZZZZZZZZZZZZ", { as: CLERK });
    const unknownPatch = await call("PATCH", "/v1/outfalls/01HZZZZZZZZZZZZZZZZZZZZZZZ", { as: CLERK, body: {}, headers: { "if-match": "1" } });
    // Assess
    expect(missing.status).toBe(412);
    expect(missing.body.errors[0].rule).toBe("R-PRECONDITION");
    expect(unknownGet.status).toBe(404);
    expect(unknownPatch.status).toBe(404);
  });

  it("rejects a national code already used by another outfall (R-UNIQUE) and accepts it once released", async () => {
    // Prepare
    const code = `330102${Date.now()}`;
    const first = (await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall({ nationalCode: code }) })).body;
    // Act
    const dup = await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall({ nationalCode: code }) });
    await call("PATCH", `/v1/outfalls/${first.id}`, { as: CLERK, body: { nationalCode: `${code}A` }, headers: { "if-match": "1" } });
    const reuse = await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall({ nationalCode: code }) });
    // Assess
    expect(dup.status).toBe(422);
    expect(dup.body.errors[0]).toMatchObject({ field: "nationalCode", rule: "R-UNIQUE" });
    expect(reuse.status).toBe(201);
  });

  it("lists a subdistrict page by page, filtered by status and category, and incrementally by updatedSince", async () => {
    // Prepare
    const since = new Date().toISOString();
    const made = [];
    for (let i = 0; i < 5; i++) made.push((await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall({ surveyLevel: 1 }) })).body);
    // Act
    const pages: any[] = [];
    let cursor: string | undefined;
    do {
      const page = await call("GET", `/v1/outfalls?subdistrict=kaixuan&updatedSince=${encodeURIComponent(since)}&limit=2${cursor ? `&cursor=${cursor}` : ""}`, { as: CLERK });
      expect(page.status).toBe(200);
      pages.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    const suspected = await call("GET", `/v1/outfalls?subdistrict=kaixuan&status=suspected&category=other&updatedSince=${encodeURIComponent(since)}`, { as: COORDINATOR });
    const districtWide = await call("GET", `/v1/outfalls?updatedSince=${encodeURIComponent(since)}&limit=1000`, { as: COORDINATOR });
    // Assess
    // A subdistrict's list is spread over partitions, each in update order: complete, once each, in no promised order.
    const sorted = (ids: string[]) => [...ids].sort();
    expect(sorted(pages.map((p) => p.id))).toEqual(sorted(made.map((m) => m.id)));
    expect(sorted(suspected.body.items.map((p: any) => p.id))).toEqual(sorted(made.map((m) => m.id)));
    expect(districtWide.body.items.map((p: any) => p.id)).toEqual(expect.arrayContaining(made.map((m) => m.id)));
    expect(typeof districtWide.body.serverTime).toBe("string");
  });

  it("refuses a cursor made for another list", async () => {
    // Prepare
    const forged = Buffer.from(JSON.stringify({ PK: "OUTFALL#x", SK: "#RECORD", GSI1PK: "SUB#hubin", GSI1SK: "x" })).toString("base64url");
    // Act
    const reply = await call("GET", `/v1/outfalls?subdistrict=kaixuan&cursor=${forged}`, { as: CLERK });
    // Assess
    expect(reply.status).toBe(400);
    expect(reply.body.errors[0].field).toBe("cursor");
  });

  it("lets an admin read everything through the same API", async () => {
    // Prepare / Act
    const reply = await call("GET", "/v1/outfalls?subdistrict=kaixuan&limit=1", { as: ADMIN });
    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body.items.length).toBe(1);
  });
});
