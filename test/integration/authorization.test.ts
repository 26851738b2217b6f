import { SignJWT, importJWK } from "jose";
import { describe, expect, inject, it } from "vitest";
import { ADMIN, CLERK, COORDINATOR, DEPARTMENT, ENFORCEMENT, OTHER_CLERK } from "./users.js";
import { call, tokenFor, validOutfall } from "./client.js";

describe("authentication", () => {
  it("answers 401 without a token, with a malformed token and with a token from another issuer", async () => {
    // Prepare
    const foreign = await new SignJWT({ email: ADMIN, email_verified: true })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("https://evil.example")
      .setAudience("x")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("0123456789abcdef0123456789abcdef"));
    // Act
    const none = await call("GET", "/v1/me");
    const garbage = await call("GET", "/v1/me", { headers: { authorization: "Bearer not.a.token" } });
    const wrongIssuer = await call("GET", "/v1/me", { headers: { authorization: `Bearer ${foreign}` } });
    // Assess
    for (const reply of [none, garbage, wrongIssuer]) {
      expect(reply.status).toBe(401);
      expect(reply.body.errors[0].rule).toBe("R-AUTH");
      expect(reply.body.errors[0].message).toMatch(/登录/);
    }
  });

  it("answers 401 for well-signed tokens with weak claims: e-mail not verified, iat in the future, 10-year life", async () => {
    // Prepare: tokens signed by the stack's own issuer, so only the claims are wrong
    const issuer = inject("issuer");
    const key = await importJWK(issuer.privateJwk, "ES256");
    const now = Math.floor(Date.now() / 1000);
    const sign = (claims: Record<string, unknown>, iat: number, exp: number) =>
      new SignJWT({ email: ADMIN, ...claims })
        .setProtectedHeader({ alg: "ES256", kid: issuer.privateJwk.kid })
        .setIssuer(issuer.issuer)
        .setAudience(issuer.audience)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(key);
    const cases = {
      missing: await sign({}, now, now + 3600),
      stringFalse: await sign({ email_verified: "false" }, now, now + 3600),
      future: await sign({ email_verified: true }, now + 600, now + 3600),
      tenYears: await sign({ email_verified: true }, now, now + 10 * 365 * 86400),
      good: await sign({ email_verified: true }, now, now + 3600),
    };
    // Act
    const replies = Object.fromEntries(
      await Promise.all(Object.entries(cases).map(async ([name, token]) => [name, await call("GET", "/v1/me", { headers: { authorization: `Bearer ${token}` } })] as const)),
    );
    // Assess
    expect(replies.good!.status).toBe(200);
    expect(replies.missing!.body.errors[0].message).toContain("已验证的电子邮箱");
    expect(replies.stringFalse!.body.errors[0].message).toContain("已验证的电子邮箱");
    expect(replies.future!.body.errors[0].message).toContain("未来");
    expect(replies.tenYears!.body.errors[0].message).toContain("有效期超过 24 小时");
    for (const name of ["missing", "stringFalse", "future", "tenYears"]) {
      expect(replies[name]!.status, name).toBe(401);
      expect(replies[name]!.body.errors[0].rule).toBe("R-AUTH");
    }
  });

  it("answers 403 for a valid token of an unknown user", async () => {
    // Prepare / Act
    const reply = await call("GET", "/v1/me", { as: "stranger@test" });
    // Assess
    expect(reply.status).toBe(403);
    expect(reply.body.errors[0].message).toContain("尚未开通");
  });

  it("tells each user who the API thinks they are", async () => {
    // Prepare / Act
    const clerk = await call("GET", "/v1/me", { as: CLERK });
    const dept = await call("GET", "/v1/me", { as: DEPARTMENT });
    // Assess
    expect(clerk.body).toMatchObject({ email: CLERK, role: "clerk", roleLabel: "街道经办人", subdistrict: "kaixuan", subdistrictName: "凯旋街道" });
    expect(dept.body).toMatchObject({ role: "department", department: "eco", departmentName: "市生态环境局上城分局" });
  });
});

// R-SCOPE as a matrix: role × action × own/other subdistrict (architecture.md §4).
const ROLES = { clerk: CLERK, otherClerk: OTHER_CLERK, department: DEPARTMENT, coordinator: COORDINATOR, admin: ADMIN } as const;
type Who = keyof typeof ROLES;
const EXPECTED: Record<"create" | "read" | "update" | "list" | "history" | "batch", Record<Who, number>> = {
  create: { clerk: 201, otherClerk: 403, department: 403, coordinator: 201, admin: 201 },
  read: { clerk: 200, otherClerk: 403, department: 200, coordinator: 200, admin: 200 },
  update: { clerk: 200, otherClerk: 403, department: 403, coordinator: 200, admin: 200 },
  list: { clerk: 200, otherClerk: 403, department: 200, coordinator: 200, admin: 200 },
  history: { clerk: 200, otherClerk: 403, department: 200, coordinator: 200, admin: 200 },
  batch: { clerk: 200, otherClerk: 200, department: 200, coordinator: 200, admin: 200 },
};
const BATCH_OUTCOME: Record<Who, string> = { clerk: "ok", otherClerk: "forbidden", department: "forbidden", coordinator: "ok", admin: "ok" };

describe("authorization matrix on a 凯旋街道 record (the clerk's own subdistrict)", () => {
  for (const who of Object.keys(ROLES) as Who[]) {
    it(`${who}: create ${EXPECTED.create[who]}, read ${EXPECTED.read[who]}, update ${EXPECTED.update[who]}, list ${EXPECTED.list[who]}, history ${EXPECTED.history[who]}, batch row ${BATCH_OUTCOME[who]}`, async () => {
      // Prepare
      const email = ROLES[who];
      const record = (await call("POST", "/v1/outfalls", { as: COORDINATOR, body: validOutfall() })).body;
      // Act
      const create = await call("POST", "/v1/outfalls", { as: email, body: validOutfall() });
      const read = await call("GET", `/v1/outfalls/${record.id}`, { as: email });
      const update = await call("PATCH", `/v1/outfalls/${record.id}`, { as: email, body: { sizeMm: "1500" }, headers: { "if-match": "1" } });
      const list = await call("GET", "/v1/outfalls?subdistrict=kaixuan&limit=1", { as: email });
      const history = await call("GET", `/v1/outfalls/${record.id}/history`, { as: email });
      const batch = await call("POST", "/v1/outfalls/batch", { as: email, body: { rows: [{ values: validOutfall() }] } });
      // Assess
      expect(create.status).toBe(EXPECTED.create[who]);
      expect(read.status).toBe(EXPECTED.read[who]);
      expect(update.status).toBe(EXPECTED.update[who]);
      expect(list.status).toBe(EXPECTED.list[who]);
      expect(history.status).toBe(EXPECTED.history[who]);
      expect(batch.status).toBe(EXPECTED.batch[who]);
      expect(batch.body.results[0].outcome).toBe(BATCH_OUTCOME[who]);
      for (const reply of [create, read, update, list, history]) {
        if (reply.status === 403) expect(reply.body.errors[0].rule).toBe("R-SCOPE");
      }
      const after = (await call("GET", `/v1/outfalls/${record.id}`, { as: COORDINATOR })).body;
      expect(after.version).toBe(EXPECTED.update[who] === 200 ? 2 : 1);
    });
  }

  it("a clerk cannot move an own record into another subdistrict", async () => {
    // Prepare
    const record = (await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall() })).body;
    // Act
    const moved = await call("PATCH", `/v1/outfalls/${record.id}`, {
      as: CLERK,
      body: { subdistrict: "hubin", longitude: 120.165, latitude: 30.258 },
      headers: { "if-match": "1" },
    });
    // Assess
    expect(moved.status).toBe(403);
    expect(moved.body.errors[0].rule).toBe("R-SCOPE");
  });

  it("a clerk listing without a subdistrict gets their own; the whole district is refused", async () => {
    // Prepare
    const token = await tokenFor(CLERK);
    // Act
    const own = await call("GET", "/v1/outfalls?limit=5", { headers: { authorization: `Bearer ${token}` } });
    const other = await call("GET", "/v1/outfalls?subdistrict=hubin", { as: CLERK });
    // Assess
    expect(own.status).toBe(200);
    expect(own.body.items.every((r: any) => r.subdistrict === "kaixuan")).toBe(true);
    expect(other.status).toBe(403);
  });
});

// Evidence and digests: a department writes evidence only on the outfalls it supervises (an urban
// stormwater outlet: 综合行政执法局), a clerk reads only their subdistrict's view of a digest.
const EVIDENCE_ROLES = { ...ROLES, supervisor: ENFORCEMENT } as const;
const EVIDENCE: Record<keyof typeof EVIDENCE_ROLES, { sample: number; near: number; digestSubdistricts: number }> = {
  clerk: { sample: 201, near: 201, digestSubdistricts: 1 },
  otherClerk: { sample: 403, near: 403, digestSubdistricts: 1 },
  department: { sample: 403, near: 403, digestSubdistricts: 14 },
  supervisor: { sample: 201, near: 403, digestSubdistricts: 14 },
  coordinator: { sample: 201, near: 201, digestSubdistricts: 14 },
  admin: { sample: 201, near: 201, digestSubdistricts: 14 },
};

describe("evidence and digest matrix on a 凯旋街道 urban stormwater outlet", () => {
  for (const who of Object.keys(EVIDENCE_ROLES) as (keyof typeof EVIDENCE_ROLES)[]) {
    const want = EVIDENCE[who];
    it(`${who}: water-sample photo ${want.sample}, near photo ${want.near}, digest shows ${want.digestSubdistricts} subdistrict(s)`, async () => {
      // Prepare
      const email = EVIDENCE_ROLES[who];
      const record = (await call("POST", "/v1/outfalls", { as: COORDINATOR, body: validOutfall() })).body;
      const digest = (await call("POST", "/v1/digests", { as: COORDINATOR })).body;
      // Act
      const sample = await call("POST", `/v1/outfalls/${record.id}/photos`, { as: email, body: { slot: "water-sample", contentType: "image/jpeg", size: 100 } });
      const near = await call("POST", `/v1/outfalls/${record.id}/photos`, { as: email, body: { slot: "near", contentType: "image/jpeg", size: 100 } });
      const read = await call("GET", `/v1/digests/${digest.id}`, { as: email });
      // Assess
      expect(sample.status).toBe(want.sample);
      expect(near.status).toBe(want.near);
      for (const reply of [sample, near]) if (reply.status === 403) expect(reply.body.errors[0].rule).toBe("R-SCOPE");
      expect(read.status).toBe(200);
      expect(read.body.progress.bySubdistrict).toHaveLength(want.digestSubdistricts);
      if (want.digestSubdistricts === 1) expect(read.body.progress.bySubdistrict[0].key).toBe(who === "clerk" ? "kaixuan" : "hubin");
    });
  }
});
