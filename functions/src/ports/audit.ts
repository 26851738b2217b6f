import type { Role } from "../domain/enums.js";

/** A user's access as the audit log records it. */
export interface AccessState {
  role: Role;
  active: boolean;
  subdistrict?: string;
  department?: string;
}

/** One entry of the append-only audit log (role changes; never updated or deleted). */
export interface AuditEntry {
  id: string;
  at: string;
  /** Who made the change. */
  actor: string;
  action: "user.create" | "user.change";
  /** Whose access changed. */
  subject: string;
  before?: AccessState;
  after: AccessState;
}

export interface AuditLog {
  /** Newest first; `before` (an entry's `at#id` cursor) pages further back. */
  list(limit: number, before?: string): Promise<{ items: AuditEntry[]; next?: string }>;
}
