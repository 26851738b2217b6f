// Starts the embedded stack once for the add-on tests (DynamoDB Local in memory, s3rver, the API with the real
// handlers), creates the clerks the scenarios act as, and builds the add-on with the same function as
// `npm run addon:build`. Test files reach the API over HTTP only, as the add-on does.
import type { JWK } from "jose";
import type { TestProject } from "vitest/node";
import { runtime } from "../../functions/src/config.js";
import { startStack } from "../../local/stack.js";
import { ensureAdmin, ensureUser } from "../../local/users.js";
import { buildAddon } from "../../sheets-addon/build.js";
import { ADDON_USERS } from "./users.js";

declare module "vitest" {
  export interface ProvidedContext {
    addonApiUrl: string;
    addonIssuer: { issuer: string; audience: string; privateJwk: JWK };
    addonBundle: string;
    addonBundleBytes: number;
    addonGlobals: string[];
  }
}

export default async function setup(project: TestProject) {
  process.env.LOG_LEVEL ??= "silent";
  const [stack, bundle] = await Promise.all([startStack({ port: 0, tableName: "outfall-ledger-addon" }), buildAddon()]);
  const { deps } = runtime();
  await ensureAdmin(deps);
  for (const user of ADDON_USERS) await ensureUser(deps, user);
  project.provide("addonApiUrl", stack.url);
  project.provide("addonIssuer", { issuer: stack.issuer.issuer, audience: stack.issuer.audience, privateJwk: stack.issuer.privateJwk });
  project.provide("addonBundle", bundle.file);
  project.provide("addonBundleBytes", bundle.bytes);
  project.provide("addonGlobals", bundle.globals);
  return () => stack.stop();
}
