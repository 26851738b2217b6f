// The audit log of access changes: every user created or changed in role, binding or activity is one
// append-only entry, written in the same transaction as the user entry (app/users.ts). Admins read it.
import type { Principal } from "../domain/access.js";
import { violation } from "../domain/violations.js";
import type { AccessState, AuditEntry } from "../ports/audit.js";
import type { UserEntry } from "../ports/directory.js";
import type { Deps } from "./deps.js";
import { Forbidden } from "./errors.js";

const access = (u: UserEntry): AccessState => ({
  role: u.role,
  active: u.active,
  ...(u.subdistrict ? { subdistrict: u.subdistrict } : {}),
  ...(u.department ? { department: u.department } : {}),
});

const same = (a: AccessState, b: AccessState) => a.role === b.role && a.active === b.active && a.subdistrict === b.subdistrict && a.department === b.department;

/** The entry for a change of `before` into `after`; undefined when access did not change (a new name only). */
export function auditEntry(deps: Deps, who: Principal, before: UserEntry | undefined, after: UserEntry): AuditEntry | undefined {
  const next = access(after);
  if (before && same(access(before), next)) return undefined;
  return {
    id: deps.newId(),
    at: after.updatedAt,
    actor: who.email,
    action: before ? "user.change" : "user.create",
    subject: after.email,
    ...(before ? { before: access(before) } : {}),
    after: next,
  };
}

export async function listAudit(deps: Deps, who: Principal, limit: number, before?: string) {
  if (who.role !== "admin") throw new Forbidden(violation("role", "R-SCOPE", "只有系统管理员可以查看权限变更审计日志"));
  return deps.audit.list(limit, before);
}
