// Composition root: builds the adapters from environment variables once per Lambda container (or per
// local server). Handlers never know whether they run in AWS or on a laptop; only these values differ.
import { AsyncLocalStorage } from "node:async_hooks";
import { newUlid } from "./ids.js";
import { loadCampaign, loadMonitoringLimits, loadReference } from "../reference/index.js";
import { DynamoAuditLog, DynamoDirectory } from "./adapters/dynamodb/directory.js";
import { DynamoTokenStore } from "./adapters/dynamodb/token-store.js";
import { DynamoIdempotencyStore } from "./adapters/dynamodb/idempotency-store.js";
import { DynamoOutfallRepository } from "./adapters/dynamodb/outfall-repository.js";
import { DynamoPhotoUploads } from "./adapters/dynamodb/photo-uploads.js";
import { S3PhotoStore, s3Client } from "./adapters/s3/photo-store.js";
import { S3ExportFiles } from "./adapters/s3/export-files.js";
import { DynamoDigestStore } from "./adapters/dynamodb/digest-store.js";
import { DynamoBulletinStore } from "./adapters/dynamodb/bulletin-store.js";
import { DynamoPublicReports, DynamoRateLimiter } from "./adapters/dynamodb/public-reports.js";
import { DynamoSupervisionStore } from "./adapters/dynamodb/supervision-store.js";
import { installFaults } from "./adapters/dynamodb/faults.js";
import { documentClient } from "./adapters/dynamodb/table.js";
import type { Deps } from "./app/deps.js";
import { ConfigError, FunctionEnv, readEnv } from "./env.js";
import { GOOGLE_ISSUER, type Identity, type IssuerConfig, IssuerList, bearer, jwtVerifier } from "./http/auth.js";
import { TOKEN_PREFIX, verifyPersonalToken } from "./app/tokens.js";
import { traced } from "./observability/trace.js";
import { systemClock } from "./ports/clock.js";

export interface Runtime {
  deps: Deps;
  /** Authorization header → who (any configured issuer, or a personal token); 401 otherwise. */
  verifyToken: (authorization: string | undefined) => Promise<Identity>;
  /** Providers a tool may send the user to for a browser sign-in (GET /sign-in). */
  signIn: SignInOption[];
  /** The object store's endpoint when it is not AWS's (local: s3rver), for the pages that upload to it. */
  storageEndpoint?: string;
}

/** A provider's issuer and the public client id (its first audience) for code + PKCE with a loopback redirect. */
export interface SignInOption {
  issuer: string;
  clientId: string;
  kind: string;
}

/** Google is left out: its desktop clients need a client secret; Google users sign in through the add-on. */
export const signInOptions = (issuers: IssuerConfig[]): SignInOption[] =>
  issuers.filter((i) => i.issuer !== GOOGLE_ISSUER).map((i) => ({ issuer: i.issuer, clientId: i.audiences[0]!, kind: i.kind ?? "oidc" }));

/** The trusted issuers: AUTH_ISSUERS (JSON array) plus the one of AUTH_ISSUER/AUTH_AUDIENCE/AUTH_JWKS_*. */
export function issuersFromEnv(env: FunctionEnv): IssuerConfig[] {
  const list: IssuerConfig[] = [];
  if (env.AUTH_ISSUERS) {
    const parsed = IssuerList.safeParse(JSON.parse(env.AUTH_ISSUERS));
    if (!parsed.success) {
      const where = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
      throw new ConfigError(["AUTH_ISSUERS"], `环境变量 AUTH_ISSUERS 的值无效：${where}（见 README.md「Configuration」）\nenvironment variable AUTH_ISSUERS is invalid: ${where} (see README.md, Configuration)`);
    }
    list.push(...(parsed.data as IssuerConfig[]));
  }
  if (env.AUTH_ISSUER || env.AUTH_AUDIENCE) {
    if (!env.AUTH_ISSUER || !env.AUTH_AUDIENCE) {
      const name = env.AUTH_ISSUER ? "AUTH_AUDIENCE" : "AUTH_ISSUER";
      throw new ConfigError([name], `环境变量 ${name} 未设置（与 AUTH_ISSUER/AUTH_AUDIENCE 成对）\nenvironment variable ${name} is not set (AUTH_ISSUER and AUTH_AUDIENCE go together)`);
    }
    list.push({
      issuer: env.AUTH_ISSUER,
      audiences: env.AUTH_AUDIENCE.split(",").map((a) => a.trim()).filter(Boolean),
      ...(env.AUTH_JWKS_URL ? { jwksUrl: env.AUTH_JWKS_URL } : {}),
      ...(env.AUTH_JWKS_JSON ? { jwks: JSON.parse(env.AUTH_JWKS_JSON) } : {}),
      ...(env.AUTH_MAX_TOKEN_AGE_SECONDS ? { maxTokenAgeSeconds: env.AUTH_MAX_TOKEN_AGE_SECONDS } : {}),
    });
  }
  if (!list.length) {
    throw new ConfigError(["AUTH_ISSUERS"], "环境变量 AUTH_ISSUERS 或 AUTH_ISSUER 未设置（至少要有一种登录方式）\nenvironment variable AUTH_ISSUERS or AUTH_ISSUER is not set (at least one issuer is needed)");
  }
  return list;
}

/** Fails with the variable's name (Chinese and English) when one is missing or malformed: env.ts. */
export function buildRuntime(raw: NodeJS.ProcessEnv = process.env): Runtime {
  const env = readEnv(FunctionEnv, raw);
  const issuers = issuersFromEnv(env);
  const verifyJwt = jwtVerifier(issuers);
  // Which AWS clients a bundle carries: infra/lib/ledger-function.ts replaces these two expressions at bundling
  // (esbuild `define`) from the function's grants in infra/lib/handlers.ts, so the minifier drops the
  // adapters, and with them the SDK clients, that the function's role may not use anyway: no S3 client
  // without a bucket grant, no DynamoDB client without table access. Unset (local server, tests, tools):
  // every adapter. Written out here rather than held in a variable, so that esbuild can fold them.
  const deps: Deps = {
    ...(process.env.LEDGER_BUNDLE_TABLE === "no" ? absent(TABLE_MEMBERS, "DynamoDB", "table") : tableAdapters(env, raw)),
    ...(process.env.LEDGER_BUNDLE_S3 === "no" ? absent(BUCKET_MEMBERS, "S3", "bucket") : bucketAdapters(env)),
    clock: systemClock,
    // A REFERENCE_DIR folder is validated at start (a bad file fails the cold start naming the entry); the
    // bundled files were validated when the stack was synthesized (functions/reference/index.ts).
    reference: loadReference(env.REFERENCE_DIR),
    campaign: loadCampaign(env.REFERENCE_DIR),
    newId: newUlid,
    ...(env.PUBLIC_BASE_URL ? { publicBaseUrl: env.PUBLIC_BASE_URL.replace(/\/+$/, "") } : {}),
    monitoringLimits: loadMonitoringLimits(env.REFERENCE_DIR),
  };
  const verifyToken = (authorization: string | undefined) => {
    const token = bearer(authorization);
    return token.startsWith(TOKEN_PREFIX) ? verifyPersonalToken(deps, token) : verifyJwt(token);
  };
  return { deps, verifyToken, signIn: signInOptions(issuers), ...(env.S3_ENDPOINT ? { storageEndpoint: env.S3_ENDPOINT } : {}) };
}

/** The members of Deps backed by the DynamoDB table. */
const TABLE_MEMBERS = [
  "outfalls",
  "directory",
  "idempotency",
  "photoUploads",
  "digests",
  "tokens",
  "audit",
  "bulletins",
  "reports",
  "rateLimiter",
  "supervision",
] as const satisfies readonly (keyof Deps)[];
/** The members of Deps backed by the bucket. */
const BUCKET_MEMBERS = ["photos", "exportFiles"] as const satisfies readonly (keyof Deps)[];

function tableAdapters(env: FunctionEnv, raw: NodeJS.ProcessEnv): Pick<Deps, (typeof TABLE_MEMBERS)[number]> {
  const tableName = env.TABLE_NAME;
  // SDK calls become X-Ray subsegments in AWS (observability/trace.ts); a no-op elsewhere.
  const db = traced(
    documentClient({
      ...(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {}),
      ...(env.AWS_REGION ? {} : { region: "us-east-1" }),
    }),
  );
  // Test-only (functions/src/adapters/dynamodb/faults.ts); never in Lambda.
  if (env.FAULT_PLAN && !raw.AWS_LAMBDA_FUNCTION_NAME) installFaults(db, env.FAULT_PLAN);
  return {
    outfalls: new DynamoOutfallRepository(db, tableName),
    directory: new DynamoDirectory(db, tableName),
    idempotency: new DynamoIdempotencyStore(db, tableName),
    photoUploads: new DynamoPhotoUploads(db, tableName),
    digests: new DynamoDigestStore(db, tableName),
    tokens: new DynamoTokenStore(db, tableName),
    audit: new DynamoAuditLog(db, tableName),
    bulletins: new DynamoBulletinStore(db, tableName),
    reports: new DynamoPublicReports(db, tableName),
    rateLimiter: new DynamoRateLimiter(db, tableName),
    supervision: new DynamoSupervisionStore(db, tableName),
  };
}

function bucketAdapters(env: FunctionEnv): Pick<Deps, (typeof BUCKET_MEMBERS)[number]> {
  const s3 = traced(s3Client(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT } : {}));
  // Buckets are read lazily: functions without photo routes run without BUCKET_NAME.
  return { photos: new S3PhotoStore(s3, env.BUCKET_NAME ?? ""), exportFiles: new S3ExportFiles(s3, env.BUCKET_NAME ?? "") };
}

/** Stand-ins for the members a bundle was built without: any use fails naming the member and the grant it lacks. */
function absent<K extends keyof Deps>(members: readonly K[], service: string, grant: string): Pick<Deps, K> {
  const fail = (member: string): never => {
    throw new Error(`deps.${member}: this function was bundled without the ${service} client (no ${grant} grant in infra/lib/handlers.ts)`);
  };
  return Object.fromEntries(members.map((m) => [m, new Proxy({}, { get: () => fail(m) })])) as Pick<Deps, K>;
}

let current: Runtime | undefined;
/** A local server's own runtime for the requests it serves (several local stacks may share one process). */
const scoped = new AsyncLocalStorage<Runtime>();

export function runtime(): Runtime {
  return scoped.getStore() ?? (current ??= buildRuntime());
}

/** Runs `fn` (a request of a local server) with `rt` as the runtime its handlers see. */
export function withRuntime<T>(rt: Runtime | undefined, fn: () => T): T {
  return rt ? scoped.run(rt, fn) : fn();
}

/** For the local stack and tests that configure the process after import. */
export function resetRuntime(next?: Runtime): void {
  current = next;
}
