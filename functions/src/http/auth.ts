// Bearer token → verified e-mail. The same code runs in AWS (Google identity tokens, behind API Gateway's
// JWT authorizer) and locally (the embedded stack's own issuer); only configuration differs.
import { type JWTPayload, createLocalJWKSet, createRemoteJWKSet, errors, type JWTVerifyGetKey, jwtVerify } from "jose";
import { Unauthorized } from "../app/errors.js";

export interface AuthConfig {
  issuer: string;
  audience: string;
  /** Remote JWKS (Google's certificates in AWS). */
  jwksUrl?: string;
  /** Inline JWKS (the local issuer), so the API does not fetch its own keys over HTTP. */
  jwksJson?: string;
  /** Longest life a token may have (exp − iat; with exp in the future this bounds its age too). Default 24 h. */
  maxTokenAgeSeconds?: number;
}

/** Clock difference tolerated between the issuer and this function. */
export const CLOCK_SKEW_SECONDS = 60;
/** Google identity tokens live 1 h; the local issuer's 12 h. Anything longer-lived is refused. */
export const DEFAULT_MAX_TOKEN_AGE_SECONDS = 24 * 3600;

/** Claims a verified signature does not vouch for by itself. Undefined when acceptable, else why not. */
export function claimProblem(payload: JWTPayload, nowSeconds: number, maxAgeSeconds = DEFAULT_MAX_TOKEN_AGE_SECONDS): string | undefined {
  if (typeof payload.email !== "string" || payload.email_verified !== true) return "登录凭证中没有已验证的电子邮箱";
  const { iat, exp } = payload;
  if (typeof iat !== "number" || typeof exp !== "number") return "登录凭证缺少签发时间或过期时间，请重新登录";
  if (iat > nowSeconds + CLOCK_SKEW_SECONDS) return "登录凭证的签发时间在未来，请检查设备时间后重新登录";
  const hours = Math.round(maxAgeSeconds / 3600);
  // With exp checked by the signature verification, a bounded life also bounds the age (now − iat).
  if (exp - iat > maxAgeSeconds) return `登录凭证有效期超过 ${hours} 小时，不予接受，请重新登录`;
  return undefined;
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
        clockTolerance: CLOCK_SKEW_SECONDS,
      });
      const problem = claimProblem(payload, Math.floor(Date.now() / 1000), config.maxTokenAgeSeconds);
      if (problem) throw new Unauthorized(problem);
      return payload.email as string;
    } catch (error) {
      if (error instanceof Unauthorized) throw error;
      if (error instanceof errors.JWTExpired) throw new Unauthorized("登录凭证已过期，请重新登录");
      throw new Unauthorized("登录凭证无效，请重新登录");
    }
  };
}
