// The local stack's OpenID Connect provider, served by the local API server: discovery, JWKS, an
// authorization endpoint with a Chinese login page listing the ledger's users (pick one, no password: it is
// a laptop), the authorization-code flow with PKCE (S256 only) and a token endpoint issuing ID tokens the API
// accepts. Standard enough for oidc-client-ts (public client, CORS on the JSON endpoints, nonce, state).
import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { jwtVerify, createLocalJWKSet } from "jose";
import { ROLE } from "../functions/src/domain/enums.js";
import type { UserEntry } from "../functions/src/ports/directory.js";
import { LOCAL_CLIENTS, type LocalIssuer, mintToken } from "./issuer.js";

/** An authorization code lives this long and is used once. */
const CODE_TTL_MS = 60_000;
/** ID tokens from the browser flow (scripts get 12 h from `npm run token`). */
const ID_TOKEN_TTL_SECONDS = 3600;

interface Grant {
  clientId: string;
  redirectUri: string;
  email: string;
  name?: string;
  nonce?: string;
  challenge: string;
  expires: number;
}

export interface OidcOptions {
  issuer: LocalIssuer;
  /** The users to pick from (the ledger's active users). */
  users: () => Promise<UserEntry[]>;
}

type Params = Record<string, string>;

const CORS = { "access-control-allow-origin": "*", "access-control-allow-headers": "authorization, content-type", "access-control-allow-methods": "GET, POST, OPTIONS" };

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const base64url = (b: Buffer) => b.toString("base64url");

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>) {
  res.writeHead(status, { "cache-control": "no-store", ...headers });
  res.end(body);
}
const sendJson = (res: ServerResponse, status: number, body: unknown) => send(res, status, JSON.stringify(body), { ...CORS, "content-type": "application/json; charset=utf-8" });

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1f2933}
h1{font-size:1.4rem}.hint{color:#52606d}form{margin:0}button{display:block;width:100%;text-align:left;padding:.6rem .8rem;margin:.4rem 0;border:1px solid #cbd2d9;border-radius:.4rem;background:#fff;font-size:1rem;cursor:pointer}
button:hover{background:#f0f4f8}.role{color:#52606d;font-size:.9rem}.error{color:#b42318}</style></head><body>${body}</body></html>`;
}

const errorPage = (res: ServerResponse, message: string) =>
  send(res, 400, page("登录出错", `<h1>无法登录</h1><p class="error">${escapeHtml(message)}</p><p class="hint">请回到原来的页面重新登录。</p>`), { "content-type": "text/html; charset=utf-8" });

/** Only loopback redirect URIs: this provider runs on a laptop and has no client registration. */
function redirectAllowed(uri: string): boolean {
  try {
    const url = new URL(uri);
    return (url.protocol === "http:" || url.protocol === "https:") && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname) && !url.hash;
  } catch {
    return false;
  }
}

/** Checks an authorization request; a string is the Chinese reason it cannot go on. */
function authorizationProblem(p: Params): string | undefined {
  if (!p.client_id || !LOCAL_CLIENTS.includes(p.client_id)) return `未知的应用（client_id「${p.client_id ?? ""}」），可用：${LOCAL_CLIENTS.join("、")}`;
  if (!p.redirect_uri || !redirectAllowed(p.redirect_uri)) return "回调地址（redirect_uri）缺失或不是本机地址（localhost / 127.0.0.1）";
  return undefined;
}

/** Problems that are reported back to the application through the redirect (RFC 6749 §4.1.2.1). */
function redirectError(p: Params): [string, string] | undefined {
  if (p.response_type !== "code") return ["unsupported_response_type", "只支持 response_type=code"];
  if (!(p.scope ?? "").split(" ").includes("openid")) return ["invalid_scope", "scope 须包含 openid"];
  if (p.code_challenge_method !== "S256" || !/^[A-Za-z0-9_-]{43}$/.test(p.code_challenge ?? "")) return ["invalid_request", "须使用 PKCE：code_challenge_method=S256 和 code_challenge"];
  return undefined;
}

function redirectTo(res: ServerResponse, uri: string, query: Params) {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
  send(res, 302, "", { location: url.toString() });
}

async function readForm(req: IncomingMessage): Promise<Params> {
  let text = "";
  for await (const chunk of req) {
    text += (chunk as Buffer).toString("utf8");
    if (text.length > 64 * 1024) break;
  }
  return Object.fromEntries(new URLSearchParams(text));
}

const FLOW_FIELDS = ["response_type", "client_id", "redirect_uri", "scope", "state", "nonce", "code_challenge", "code_challenge_method"] as const;

function loginPage(p: Params, users: UserEntry[]): string {
  const hidden = FLOW_FIELDS.filter((f) => p[f] !== undefined).map((f) => `<input type="hidden" name="${f}" value="${escapeHtml(p[f]!)}">`).join("");
  const buttons = users
    .map(
      (u) =>
        `<form method="post" action="/oidc/authorize">${hidden}<input type="hidden" name="login" value="${escapeHtml(u.email)}"><button type="submit" data-email="${escapeHtml(u.email)}">${escapeHtml(u.name ?? u.email)} <span class="role">· ${escapeHtml(ROLE.label(u.role))} · ${escapeHtml(u.email)}</span></button></form>`,
    )
    .join("");
  return page(
    "本地登录 · 排污口排查整治台账",
    `<h1>排污口排查整治台账 · 本地登录</h1><p class="hint">这是本机演示环境的登录页：选择一位用户即以其身份登录（不需要密码）。正式环境请使用 Google 账号或本区统一身份认证登录。</p>${
      users.length ? buttons : '<p class="error">台账中还没有可登录的用户。</p>'
    }`,
  );
}

/** Handles the provider's paths; false for any other path (the API's routes). */
export function oidcProvider(options: OidcOptions): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean> {
  const grants = new Map<string, Grant>();
  const { issuer } = options;
  const keys = () => createLocalJWKSet(JSON.parse(issuer.jwks));
  const activeUsers = async () => (await options.users()).filter((u) => u.active).sort((a, b) => a.role.localeCompare(b.role) || a.email.localeCompare(b.email));

  /** The token endpoint: an authorization code and its PKCE verifier → an ID token (also as access token). */
  async function exchange(p: Params): Promise<Record<string, unknown>> {
    const refuse = (error: string, description: string) => ({ error, error_description: description });
    if (p.grant_type !== "authorization_code") return refuse("unsupported_grant_type", "只支持 grant_type=authorization_code");
    const grant = p.code ? grants.get(p.code) : undefined;
    if (p.code) grants.delete(p.code); // one use, whatever happens next
    if (!grant || grant.expires < Date.now()) return refuse("invalid_grant", "授权码无效、已使用或已过期，请重新登录");
    if (p.client_id !== grant.clientId || p.redirect_uri !== grant.redirectUri) return refuse("invalid_grant", "client_id 或 redirect_uri 与授权请求不一致");
    const verifier = p.code_verifier ?? "";
    const computed = base64url(createHash("sha256").update(verifier).digest());
    if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || computed !== grant.challenge) return refuse("invalid_grant", "PKCE 校验失败：code_verifier 与 code_challenge 不符");
    const idToken = await mintToken(issuer, grant.email, ID_TOKEN_TTL_SECONDS, {
      audience: grant.clientId,
      ...(grant.nonce ? { nonce: grant.nonce } : {}),
      ...(grant.name ? { name: grant.name } : {}),
    });
    return { access_token: idToken, id_token: idToken, token_type: "Bearer", expires_in: ID_TOKEN_TTL_SECONDS, scope: "openid email profile" };
  }

  return async (req, res, url) => {
    const path = url.pathname;
    if (!(path === "/.well-known/openid-configuration" || path.startsWith("/oidc/"))) return false;
    if (req.method === "OPTIONS") {
      send(res, 204, "", { ...CORS, "access-control-max-age": "600" });
      return true;
    }
    const base = issuer.issuer;
    if (path === "/.well-known/openid-configuration") {
      sendJson(res, 200, {
        issuer: base,
        authorization_endpoint: `${base}/oidc/authorize`,
        token_endpoint: `${base}/oidc/token`,
        userinfo_endpoint: `${base}/oidc/userinfo`,
        jwks_uri: `${base}/oidc/jwks`,
        response_types_supported: ["code"],
        response_modes_supported: ["query"],
        grant_types_supported: ["authorization_code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["ES256"],
        scopes_supported: ["openid", "email", "profile"],
        claims_supported: ["iss", "sub", "aud", "exp", "iat", "nonce", "email", "email_verified", "name"],
        token_endpoint_auth_methods_supported: ["none"],
        code_challenge_methods_supported: ["S256"],
      });
      return true;
    }
    if (path === "/oidc/jwks") {
      sendJson(res, 200, JSON.parse(issuer.jwks));
      return true;
    }
    if (path === "/oidc/authorize") {
      const p: Params = req.method === "POST" ? await readForm(req) : Object.fromEntries(url.searchParams);
      const problem = authorizationProblem(p);
      if (problem) {
        errorPage(res, problem);
        return true;
      }
      const error = redirectError(p);
      if (error) {
        redirectTo(res, p.redirect_uri!, { error: error[0], error_description: error[1], ...(p.state ? { state: p.state } : {}) });
        return true;
      }
      const users = await activeUsers();
      if (req.method !== "POST") {
        send(res, 200, loginPage(p, users), { "content-type": "text/html; charset=utf-8" });
        return true;
      }
      const user = users.find((u) => u.email === p.login);
      if (!user) {
        errorPage(res, `用户「${p.login ?? ""}」不存在或已停用`);
        return true;
      }
      const code = base64url(randomBytes(32));
      grants.set(code, {
        clientId: p.client_id!,
        redirectUri: p.redirect_uri!,
        email: user.email,
        ...(user.name ? { name: user.name } : {}),
        ...(p.nonce ? { nonce: p.nonce } : {}),
        challenge: p.code_challenge!,
        expires: Date.now() + CODE_TTL_MS,
      });
      redirectTo(res, p.redirect_uri!, { code, ...(p.state ? { state: p.state } : {}), iss: base });
      return true;
    }
    if (path === "/oidc/token" && req.method === "POST") {
      const answer = await exchange(await readForm(req));
      sendJson(res, "error" in answer ? 400 : 200, answer);
      return true;
    }
    if (path === "/oidc/userinfo") {
      const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
      try {
        const { payload } = await jwtVerify(token ?? "", keys(), { issuer: base, audience: LOCAL_CLIENTS });
        sendJson(res, 200, { sub: payload.sub, email: payload.email, email_verified: payload.email_verified, ...(payload.name ? { name: payload.name } : {}) });
      } catch {
        send(res, 401, "", { ...CORS, "www-authenticate": 'Bearer error="invalid_token"' });
      }
      return true;
    }
    sendJson(res, 404, { error: "not_found" });
    return true;
  };
}
