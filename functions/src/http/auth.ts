// Bearer token → verified e-mail. The same code runs in AWS (Google identity tokens, behind API Gateway's
// JWT authorizer) and locally (the embedded stack's own issuer); only configuration differs.
import { createLocalJWKSet, createRemoteJWKSet, errors, type JWTVerifyGetKey, jwtVerify } from "jose";
import { Unauthorized } from "../app/errors.js";

export interface AuthConfig {
  issuer: string;
  audience: string;
  /** Remote JWKS (Google's certificates in AWS). */
  jwksUrl?: string;
  /** Inline JWKS (the local issuer), so the API does not fetch its own keys over HTTP. */
  jwksJson?: string;
}

export function tokenVerifier(config: AuthConfig): (authorization: string | undefined) => Promise<string> {
  let keys: JWTVerifyGetKey | undefined;
  const keySet = () =>
    (keys ??= config.jwksJson
      ? createLocalJWKSet(JSON.parse(config.jwksJson))
      : createRemoteJWKSet(new URL(config.jwksUrl ?? "https://www.googleapis.com/oauth2/v3/certs")));
  return async (authorization) => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? "");
    if (!match) throw new Unauthorized("请求缺少登录凭证（Authorization: Bearer <令牌>）");
    try {
      const { payload } = await jwtVerify(match[1]!, keySet(), {
        issuer: config.issuer,
        audience: config.audience,
        clockTolerance: 30,
      });
      if (typeof payload.email !== "string" || payload.email_verified === false) {
        throw new Unauthorized("登录凭证中没有已验证的电子邮箱");
      }
      return payload.email;
    } catch (error) {
      if (error instanceof Unauthorized) throw error;
      if (error instanceof errors.JWTExpired) throw new Unauthorized("登录凭证已过期，请重新登录");
      throw new Unauthorized("登录凭证无效，请重新登录");
    }
  };
}
