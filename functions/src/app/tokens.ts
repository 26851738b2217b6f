// Personal tokens: a signed-in user creates a named token (at most 90 days) for a tool that cannot do a
// browser sign-in (the workbook tool, scripts). The secret is shown once; only its SHA-256 is stored. The
// token is `olp_<id>_<secret>`, so a request is verified by one GetItem. Coordinators and admins may list
// and revoke anyone's. Revoked tokens stay on record (who revoked, when).
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import * as z from "zod/mini";
import { meta } from "../domain/meta.js";
import { type Principal, canManageUsers } from "../domain/access.js";
import { violation, violationsFromZod } from "../domain/violations.js";
import type { Identity } from "../http/auth.js";
import type { PersonalToken } from "../ports/tokens.js";
import type { Deps } from "./deps.js";
import { AppError, Forbidden, InvalidInput, NotFound, Unauthorized } from "./errors.js";

export const TOKEN_PREFIX = "olp_";
export const MAX_TOKEN_DAYS = 90;
/** Active tokens one user may hold at once. */
export const MAX_ACTIVE_TOKENS = 20;
/** Last-used is written at most this often per token. */
export const TOUCH_INTERVAL_MS = 60_000;
const FORMAT = /^olp_([0-9A-HJKMNP-TV-Z]{26})_([A-Za-z0-9_-]{43})$/;

export const TokenInput = meta(z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(40)),
  expiresInDays: z._default(z.int().check(z.gte(1), z.lte(MAX_TOKEN_DAYS)), MAX_TOKEN_DAYS),
}), { id: "TokenInput", title: "个人令牌" });

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const active = (t: PersonalToken, now: Date) => !t.revokedAt && Date.parse(t.expiresAt) > now.getTime();

export async function createToken(deps: Deps, who: Principal, body: unknown): Promise<{ token: PersonalToken; secret: string }> {
  const parsed = TokenInput.safeParse(body ?? {}, { reportInput: true });
  // `name` is labelled for outfalls (排污口名称); here it names the token.
  if (!parsed.success) throw new InvalidInput(violationsFromZod(parsed.error).map((v) => (v.field === "name" ? { ...v, message: v.message.replace("排污口名称", "令牌名称") } : v)));
  const now = deps.clock.now();
  const mine = await deps.tokens.list(who.email);
  if (mine.filter((t) => active(t, now)).length >= MAX_ACTIVE_TOKENS) {
    throw new AppError(422, "个人令牌过多", [violation("name", "R-RANGE", `每人最多同时持有 ${MAX_ACTIVE_TOKENS} 个有效的个人令牌，请先撤销不再使用的令牌`)]);
  }
  const id = deps.newId();
  const secret = randomBytes(32).toString("base64url");
  const token: PersonalToken = {
    id,
    email: who.email,
    name: parsed.data.name,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + parsed.data.expiresInDays * 86_400_000).toISOString(),
  };
  await deps.tokens.create(token, sha256(secret));
  return { token, secret: `${TOKEN_PREFIX}${id}_${secret}` };
}

/** Own tokens; a coordinator or admin sees everyone's (or one user's with `email`). */
export async function listTokens(deps: Deps, who: Principal, email?: string): Promise<PersonalToken[]> {
  const wanted = email?.trim().toLowerCase();
  if (wanted && wanted !== who.email && !canManageUsers(who)) throw new Forbidden(violation("email", "R-SCOPE", "只有区治水办和系统管理员可以查看他人的个人令牌"));
  const scope = canManageUsers(who) ? wanted : who.email;
  return (await deps.tokens.list(scope)).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export async function revokeToken(deps: Deps, who: Principal, id: string): Promise<PersonalToken> {
  const found = await deps.tokens.get(id);
  // Someone else's token is "not found" to a clerk: ids are not secrets, but they are not theirs to probe.
  if (!found || (found.token.email !== who.email && !canManageUsers(who))) throw new NotFound("个人令牌");
  if (found.token.revokedAt) return found.token;
  return (await deps.tokens.revoke(id, deps.clock.now().toISOString(), who.email)) ?? found.token;
}

/** A personal token → the identity it stands for; 401 when unknown, wrong, revoked or expired. */
export async function verifyPersonalToken(deps: Deps, raw: string): Promise<Identity> {
  const match = FORMAT.exec(raw);
  if (!match) throw new Unauthorized("个人令牌格式不对，请核对是否复制完整（以 olp_ 开头）");
  const [, id, secret] = match;
  const found = await deps.tokens.get(id!);
  const given = Buffer.from(sha256(secret!), "hex");
  if (!found || !timingSafeEqual(given, Buffer.from(found.secretHash, "hex"))) throw new Unauthorized("个人令牌无效，请重新创建");
  const now = deps.clock.now();
  if (found.token.revokedAt) throw new Unauthorized("个人令牌已被撤销，请重新创建");
  if (Date.parse(found.token.expiresAt) <= now.getTime()) throw new Unauthorized("个人令牌已过期，请重新创建");
  if (!found.token.lastUsedAt || Date.parse(found.token.lastUsedAt) < now.getTime() - TOUCH_INTERVAL_MS) {
    await deps.tokens.touch(id!, now.toISOString(), new Date(now.getTime() - TOUCH_INTERVAL_MS).toISOString());
  }
  return { email: found.token.email, via: "personal" };
}
