import { SignJWT, importJWK } from "jose";
import { describe, expect, inject, it } from "vitest";
import { ADMIN, CLERK, COORDINATOR } from "./users.js";
import { call, tokenFor } from "./client.js";

const uniqueEmail = (tag: string, domain = "test") => `${tag}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@${domain}`;

/** A token from one of the other trusted issuers (0: Google look-alike, 1: district SSO). */
async function tokenFrom(which: number, claims: Record<string, unknown>, options: { audience?: string; iat?: number; exp?: number } = {}) {
  const issuer = inject("otherIssuers")[which]!;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "ES256", kid: issuer.privateJwk.kid! })
    .setIssuer(issuer.issuer)
    .setAudience(options.audience ?? issuer.audiences[0]!)
    .setIssuedAt(options.iat ?? now)
    .setExpirationTime(options.exp ?? now + 3600)
    .sign(await importJWK(issuer.privateJwk, "ES256"));
}

const me = (token: string) => call("GET", "/v1/me", { headers: { authorization: `Bearer ${token}` } });

async function newClerk(email: string) {
  const created = await call("PUT", `/v1/users/${encodeURIComponent(email)}`, { as: ADMIN, body: { role: "clerk", subdistrict: "kaixuan" } });
  expect(created.status).toBe(201);
}

describe("sign-in from several issuers", () => {
  it("accepts the local provider, Google with either client id, and a district SSO that names users by id", async () => {
    // Prepare
    const ssoUser = `zhangsan${Date.now()}`;
    await newClerk(`${ssoUser}@district.test`);
    const google = inject("otherIssuers")[0]!;
    // Act
    const local = await me(await tokenFor(CLERK));
    const addon = await me(await tokenFrom(0, { email: CLERK, email_verified: true }, { audience: google.audiences[0] }));
    const web = await me(await tokenFrom(0, { email: CLERK, email_verified: true }, { audience: google.audiences[1] }));
    const sso = await me(await tokenFrom(1, { preferred_username: ssoUser }));
    // Assess
    for (const reply of [local, addon, web]) expect(reply.body).toMatchObject({ email: CLERK, role: "clerk" });
    expect(sso.status).toBe(200);
    expect(sso.body.email).toBe(`${ssoUser}@district.test`);
  });

  it("refuses an unknown issuer, a wrong audience, an expired token and Google without email_verified (401)", async () => {
    // Prepare
    const now = Math.floor(Date.now() / 1000);
    const google = inject("otherIssuers")[0]!;
    const unknown = await new SignJWT({ email: CLERK, email_verified: true })
      .setProtectedHeader({ alg: "ES256", kid: google.privateJwk.kid! })
      .setIssuer("https://login.elsewhere.example")
      .setAudience(google.audiences[0]!)
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(await importJWK(google.privateJwk, "ES256"));
    // Act
    const replies = {
      unknown: await me(unknown),
      audience: await me(await tokenFrom(0, { email: CLERK, email_verified: true }, { audience: "someone-else.apps.googleusercontent.com" })),
      expired: await me(await tokenFrom(1, { preferred_username: "zhangsan" }, { iat: now - 7200, exp: now - 3600 })),
      unverified: await me(await tokenFrom(0, { email: CLERK }, {})),
    };
    // Assess
    for (const [name, reply] of Object.entries(replies)) {
      expect(reply.status, name).toBe(401);
      expect(reply.body.errors[0].rule, name).toBe("R-AUTH");
    }
    expect(replies.unknown.body.errors[0].message).toContain("签发方");
    expect(replies.audience.body.errors[0].message).toContain("受众");
    expect(replies.expired.body.errors[0].message).toContain("过期");
    expect(replies.unverified.body.errors[0].message).toContain("已验证的电子邮箱");
  });

  it("refuses a disabled user whose token is valid (403)", async () => {
    // Prepare
    const email = uniqueEmail("gone");
    await newClerk(email);
    const token = await tokenFrom(0, { email, email_verified: true });
    const before = await me(token);
    // Act
    await call("PUT", `/v1/users/${email}`, { as: ADMIN, body: { role: "clerk", subdistrict: "kaixuan", active: false }, headers: { "if-match": "1" } });
    const after = await me(token);
    // Assess
    expect(before.status).toBe(200);
    expect(after.status).toBe(403);
    expect(after.body.errors[0].message).toContain("停用");
  });
});

describe("browser sign-in options", () => {
  it("GET /sign-in lists the OIDC providers with their public client ids, without a token and without Google", async () => {
    // Act
    const reply = await call("GET", "/sign-in");
    // Assess
    expect(reply.status).toBe(200);
    // (Other test projects' local stacks, started in the same runner process, may be listed too.)
    const providers = reply.body.providers as { issuer: string; clientId: string; kind: string }[];
    expect(providers).toEqual(
      expect.arrayContaining([
        { issuer: inject("baseUrl"), clientId: "outfall-ledger-local", kind: "local" },
        { issuer: "https://sso.district.test/realms/ledger", clientId: "outfall-ledger", kind: "oidc" },
      ]),
    );
    expect(providers.filter((p) => p.kind === "oidc")).toHaveLength(1);
    expect(providers.some((p) => p.issuer.includes("google"))).toBe(false);
  });
});

describe("personal tokens", () => {
  it("a user creates a named token, shown once, which then signs them in; the list never shows the secret", async () => {
    // Prepare
    const email = uniqueEmail("pat");
    await newClerk(email);
    // Act
    const created = await call("POST", "/v1/tokens", { as: email, body: { name: "工作簿", expiresInDays: 30 } });
    const signedIn = await me(created.body.secret);
    const listed = await call("GET", "/v1/tokens", { as: email });
    // Assess
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    expect(created.body.secret).toMatch(/^olp_[0-9A-Z]{26}_[\w-]{43}$/);
    expect(created.body.token).toMatchObject({ email, name: "工作簿" });
    const days = (Date.parse(created.body.token.expiresAt) - Date.parse(created.body.token.createdAt)) / 86_400_000;
    expect(days).toBe(30);
    expect(signedIn.body).toMatchObject({ email, role: "clerk" });
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0].lastUsedAt).toBeDefined();
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret.slice(-43));
  });

  it("refuses more than 90 days and a missing name with the field's Chinese label", async () => {
    // Prepare / Act
    const tooLong = await call("POST", "/v1/tokens", { as: CLERK, body: { name: "脚本", expiresInDays: 91 } });
    const noName = await call("POST", "/v1/tokens", { as: CLERK, body: { expiresInDays: 5 } });
    // Assess
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0]).toMatchObject({ field: "expiresInDays", rule: "R-RANGE" });
    expect(tooLong.body.errors[0].message).toContain("有效天数");
    expect(noName.status).toBe(400);
    expect(noName.body.errors[0].message).toContain("令牌名称");
  });

  it("revocation takes effect at once; the record stays, marked revoked", async () => {
    // Prepare
    const email = uniqueEmail("revoke");
    await newClerk(email);
    const created = await call("POST", "/v1/tokens", { as: email, body: { name: "临时" } });
    const before = await me(created.body.secret);
    // Act
    const revoked = await call("DELETE", `/v1/tokens/${created.body.token.id}`, { as: email });
    const after = await me(created.body.secret);
    const listed = await call("GET", "/v1/tokens", { as: email });
    // Assess
    expect(before.status).toBe(200);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: created.body.token.id, revokedBy: email });
    expect(after.status).toBe(401);
    expect(after.body.errors[0].message).toContain("撤销");
    expect(listed.body.items[0].revokedAt).toBeDefined();
  });

  it("refuses a tampered secret and a token that is not one", async () => {
    // Prepare
    const created = await call("POST", "/v1/tokens", { as: CLERK, body: { name: "篡改" } });
    const secret: string = created.body.secret;
    const tampered = `${secret.slice(0, -1)}${secret.endsWith("A") ? "B" : "A"}`;
    // Act
    const wrong = await me(tampered);
    const malformed = await me("olp_short");
    // Assess
    expect(wrong.status).toBe(401);
    expect(malformed.status).toBe(401);
    expect(malformed.body.errors[0].message).toContain("olp_");
  });

  it("scope: a clerk sees and revokes only their own; a coordinator lists and revokes anyone's", async () => {
    // Prepare
    const owner = uniqueEmail("owner");
    await newClerk(owner);
    const first = await call("POST", "/v1/tokens", { as: owner, body: { name: "一" } });
    const second = await call("POST", "/v1/tokens", { as: owner, body: { name: "二" } });
    // Act
    const clerkLists = await call("GET", `/v1/tokens?email=${owner}`, { as: CLERK });
    const clerkRevokes = await call("DELETE", `/v1/tokens/${first.body.token.id}`, { as: CLERK });
    const coordinatorLists = await call("GET", `/v1/tokens?email=${owner}`, { as: COORDINATOR });
    const coordinatorRevokes = await call("DELETE", `/v1/tokens/${second.body.token.id}`, { as: COORDINATOR });
    const unknown = await call("DELETE", "/v1/tokens/01ARZ3NDEKTSV4RRFFQ69G5FAV", { as: COORDINATOR });
    // Assess
    expect(clerkLists.status).toBe(403);
    expect(clerkRevokes.status).toBe(404);
    expect(await me(first.body.secret)).toMatchObject({ status: 200 });
    expect(coordinatorLists.body.items.map((t: { name: string }) => t.name).sort()).toEqual(["一", "二"]);
    expect(coordinatorRevokes.body.revokedBy).toBe(COORDINATOR);
    expect((await me(second.body.secret)).status).toBe(401);
    expect(unknown.status).toBe(404);
  });

  it("a personal token of a user disabled later is refused (403)", async () => {
    // Prepare
    const email = uniqueEmail("pat-gone");
    await newClerk(email);
    const created = await call("POST", "/v1/tokens", { as: email, body: { name: "脚本" } });
    // Act
    await call("PUT", `/v1/users/${email}`, { as: ADMIN, body: { role: "clerk", subdistrict: "kaixuan", active: false }, headers: { "if-match": "1" } });
    const after = await me(created.body.secret);
    // Assess
    expect(after.status).toBe(403);
  });
});

describe("roles and the audit log", () => {
  it("only an admin grants a coordinator's role; every access change is in the audit log, which only admins read", async () => {
    // Prepare
    const email = uniqueEmail("promoted");
    await newClerk(email);
    // Act
    const byCoordinator = await call("PUT", `/v1/users/${email}`, { as: COORDINATOR, body: { role: "coordinator" }, headers: { "if-match": "1" } });
    const byAdmin = await call("PUT", `/v1/users/${email}`, { as: ADMIN, body: { role: "coordinator" }, headers: { "if-match": "1" } });
    const audit = await call("GET", "/v1/audit?limit=200", { as: ADMIN });
    const auditByCoordinator = await call("GET", "/v1/audit", { as: COORDINATOR });
    // Assess
    expect(byCoordinator.status).toBe(403);
    expect(byAdmin.status).toBe(200);
    const mine = audit.body.items.filter((e: { subject: string }) => e.subject === email);
    expect(mine.map((e: { action: string }) => e.action)).toEqual(["user.change", "user.create"]);
    expect(mine[0]).toMatchObject({ actor: ADMIN, before: { role: "clerk" }, after: { role: "coordinator", active: true } });
    expect(auditByCoordinator.status).toBe(403);
  });
});
