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
    /** Issuers trusted besides the local provider (a Google look-alike, a district's SSO), with their signing keys. */
    otherIssuers: { issuer: string; audiences: string[]; privateJwk: JWK; emailClaim?: string; emailDomain?: string }[];
  }
}

/** A Google look-alike (Google's issuer, test keys) and a district SSO that names users by id, not e-mail. */
async function otherIssuers() {
  const { exportJWK, generateKeyPair } = await import("jose");
  const make = async (issuer: string, audiences: string[], extra: { emailClaim?: string; emailDomain?: string; kind?: string } = {}) => {
    const { privateKey } = await generateKeyPair("ES256", { extractable: true });
    const privateJwk = { ...(await exportJWK(privateKey)), kid: `${extra.kind ?? "k"}-1`, alg: "ES256" };
    const { d: _d, ...publicJwk } = privateJwk;
    return { config: { issuer, audiences, jwks: { keys: [publicJwk] }, ...extra }, privateJwk };
  };
  return [
    await make("https://accounts.google.com", ["addon.apps.googleusercontent.com", "web.apps.googleusercontent.com"]),
    await make("https://sso.district.test/realms/ledger", ["outfall-ledger"], { emailClaim: "preferred_username", emailDomain: "district.test", kind: "oidc" }),
  ];
}

export default async function setup(project: TestProject) {
  process.env.LOG_LEVEL ??= "silent";
  const others = await otherIssuers();
  const stack = await startStack({ port: 0, tableName: "outfall-ledger-test", issuers: others.map((o) => o.config) });
  const { deps } = runtime();
  await ensureAdmin(deps);
  for (const user of TEST_USERS) {
    await deps.directory.put({ ...user, active: true, version: 1, updatedAt: new Date().toISOString(), updatedBy: "setup" }, undefined);
  }
  project.provide("baseUrl", stack.url);
  project.provide("issuer", { issuer: stack.issuer.issuer, audience: stack.issuer.audience, privateJwk: stack.issuer.privateJwk });
  project.provide("dynamoEndpoint", stack.dynamoEndpoint);
  project.provide("otherIssuers", others.map(({ config: { issuer, audiences, emailClaim, emailDomain }, privateJwk }) => ({ issuer, audiences, privateJwk, ...(emailClaim ? { emailClaim } : {}), ...(emailDomain ? { emailDomain } : {}) })));
  project.provide("tableName", stack.tableName);
  const keys = ["TABLE_NAME", "BUCKET_NAME", "DYNAMODB_ENDPOINT", "S3_ENDPOINT", "AUTH_ISSUERS", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"];
  project.provide("env", Object.fromEntries(keys.map((k) => [k, process.env[k] ?? ""])));
  return () => stack.stop();
}
