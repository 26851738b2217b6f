// Starts the embedded stack once for all integration tests: DynamoDB Local (in memory), s3rver and the
// API server running the real handlers. Test files reach it over HTTP only, like any client.
import type { TestProject } from "vitest/node";
import type { JWK } from "jose";
import { runtime } from "../../functions/src/config.js";
import { ensureAdmin } from "../../local/users.js";
import { startStack } from "../../local/stack.js";
import { TEST_USERS } from "./users.js";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    issuer: { issuer: string; audience: string; privateJwk: JWK };
    dynamoEndpoint: string;
    tableName: string;
    /** The stack's configuration, for tests that call a handler directly (the scheduled digest). */
    env: Record<string, string>;
  }
}

export default async function setup(project: TestProject) {
  process.env.LOG_LEVEL ??= "silent";
  const stack = await startStack({ port: 0, tableName: "outfall-ledger-test" });
  const { deps } = runtime();
  await ensureAdmin(deps);
  for (const user of TEST_USERS) {
    await deps.directory.put({ ...user, active: true, version: 1, updatedAt: new Date().toISOString(), updatedBy: "setup" }, undefined);
  }
  project.provide("baseUrl", stack.url);
  project.provide("issuer", { issuer: stack.issuer.issuer, audience: stack.issuer.audience, privateJwk: stack.issuer.privateJwk });
  project.provide("dynamoEndpoint", stack.dynamoEndpoint);
  project.provide("tableName", stack.tableName);
  const keys = ["TABLE_NAME", "BUCKET_NAME", "DYNAMODB_ENDPOINT", "S3_ENDPOINT", "AUTH_ISSUER", "AUTH_AUDIENCE", "AUTH_JWKS_JSON", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"];
  project.provide("env", Object.fromEntries(keys.map((k) => [k, process.env[k] ?? ""])));
  return () => stack.stop();
}
