// Bearer token → verified e-mail. Every issuer the deployment trusts is listed (AUTH_ISSUERS): Google (the
// add-on's and the web app's client ids as audiences), a district's own OIDC provider (Keycloak, Authing, a
// government single sign-on), the local stack's provider. Personal tokens (`olp_…`) are not JWTs: they are
// looked up in the ledger (app/tokens.ts). The same code runs in every function in AWS and in the local server.
import { type JWTPayload, createLocalJWKSet, createRemoteJWKSet, decodeJwt, errors, type JWTVerifyGetKey, jwtVerify } from "jose";
import * as z from "zod/mini";
import { Unauthorized } from "../app/errors.js";

/** Clock difference tolerated between the issuer and this function. */
export const CLOCK_SKEW_SECONDS = 60;
/** Google identity tokens live 1 h; the local issuer's 12 h. Anything longer-lived is refused. */
export const DEFAULT_MAX_TOKEN_AGE_SECONDS = 24 * 3600;
export const GOOGLE_ISSUER = "https://accounts.google.com";
export const GOOGLE_JWKS_URL = "https://www.googleapis.com/oauth2/v3/certs";

/** One trusted issuer (an element of AUTH_ISSUERS). */
export const IssuerConfig = z.strictObject({
  /** Exact `iss` value (Google: https://accounts.google.com; its legacy `accounts.google.com` is accepted too). */
  issuer: z.url(),
  /** Accepted `aud` values: the client ids (add-on, web app, workbook) at that issuer. */
  audiences: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
  /** Where the issuer's keys are (Google's certificates when the issuer is Google). */
  jwksUrl: z.optional(z.url()),
  /** The keys inline (the local provider, tests). */
  jwks: z.optional(z.object({ keys: z.array(z.record(z.string(), z.unknown())) })),
  /** Claim carrying the user's e-mail (default `email`) or a user id (with `emailDomain`). */
  emailClaim: z._default(z.string().check(z.minLength(1)), "email"),
  /** When the claim carries a user id: the e-mail is `<id>@<emailDomain>` (the user list is keyed by e-mail). */
  emailDomain: z.optional(z.string().check(z.regex(/^[^@\s]+$/))),
  /** Require `email_verified: true`. Default: yes when the claim is `email`. */
  requireEmailVerified: z.optional(z.boolean()),
  /** Longest life a token may have (exp − iat). Default 24 h. */
  maxTokenAgeSeconds: z.optional(z.int().check(z.gte(60), z.lte(604800))),
  /** Short name for metrics and logs: google, oidc, local… Default: oidc (google for Google). */
  kind: z.optional(z.string().check(z.regex(/^[a-z][\w-]{0,30}$/))),
}).check(z.refine((c) => c.jwksUrl || c.jwks || c.issuer === GOOGLE_ISSUER, { message: "jwksUrl or jwks is required (except for Google)" }));
export type IssuerConfig = z.input<typeof IssuerConfig>;
export const IssuerList = z.array(IssuerConfig).check(z.minLength(1));

/** Who a request is from, and how the token was issued. */
export interface Identity {
  email: string;
  /** google, oidc, local…, or personal (a personal token). */
  via: string;
}

export interface ClaimRules {
  emailClaim?: string;
  emailDomain?: string;
  requireEmailVerified?: boolean;
}

/** The e-mail a verified token names, or undefined. */
export function emailOf(payload: JWTPayload, rules: ClaimRules = {}): string | undefined {
  const claim = rules.emailClaim ?? "email";
  const value = payload[claim];
  if (typeof value !== "string" || !value.trim()) return undefined;
  const text = value.trim().toLowerCase();
  if (text.includes("@")) return text;
  return rules.emailDomain ? `${text}@${rules.emailDomain.toLowerCase()}` : undefined;
}

/** Claims a verified signature does not vouch for by itself. Undefined when acceptable, else why not. */
export function claimProblem(payload: JWTPayload, nowSeconds: number, maxAgeSeconds = DEFAULT_MAX_TOKEN_AGE_SECONDS, rules: ClaimRules = {}): string | undefined {
  const verified = rules.requireEmailVerified ?? (rules.emailClaim ?? "email") === "email";
  if (!emailOf(payload, rules) || (verified && payload.email_verified !== true)) return "登录凭证中没有已验证的电子邮箱";
  const { iat, exp } = payload;
  if (typeof iat !== "number" || typeof exp !== "number") return "登录凭证缺少签发时间或过期时间，请重新登录";
  if (iat > nowSeconds + CLOCK_SKEW_SECONDS) return "登录凭证的签发时间在未来，请检查设备时间后重新登录";
  const hours = Math.round(maxAgeSeconds / 3600);
  // With exp checked by the signature verification, a bounded life also bounds the age (now − iat).
  if (exp - iat > maxAgeSeconds) return `登录凭证有效期超过 ${hours} 小时，不予接受，请重新登录`;
  return undefined;
}

/** The bearer token of an Authorization header; 401 without one. */
export function bearer(authorization: string | undefined): string {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? "");
  if (!match) throw new Unauthorized("请求缺少登录凭证（Authorization: Bearer <令牌>）");
  return match[1]!;
}

interface Trusted {
  config: z.output<typeof IssuerConfig>;
  issuers: string[];
  keys: () => JWTVerifyGetKey;
}

/** Verified tokens a warm container remembers: a clerk's push or pull sends the same token with every
 *  request, and checking its signature again is most of the CPU a small request spends on sign-in. */
const VERIFIED_CACHE_SIZE = 500;

/** Verifies JWTs from any of the configured issuers (picked by the token's `iss`, then fully verified). A
 *  token verified before is taken from memory until it expires (then verified again, and refused). */
export function jwtVerifier(list: readonly IssuerConfig[]): (token: string) => Promise<Identity> {
  const verified = new Map<string, { identity: Identity; exp: number }>();
  const verify = fullJwtVerifier(list);
  return async (token) => {
    const hit = verified.get(token);
    if (hit && Math.floor(Date.now() / 1000) <= hit.exp + CLOCK_SKEW_SECONDS) return hit.identity;
    verified.delete(token);
    const { identity, exp } = await verify(token);
    // Oldest first out (a Map keeps insertion order).
    if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
    verified.set(token, { identity, exp });
    return identity;
  };
}

/** The full check of a token: its identity, and its expiry (claimProblem has made sure there is one). */
function fullJwtVerifier(list: readonly IssuerConfig[]): (token: string) => Promise<{ identity: Identity; exp: number }> {
  const trusted: Trusted[] = IssuerList.parse(list).map((config) => {
    let keys: JWTVerifyGetKey | undefined;
    const google = config.issuer === GOOGLE_ISSUER;
    return {
      config,
      issuers: google ? [GOOGLE_ISSUER, "accounts.google.com"] : [config.issuer],
      keys: () =>
        (keys ??= config.jwks
          ? createLocalJWKSet(config.jwks as Parameters<typeof createLocalJWKSet>[0])
          : createRemoteJWKSet(new URL(config.jwksUrl ?? GOOGLE_JWKS_URL))),
    };
  });
  return async (token) => {
    let iss: unknown;
    try {
      iss = decodeJwt(token).iss;
    } catch {
      throw new Unauthorized("登录凭证无效，请重新登录");
    }
    const match = trusted.find((t) => typeof iss === "string" && t.issuers.includes(iss));
    if (!match) throw new Unauthorized("登录凭证的签发方不在本系统信任的登录方式之列，请用本系统支持的方式重新登录");
    const { config } = match;
    try {
      const { payload } = await jwtVerify(token, match.keys(), { issuer: match.issuers, audience: config.audiences, clockTolerance: CLOCK_SKEW_SECONDS });
      const problem = claimProblem(payload, Math.floor(Date.now() / 1000), config.maxTokenAgeSeconds, config);
      if (problem) throw new Unauthorized(problem);
      const identity = { email: emailOf(payload, config)!, via: config.kind ?? (config.issuer === GOOGLE_ISSUER ? "google" : "oidc") };
      return { identity, exp: payload.exp! };
    } catch (error) {
      if (error instanceof Unauthorized) throw error;
      if (error instanceof errors.JWTExpired) throw new Unauthorized("登录凭证已过期，请重新登录");
      if (error instanceof errors.JWTClaimValidationFailed && error.claim === "aud") throw new Unauthorized("登录凭证不是签发给本系统的（受众不符），请重新登录");
      throw new Unauthorized("登录凭证无效，请重新登录");
    }
  };
}
