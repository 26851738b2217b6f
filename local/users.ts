// Local user entries. admin@local always exists on the embedded stack.
import type { Deps } from "../functions/src/app/deps.js";
import type { UserEntry } from "../functions/src/ports/directory.js";

export const LOCAL_ADMIN = "admin@local";
export const SEEDER_EMAIL = "seed@local";

/** Creates the user when missing; an existing entry (maybe changed by a coordinator) is left alone. */
export async function ensureUser(deps: Deps, user: Omit<UserEntry, "version" | "updatedAt" | "updatedBy" | "active">): Promise<boolean> {
  if (await deps.directory.get(user.email)) return false;
  const entry: UserEntry = { ...user, active: true, version: 1, updatedAt: deps.clock.now().toISOString(), updatedBy: SEEDER_EMAIL };
  return (await deps.directory.put(entry, undefined)).ok;
}

export async function ensureAdmin(deps: Deps): Promise<void> {
  await ensureUser(deps, { email: LOCAL_ADMIN, role: "admin", name: "本地管理员" });
}
