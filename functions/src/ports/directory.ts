import type { Role } from "../domain/enums.js";
import type { AuditEntry } from "./audit.js";

/** A user entry: the verified e-mail of a token maps to a role and a subdistrict or department. */
export interface UserEntry {
  email: string;
  role: Role;
  subdistrict?: string;
  department?: string;
  name?: string;
  active: boolean;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

export interface Directory {
  get(email: string): Promise<UserEntry | undefined>;
  list(): Promise<UserEntry[]>;
  /** Conditional on `expectedVersion` (undefined: only if the user does not exist yet). */
  /** With `audit`: the audit entry is written in the same transaction (both or neither). */
  put(user: UserEntry, expectedVersion: number | undefined, audit?: AuditEntry): Promise<{ ok: true } | { ok: false; current?: UserEntry }>;
}
