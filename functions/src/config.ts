// Composition root: builds the adapters from environment variables once per Lambda container (or per
// local server). Handlers never know whether they run in AWS or on a laptop; only these values differ.
import { ulid } from "ulid";
import { loadCampaign, loadMonitoringLimits, loadReference } from "../reference/index.js";
import { DynamoDirectory } from "./adapters/dynamodb/directory.js";
import { DynamoIdempotencyStore } from "./adapters/dynamodb/idempotency-store.js";
import { DynamoOutfallRepository } from "./adapters/dynamodb/outfall-repository.js";
import { DynamoPhotoUploads } from "./adapters/dynamodb/photo-uploads.js";
import { S3PhotoStore, s3Client } from "./adapters/s3/photo-store.js";
import { DynamoDigestStore } from "./adapters/dynamodb/digest-store.js";
import { DynamoSupervisionStore } from "./adapters/dynamodb/supervision-store.js";
import { installFaults } from "./adapters/dynamodb/faults.js";
import { documentClient } from "./adapters/dynamodb/table.js";
import type { Deps } from "./app/deps.js";
import { FunctionEnv, readEnv } from "./env.js";
import { type AuthConfig, tokenVerifier } from "./http/auth.js";
import { traced } from "./observability/trace.js";
import { systemClock } from "./ports/clock.js";

export interface Runtime {
  deps: Deps;
  verifyToken: (authorization: string | undefined) => Promise<string>;
}

/** Fails with the variable's name (Chinese and English) when one is missing or malformed: env.ts. */
export function buildRuntime(raw: NodeJS.ProcessEnv = process.env): Runtime {
  const env = readEnv(FunctionEnv, raw);
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
  const auth: AuthConfig = {
    issuer: env.AUTH_ISSUER,
    audience: env.AUTH_AUDIENCE,
    jwksUrl: env.AUTH_JWKS_URL,
    jwksJson: env.AUTH_JWKS_JSON,
    ...(env.AUTH_MAX_TOKEN_AGE_SECONDS ? { maxTokenAgeSeconds: env.AUTH_MAX_TOKEN_AGE_SECONDS } : {}),
  };
  const s3 = traced(s3Client(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT } : {}));
  const deps: Deps = {
    outfalls: new DynamoOutfallRepository(db, tableName),
    directory: new DynamoDirectory(db, tableName),
    idempotency: new DynamoIdempotencyStore(db, tableName),
    // Buckets are read lazily: functions without photo routes run without BUCKET_NAME.
    photos: new S3PhotoStore(s3, env.BUCKET_NAME ?? ""),
    photoUploads: new DynamoPhotoUploads(db, tableName),
    clock: systemClock,
    // Validated at start: a bad reference file fails the cold start with a message naming the entry.
    reference: loadReference(env.REFERENCE_DIR),
    campaign: loadCampaign(env.REFERENCE_DIR),
    newId: () => ulid(),
    digests: new DynamoDigestStore(db, tableName),
    monitoringLimits: loadMonitoringLimits(env.REFERENCE_DIR),
    supervision: new DynamoSupervisionStore(db, tableName),
  };
  return { deps, verifyToken: tokenVerifier(auth) };
}

let current: Runtime | undefined;

export function runtime(): Runtime {
  return (current ??= buildRuntime());
}

/** For the local stack and tests that configure the process after import. */
export function resetRuntime(next?: Runtime): void {
  current = next;
}
