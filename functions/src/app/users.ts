// User entries: the verified e-mail of a token → role and subdistrict or department (architecture.md §4).
import * as z from "zod/mini";
import { meta } from "../domain/meta.js";
import { type Principal, canManageUsers } from "../domain/access.js";
import { ROLE } from "../domain/enums.js";
import { type Violation, violation, violationsFromZod } from "../domain/violations.js";
import type { UserEntry } from "../ports/directory.js";
import { auditEntry } from "./audit.js";
import type { Deps } from "./deps.js";
import { AppError, Forbidden, InvalidInput, PreconditionRequired } from "./errors.js";

export const UserInput = meta(z.strictObject({
  role: ROLE.schema,
  subdistrict: z.optional(z.string().check(z.maxLength(40))),
  department: z.optional(z.string().check(z.maxLength(40))),
  name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(40))),
  active: z.optional(z.boolean()),
}), { id: "UserInput", title: "用户设置" });

export const normalizeEmail = (email: string) => email.trim().toLowerCase();
/** Local accounts such as admin@local have no dot in the domain, so this is deliberately simple. */
const EMAIL = z.string().check(z.maxLength(254), z.regex(/^[^\s@]+@[^\s@]+$/));

/** The principal behind a verified e-mail; an unknown or disabled user gets 403. */
export async function resolvePrincipal(deps: Deps, email: string): Promise<Principal> {
  const user = await deps.directory.get(normalizeEmail(email));
  if (!user || !user.active) {
    throw new AppError(403, "账号未开通", [violation("email", "R-SCOPE", `账号 ${email} 尚未开通或已停用，请联系区治水办（河长办）开通`)]);
  }
  return {
    email: user.email,
    role: user.role,
    ...(user.subdistrict ? { subdistrict: user.subdistrict } : {}),
    ...(user.department ? { department: user.department } : {}),
    ...(user.name ? { name: user.name } : {}),
  };
}

function requireManager(who: Principal) {
  if (!canManageUsers(who)) throw new Forbidden(violation("role", "R-SCOPE", "只有区治水办和系统管理员可以管理用户"));
}

export async function listUsers(deps: Deps, who: Principal): Promise<UserEntry[]> {
  requireManager(who);
  return (await deps.directory.list()).sort((a, b) => a.email.localeCompare(b.email));
}

export async function putUser(
  deps: Deps,
  who: Principal,
  rawEmail: string,
  body: unknown,
  expectedVersion: number | undefined,
): Promise<{ user: UserEntry; created: boolean; roleChange: boolean }> {
  requireManager(who);
  const email = normalizeEmail(rawEmail);
  const problems: Violation[] = [];
  if (!EMAIL.safeParse(email).success) problems.push(violation("email", "R-FORMAT", `「${rawEmail}」不是有效的电子邮箱地址`));
  const parsed = UserInput.safeParse(body, { reportInput: true });
  if (!parsed.success) problems.push(...violationsFromZod(parsed.error));
  if (problems.length || !parsed.success) throw new InvalidInput(problems);
  const input = parsed.data;
  const ref = deps.reference;
  if (input.role === "clerk" && (!input.subdistrict || !ref.subdistrictByKey.has(input.subdistrict))) {
    problems.push(violation("subdistrict", "R-USER", `街道经办人须绑定一个本区街道，可选：${ref.subdistricts.map((s) => s.key).join("、")}`));
  }
  if (input.role === "department" && (!input.department || !ref.departmentByKey.has(input.department))) {
    problems.push(violation("department", "R-USER", `监管部门用户须绑定一个部门，可选：${ref.departments.map((d) => `${d.name}（${d.key}）`).join("、")}`));
  }
  if (input.role !== "clerk" && input.subdistrict) problems.push(violation("subdistrict", "R-USER", "只有街道经办人绑定街道"));
  if (input.role !== "department" && input.department) problems.push(violation("department", "R-USER", "只有监管部门用户绑定部门"));
  if (problems.length) throw new InvalidInput(problems);

  const current = await deps.directory.get(email);
  if (current && expectedVersion === undefined) throw new PreconditionRequired();
  // Granting, changing or taking away a coordinator's or admin's access is the admin's alone (audited).
  const privileged = (role: string | undefined) => role === "admin" || role === "coordinator";
  if ((privileged(input.role) || privileged(current?.role)) && who.role !== "admin") {
    throw new Forbidden(violation("role", "R-SCOPE", "只有系统管理员可以设置或修改区治水办和管理员账号"));
  }
  if (current && expectedVersion !== current.version) throw userConflict(current, expectedVersion);
  const user: UserEntry = {
    email,
    role: input.role,
    ...(input.subdistrict ? { subdistrict: input.subdistrict } : {}),
    ...(input.department ? { department: input.department } : {}),
    ...(input.name ? { name: input.name } : {}),
    active: input.active ?? true,
    version: (current?.version ?? 0) + 1,
    updatedAt: deps.clock.now().toISOString(),
    updatedBy: who.email,
  };
  const audit = auditEntry(deps, who, current, user);
  const saved = await deps.directory.put(user, current?.version, audit);
  if (!saved.ok) throw userConflict(saved.current, expectedVersion);
  // Alarmed (RoleChanges): an existing user's role changed, or a coordinator's or admin's access was
  // granted or changed. A new clerk or department user is audited but not alarmed.
  const roleChange = Boolean(audit && ((current && current.role !== user.role) || privileged(user.role) || privileged(current?.role)));
  return { user, created: !current, roleChange };
}

function userConflict(current: UserEntry | undefined, expected: number | undefined) {
  return new AppError(409, "用户设置已被他人修改", [
    violation("version", "R-VERSION", `您依据的是第 ${expected ?? "?"} 版，服务器上已是第 ${current?.version ?? "?"} 版`),
  ], { current });
}
