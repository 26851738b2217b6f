// The workbook tool's sign-in, kept in the user's profile and never in a workbook: a personal token (and the
// API address it was checked against) in ~/.config/outfall-ledger/credentials.json, readable by the user only.
// LEDGER_TOKEN / --token win over it; LEDGER_CREDENTIALS_FILE moves it (tests, a shared machine's own folder).
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

export interface Credentials {
  token: string;
  apiUrl?: string;
  /** Who the API took the token for when it was saved. */
  email?: string;
  savedAt?: string;
}

export function credentialsPath(env: Record<string, string | undefined>): string {
  return env.LEDGER_CREDENTIALS_FILE?.trim() || join(homedir(), ".config", "outfall-ledger", "credentials.json");
}

/** The saved credentials, or undefined when there are none (or the file is not ours to read). */
export function readCredentials(path: string): Credentials | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const value = JSON.parse(readFileSync(path, "utf8")) as Credentials;
    return typeof value.token === "string" && value.token ? value : undefined;
  } catch {
    return undefined;
  }
}

export function saveCredentials(path: string, credentials: Credentials): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600); // an existing file keeps its mode on write
}

/** The variables that locate the credentials file (the command's environment, else the process's). */
export const readEnvCredentials = (options: { environment?: Record<string, string | undefined> }) => options.environment ?? process.env;
