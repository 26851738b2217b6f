// The Lock port for a workbook file: `<file>.lock` next to it, created exclusively, so that two commands on the
// same workbook (two windows, two colleagues on a shared folder) cannot overlap — the second is refused. A lock
// left behind by a crashed run is stale after 10 minutes; a running command keeps its lock fresh (touch) on
// every request it sends. Re-entrant: the engine takes the lock again inside a command that already holds it.
import { closeSync, openSync, readFileSync, rmSync, statSync, utimesSync, writeSync } from "node:fs";
import { hostname, userInfo } from "node:os";
import type { Lock } from "../../../sheets-addon/src/core/ports.js";
import { sleepSync } from "../sync-http.js";

export const STALE_LOCK_MS = 10 * 60_000;

export interface LockHolder {
  pid?: number;
  host?: string;
  user?: string;
  since?: string;
}

export class FileLock implements Lock {
  private depth = 0;
  private readonly token = `${process.pid}-${Math.random().toString(36).slice(2)}`;

  constructor(
    readonly path: string,
    private readonly options: { staleMs?: number; maxWaitMs?: number } = {},
  ) {}

  /** Waits up to `ms` (capped by `maxWaitMs`, default 0: one try) for the lock. */
  tryLock(ms: number): boolean {
    if (this.depth > 0) {
      this.depth++;
      return true;
    }
    const deadline = Date.now() + Math.min(ms, this.options.maxWaitMs ?? 0);
    for (;;) {
      if (this.acquire()) {
        this.depth = 1;
        return true;
      }
      if (Date.now() >= deadline) return false;
      sleepSync(Math.min(250, Math.max(1, deadline - Date.now())));
    }
  }

  release(): void {
    if (this.depth === 0) return;
    this.depth--;
    if (this.depth === 0 && this.ours()) rmSync(this.path, { force: true });
  }

  /** Keeps a held lock from going stale during a long command. */
  touch(): void {
    if (this.depth === 0) return;
    const now = new Date();
    try {
      utimesSync(this.path, now, now);
    } catch {
      // Removed by hand meanwhile: the command still finishes; nothing to refresh.
    }
  }

  /** Who holds the lock, as written in the file (undefined when free or unreadable). */
  holder(): LockHolder | undefined {
    try {
      return JSON.parse(readFileSync(this.path, "utf8")) as LockHolder;
    } catch {
      return undefined;
    }
  }

  private ours(): boolean {
    try {
      return (JSON.parse(readFileSync(this.path, "utf8")) as { token?: string }).token === this.token;
    } catch {
      return false;
    }
  }

  private acquire(): boolean {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(this.path, "wx");
        try {
          const holder = { pid: process.pid, host: hostname(), user: safeUser(), since: new Date().toISOString(), token: this.token };
          writeSync(fd, JSON.stringify(holder));
        } finally {
          closeSync(fd);
        }
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      // Held: take it over only when it is stale (its command crashed or was killed).
      try {
        const age = Date.now() - statSync(this.path).mtimeMs;
        if (age <= (this.options.staleMs ?? STALE_LOCK_MS)) return false;
        rmSync(this.path, { force: true });
      } catch {
        // Released between the two calls: try again.
      }
    }
    return false;
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return "";
  }
}
