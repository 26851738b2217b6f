import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (projectRoot of every bundle; package-lock.json lives here). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** One file per Lambda entry point: functions/src/handlers/<name>.ts. */
export const HANDLERS_DIR = join(REPO_ROOT, "functions", "src", "handlers");

export const handlerEntry = (name: string) => join(HANDLERS_DIR, `${name}.ts`);
