// The trusted issuers from the environment (functions/src/config.ts) and the verifier that picks one by the
// token's `iss` (functions/src/http/auth.ts): inline keys, no network.
import { SignJWT, exportJWK, generateKeyPair } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import { issuersFromEnv } from "../../functions/src/config.js";
import { ConfigError, FunctionEnv, readEnv } from "../../functions/src/env.js";
import { emailOf, jwtVerifier } from "../../functions/src/http/auth.js";

const env = (vars: Record<string, string>) => readEnv(FunctionEnv, { TABLE_NAME: "t", ...vars });

async function keyPair() {
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  return { privateKey, jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: "1", alg: "ES256" }] } };
}

describe("trusted issuers from the environment", () => {
  it("reads AUTH_ISSUERS and the single AUTH_ISSUER (several audiences, comma-separated) together", () => {
    // Act
    const list = issuersFromEnv(
      env({
        AUTH_ISSUERS: JSON.stringify([{ issuer: "https://sso.example.cn/realms/x", audiences: ["ledger"], jwksUrl: "https://sso.example.cn/realms/x/certs", emailClaim: "preferred_username", emailDomain: "example.cn" }]),
        AUTH_ISSUER: "https://accounts.google.com",
        AUTH_AUDIENCE: "addon.apps.googleusercontent.com, web.apps.googleusercontent.com",
      }),
    );
    // Assess
    expect(list.map((i) => i.issuer)).toEqual(["https://sso.example.cn/realms/x", "https://accounts.google.com"]);
    expect(list[1]!.audiences).toEqual(["addon.apps.googleusercontent.com", "web.apps.googleusercontent.com"]);
  });

  it("refuses no issuer at all, an issuer without keys, and AUTH_ISSUER without AUTH_AUDIENCE, naming the variable", () => {
    // Act
    const cases = [
      () => issuersFromEnv(env({})),
      () => issuersFromEnv(env({ AUTH_ISSUERS: JSON.stringify([{ issuer: "https://sso.example.cn", audiences: ["x"] }]) })),
      () => issuersFromEnv(env({ AUTH_ISSUER: "https://sso.example.cn" })),
    ].map((fn) => {
      try {
        fn();
        return undefined;
      } catch (error) {
        return error as ConfigError;
      }
    });
    // Assess
    expect(cases.every((e) => e instanceof ConfigError)).toBe(true);
    expect(cases[0]!.variables).toEqual(["AUTH_ISSUERS"]);
    expect(cases[1]!.message).toContain("jwksUrl or jwks");
    expect(cases[2]!.variables).toEqual(["AUTH_AUDIENCE"]);
  });
});

describe("the multi-issuer verifier", () => {
  it("verifies each issuer's token with that issuer's keys and audiences, and maps a user id to an e-mail", async () => {
    // Prepare
    const a = await keyPair();
    const b = await keyPair();
    const verify = jwtVerifier([
      { issuer: "https://a.example", audiences: ["app"], jwks: a.jwks },
      { issuer: "https://b.example", audiences: ["ledger"], jwks: b.jwks, emailClaim: "uid", emailDomain: "b.example", kind: "gov" },
    ]);
    const sign = (key: Awaited<ReturnType<typeof keyPair>>["privateKey"], iss: string, aud: string, claims: Record<string, unknown>) =>
      new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid: "1" }).setIssuer(iss).setAudience(aud).setIssuedAt().setExpirationTime("1h").sign(key);
    // Act
    const fromA = await verify(await sign(a.privateKey, "https://a.example", "app", { email: "Li@A.example", email_verified: true }));
    const fromB = await verify(await sign(b.privateKey, "https://b.example", "ledger", { uid: "wangwu" }));
    const crossed = verify(await sign(a.privateKey, "https://b.example", "ledger", { uid: "wangwu" }));
    // Assess
    expect(fromA).toEqual({ email: "li@a.example", via: "oidc" });
    expect(fromB).toEqual({ email: "wangwu@b.example", via: "gov" });
    await expect(crossed).rejects.toMatchObject({ status: 401 });
  });

  it("remembers a verified token until it expires, then refuses it like any expired token", async () => {
    // Prepare: a token valid for 10 minutes
    const a = await keyPair();
    const verify = jwtVerifier([{ issuer: "https://a.example", audiences: ["app"], jwks: a.jwks }]);
    const token = await new SignJWT({ email: "li@a.example", email_verified: true })
      .setProtectedHeader({ alg: "ES256", kid: "1" })
      .setIssuer("https://a.example")
      .setAudience("app")
      .setIssuedAt()
      .setExpirationTime("10m")
      .sign(a.privateKey);
    const tampered = `${token.slice(0, -4)}${token.slice(-4) === "AAAA" ? "BBBB" : "AAAA"}`;
    // Act
    const first = await verify(token);
    const again = await verify(token);
    // Both refusals are caught where they start: either may settle while the test awaits the other.
    const forged = verify(tampered).catch((error: unknown) => error);
    vi.useFakeTimers({ now: Date.now() + 16 * 60_000, toFake: ["Date"] }); // past exp and the 5 minutes of clock skew allowed
    const late = verify(token).catch((error: unknown) => error);
    // Assess: the remembered answer is the verified one, a token never verified is checked, an expired one refused
    expect(again).toEqual(first);
    expect(await forged).toMatchObject({ status: 401 });
    expect(await late).toMatchObject({ status: 401, violations: [{ rule: "R-AUTH", message: "登录凭证已过期，请重新登录" }] });
  });

  afterEach(() => vi.useRealTimers());

  it("takes the e-mail from the configured claim; an id without a domain is no e-mail", () => {
    expect(emailOf({ email: "x@y" })).toBe("x@y");
    expect(emailOf({ sub: "123" }, { emailClaim: "sub" })).toBeUndefined();
    expect(emailOf({ sub: "123" }, { emailClaim: "sub", emailDomain: "gov.cn" })).toBe("123@gov.cn");
  });
});
