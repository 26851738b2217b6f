// `npm start`: the whole system on this machine. Data stays under DATA_DIR (default .data/) between runs.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { handler as scheduledAnchor } from "../functions/src/handlers/scheduled-anchor.js";
import { runtime } from "../functions/src/config.js";
import { LocalEnv, readEnvOrExit } from "../functions/src/env.js";
import { handler as scheduledDigest } from "../functions/src/handlers/scheduled-digest.js";
import { DEMO_USERS } from "./demo/generate.js";
import { mintToken } from "./issuer.js";
import { seedDemo } from "./demo/seed.js";
import { LOCAL_ADMIN, ensureAdmin } from "./users.js";
import { startStack } from "./stack.js";
import { writeStackFile } from "./stack-file.js";
import { APP_DIST, buildApp } from "../webapp/build.js";

const args = new Set(process.argv.slice(2));
const env = readEnvOrExit(LocalEnv);
const dataDir = resolve(env.DATA_DIR ?? ".data");
const port = env.PORT ?? 3000;
const started = Date.now();

// Digests: mail to an outbox folder, a timer in place of EventBridge Scheduler.
process.env.OUTBOX_DIR ??= resolve(dataDir, "outbox");
process.env.DIGEST_FROM ??= "digest@local";
process.env.DIGEST_TO ??= "coordinator@local";
const digestMinutes = env.DIGEST_INTERVAL_MINUTES ?? 60;
// History anchors: a signed manifest of every chain head under DATA_DIR/anchors, at start and daily.
process.env.ANCHOR_DIR ??= dataDir;
process.env.ANCHOR_KEY_FILE ??= join(dataDir, "anchor-key.pem");
const anchorMinutes = env.ANCHOR_INTERVAL_MINUTES ?? 1440;
// The field app at /app/: built once (npm run app:build rebuilds it after a change).
if (!existsSync(join(APP_DIST, "index.html"))) await buildApp();
const stack = await startStack({ dataDir, port });
// `npm run verify-history` checks this running stack's table; `npm run token` signs for its address.
const removeStackFile = writeStackFile({ DYNAMODB_ENDPOINT: stack.dynamoEndpoint, TABLE_NAME: stack.tableName, url: stack.url, dataDir, pid: process.pid });
const { deps } = runtime();
await ensureAdmin(deps);
const seeded = args.has("--no-demo") ? undefined : await seedDemo(deps);

// The address is printed only once the stack says it is ready (GET /ready: DynamoDB, S3, reference, users).
async function waitUntilReady(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${url}/ready`).catch(() => undefined);
    if (res?.status === 200) return;
    if (Date.now() > deadline) throw new Error(`the stack did not become ready within ${timeoutMs / 1000} s: ${res ? await res.text() : "no answer"}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
await waitUntilReady(stack.url);

const token = await mintToken(stack.issuer, LOCAL_ADMIN);
const clerk = DEMO_USERS.find((u) => u.role === "clerk");
console.log(`
排污口排查整治台账 — outfall ledger running locally (${((Date.now() - started) / 1000).toFixed(1)} s)

  API        ${stack.url}      (OpenAPI: ${stack.url}/openapi.json)
  Field app  ${stack.url}/app/
  data       ${dataDir}
  DynamoDB   ${stack.dynamoEndpoint}   S3 (s3rver) ${stack.s3Endpoint}
  ${!seeded ? "demo data  skipped (--no-demo)" : seeded.outfalls ? `seeded     ${seeded.outfalls} demo outfalls, ${seeded.users} demo users` : "demo data  kept from the previous start (the ledger was not empty)"}

Users: ${LOCAL_ADMIN} (admin)${args.has("--no-demo") ? "" : `, coordinator@local, eco@local, construction@local, enforcement@local,
       and one clerk per subdistrict, e.g. ${clerk?.email} (${clerk?.name})`}
Get a token:  npm run token -- ${LOCAL_ADMIN}     (finds this stack by itself; scripts and the workbook tool)
Sign in:      ${stack.url}/.well-known/openid-configuration   (local OpenID provider: pick a user on a Chinese login page)

Example:
  curl -H "Authorization: Bearer $(npm run token -- ${LOCAL_ADMIN})" "${stack.url}/v1/outfalls?limit=2"

A token for ${LOCAL_ADMIN}, valid 12 h:
${token}

Progress digest every ${digestMinutes > 0 ? `${digestMinutes} min (DIGEST_INTERVAL_MINUTES)` : "— off (DIGEST_INTERVAL_MINUTES=0)"}; mail goes to ${process.env.OUTBOX_DIR} as .eml.
History anchors (signed chain heads) in ${dataDir}/anchors ${anchorMinutes > 0 ? `at start and every ${anchorMinutes} min (ANCHOR_INTERVAL_MINUTES)` : "— off"}; \`npm run verify-history\` checks them.
Ctrl-C stops everything; the data stays for the next start. Request logs follow (LOG_FORMAT=json for JSON,
LOG_LEVEL=warn for fewer, METRICS=off without the metric lines).
`);

const digestTimer =
  digestMinutes > 0
    ? setInterval(() => {
        scheduledDigest({ scheduledTime: new Date().toISOString() }).catch(() => undefined); // logged by the handler
      }, digestMinutes * 60_000)
    : undefined;

const anchor = () => scheduledAnchor({ scheduledTime: new Date().toISOString() }).catch((error: unknown) => console.error(`anchor: ${String(error)}`));
if (anchorMinutes > 0) void anchor();
const anchorTimer = anchorMinutes > 0 ? setInterval(anchor, anchorMinutes * 60_000) : undefined;

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  console.log("stopping…");
  clearInterval(digestTimer);
  clearInterval(anchorTimer);
  removeStackFile();
  await stack.stop();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
