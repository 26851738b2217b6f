// Starts the embedded stack once for the workbook tool's tests (its own table, so it never meets the add-on's
// data) and creates the users. It provides the same keys as the add-on's setup (`addonApiUrl`, `addonIssuer`)
// so that the add-on's HTTP helpers (seeding, a colleague's edit, listing) serve these tests unchanged.
import type { TestProject } from "vitest/node";
import { runtime } from "../../functions/src/config.js";
import { startStack } from "../../local/stack.js";
import { ensureAdmin, ensureUser } from "../../local/users.js";
import { ADDON_USERS } from "../addon/users.js";

export default async function setup(project: TestProject) {
  process.env.LOG_LEVEL ??= "silent";
  const stack = await startStack({ port: 0, tableName: "outfall-ledger-workbook" });
  const { deps } = runtime();
  await ensureAdmin(deps);
  for (const user of ADDON_USERS) await ensureUser(deps, user);
  // The supervising department of urban domestic outfalls, for the step sheet's acceptance and close-out.
  await ensureUser(deps, { email: "enforcement@workbook.test", role: "department", department: "enforcement", name: "综合行政执法局" });
  project.provide("addonApiUrl", stack.url);
  project.provide("addonIssuer", { issuer: stack.issuer.issuer, audience: stack.issuer.audience, privateJwk: stack.issuer.privateJwk });
  return () => stack.stop();
}
