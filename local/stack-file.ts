// Where a running `npm start` can be found: DATA_DIR/stack.json (endpoints, table, the API's address = the
// local issuer) and a pointer per running stack in the system's temp folder, so `npm run token` and
// `npm run verify-history` find the stack's data folder without being told.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export interface StackFile {
  DYNAMODB_ENDPOINT: string;
  TABLE_NAME: string;
  /** The API's address, which is also the local provider's issuer. */
  url: string;
  dataDir: string;
  pid: number;
}

const pointers = () => join(tmpdir(), `outfall-ledger-stacks-${process.getuid?.() ?? "user"}`);

export function writeStackFile(info: StackFile): () => void {
  const file = join(info.dataDir, "stack.json");
  writeFileSync(file, JSON.stringify(info));
  mkdirSync(pointers(), { recursive: true });
  const pointer = join(pointers(), `${info.pid}.json`);
  writeFileSync(pointer, JSON.stringify({ dataDir: info.dataDir }));
  return () => {
    rmSync(file, { force: true });
    rmSync(pointer, { force: true });
  };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export function readStackFile(dataDir: string): StackFile | undefined {
  const file = join(dataDir, "stack.json");
  if (!existsSync(file)) return undefined;
  const info = JSON.parse(readFileSync(file, "utf8")) as StackFile;
  return info.pid === undefined || alive(info.pid) ? info : undefined;
}

/** The running stacks on this machine (their stack.json), newest pointer first. */
export function runningStacks(): StackFile[] {
  if (!existsSync(pointers())) return [];
  const out: StackFile[] = [];
  for (const name of readdirSync(pointers())) {
    const pid = Number(name.replace(/\.json$/, ""));
    const pointer = join(pointers(), name);
    if (!alive(pid)) {
      rmSync(pointer, { force: true });
      continue;
    }
    const { dataDir } = JSON.parse(readFileSync(pointer, "utf8")) as { dataDir: string };
    const info = readStackFile(resolve(dataDir));
    if (info) out.push(info);
  }
  return out;
}
