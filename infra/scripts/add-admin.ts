// One-off after the first deploy: puts the first administrator into the deployed table, through the
// same DynamoDB adapter the API uses (so the entry has exactly the shape the handlers expect). Every
// other user is then managed in the add-on / with PUT /v1/users/{email} by that administrator.
//
//   npx tsx infra/scripts/add-admin.ts --table <TableName output> --email someone@example.gov.cn [--name 张三] [--region cn-north-1]
//
// Uses the normal AWS credential chain (AWS_PROFILE, environment, SSO). Needs dynamodb:GetItem and
// dynamodb:PutItem on the table. An existing user is not touched unless --force is given, which makes
// that user an active administrator (a new version of the entry, conditional on the current one).
import { parseArgs } from "node:util";
import { DynamoDirectory } from "../../functions/src/adapters/dynamodb/directory.js";
import { documentClient } from "../../functions/src/adapters/dynamodb/table.js";
import type { UserEntry } from "../../functions/src/ports/directory.js";

const USAGE = "usage: npx tsx infra/scripts/add-admin.ts --table <name> --email <address> [--name <display name>] [--region <region>] [--force]";
/** Recorded as `updatedBy`, so the history shows the entry did not come through the API. */
const BOOTSTRAP = "bootstrap@add-admin";

async function main(): Promise<number> {
  // The SDK's Node 20 notice says nothing about this one-off (architecture.md §3).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const { values } = parseArgs({
    options: {
      table: { type: "string" },
      email: { type: "string" },
      name: { type: "string" },
      region: { type: "string" },
      endpoint: { type: "string" },
      force: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const email = values.email?.trim().toLowerCase();
  if (!values.table || !email) {
    console.error(USAGE);
    return 2;
  }
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    console.error(`not an e-mail address: ${values.email}`);
    return 2;
  }

  const db = documentClient({
    ...(values.region ? { region: values.region } : {}),
    // For trying the script against DynamoDB Local (npm start); never needed in AWS.
    ...(values.endpoint ? { endpoint: values.endpoint } : {}),
  });
  const directory = new DynamoDirectory(db, values.table);
  const current = await directory.get(email);
  if (current && !values.force) {
    const state = `${current.role}, ${current.active ? "active" : "inactive"}, version ${current.version}`;
    console.log(`${email} already exists (${state}); nothing changed. Use --force to make it an active admin.`);
    return current.role === "admin" && current.active ? 0 : 1;
  }
  const user: UserEntry = {
    email,
    role: "admin",
    ...(values.name ? { name: values.name } : current?.name ? { name: current.name } : {}),
    active: true,
    version: (current?.version ?? 0) + 1,
    updatedAt: new Date().toISOString(),
    updatedBy: BOOTSTRAP,
  };
  const saved = await directory.put(user, current?.version);
  if (!saved.ok) {
    console.error(`${email} was changed by someone else meanwhile (now version ${saved.current?.version ?? "?"}); run again.`);
    return 1;
  }
  console.log(`${email} is ${current ? "now" : "created as"} an active admin (version ${user.version}) in ${values.table}.`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
    process.exit(1);
  },
);
