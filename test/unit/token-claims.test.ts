import { describe, expect, it } from "vitest";
import { claimProblem } from "../../functions/src/http/auth.js";

describe("token claims beyond the signature", () => {
  const now = 1_800_000_000;
  const good = { email: "a@x", email_verified: true, iat: now - 60, exp: now + 3540 };

  it("accepts a verified e-mail, a past iat and a short life", () => {
    expect(claimProblem(good, now)).toBeUndefined();
    expect(claimProblem({ ...good, iat: now + 30 }, now)).toBeUndefined(); // within the skew
  });

  it("refuses email_verified missing, false or the string \"true\"/\"false\"", () => {
    const { email_verified: _v, ...missing } = good;
    for (const payload of [missing, { ...good, email_verified: false }, { ...good, email_verified: "false" }, { ...good, email_verified: "true" }]) {
      expect(claimProblem(payload, now)).toContain("已验证的电子邮箱");
    }
  });

  it("refuses a missing iat or exp, an iat in the future, a life over the maximum (which with exp bounds the age)", () => {
    const { iat: _i, ...noIat } = good;
    expect(claimProblem(noIat, now)).toContain("签发时间");
    expect(claimProblem({ ...good, iat: now + 600 }, now)).toContain("未来");
    expect(claimProblem({ ...good, iat: now, exp: now + 10 * 365 * 86400 }, now)).toContain("有效期超过 24 小时");
    expect(claimProblem({ ...good, iat: now - 25 * 3600, exp: now + 3600 }, now, 48 * 3600)).toBeUndefined();
    expect(claimProblem({ ...good, iat: now - 25 * 3600, exp: now + 3600 }, now, 24 * 3600)).toContain("有效期超过");
    expect(claimProblem({ ...good, iat: now - 3 * 3600, exp: now + 3600 }, now, 2 * 3600)).toContain("有效期超过");
  });
});
