// `npm run verify-history`: checks every record's hash chain and every anchored manifest of chain heads,
// prints each break, and exits 1 if there is any (0 when all verifies, 2 when it could not check).
// `npm run verify-history -- --anchor` writes an anchor now (what the daily schedule does).
//
// Against AWS: TABLE_NAME, ANCHOR_BUCKET and ANCHOR_SIGNING_KEY_SECRET (credentials from the environment).
// Locally: the running `npm start` stack (its DATA_DIR/stack.json), or the data folder opened for the check.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { anchorConfig } from "../functions/src/anchor-config.js";
import { anchorHeads, verifyHistory } from "../functions/src/app/anchors.js";
import { runtime } from "../functions/src/config.js";
import { type Stack, startStack } from "./stack.js";

const anchorNow = process.argv.includes("--anchor");
const dataDir = resolve(process.env.DATA_DIR ?? ".data");
let stack: Stack | undefined;

try {
  process.env.LOG_LEVEL ??= "silent";
  if (!process.env.TABLE_NAME) {
    const running = join(dataDir, "stack.json");
    if (existsSync(running)) {
      const { DYNAMODB_ENDPOINT, TABLE_NAME } = JSON.parse(readFileSync(running, "utf8")) as Record<string, string>;
      Object.assign(process.env, { DYNAMODB_ENDPOINT, TABLE_NAME });
      // DynamoDB Local accepts any key; the local process talks to nothing else (as local/stack.ts).
      process.env.AWS_ACCESS_KEY_ID = "local";
      process.env.AWS_SECRET_ACCESS_KEY = "local";
      delete process.env.AWS_SESSION_TOKEN;
      delete process.env.AWS_PROFILE;
    } else stack = await startStack({ dataDir, port: 0, quiet: true });
    process.env.ANCHOR_DIR ??= dataDir;
    process.env.ANCHOR_KEY_FILE ??= join(dataDir, "anchor-key.pem");
  }
  // Tokens are never checked here; the runtime only needs the values to be set.
  process.env.AUTH_ISSUER ??= "https://verify-history.invalid";
  process.env.AUTH_AUDIENCE ??= "verify-history";
  process.env.AUTH_JWKS_JSON ??= '{"keys":[]}';
  const { deps } = runtime();
  const config = anchorConfig();
  const signer = await config.signer();
  if (anchorNow) {
    const result = await anchorHeads(deps, config.store, signer, new Date());
    console.log(`anchored ${result.count} chain heads in ${result.name}`);
  } else {
    const report = await verifyHistory(deps, config.store, signer);
    for (const b of report.breaks) {
      console.log(`BREAK ${[b.anchor && `anchor ${b.anchor}`, b.outfallId && `outfall ${b.outfallId}`, b.version && `version ${b.version}`].filter(Boolean).join(" ")}: ${b.reason}`);
    }
    console.log(
      `${report.breaks.length ? `${report.breaks.length} break(s)` : "history verifies"}: ${report.records} records, ${report.entries} history entries, ${report.anchors} anchors (key ${signer.keyId.slice(0, 16)})`,
    );
    process.exitCode = report.breaks.length ? 1 : 0;
  }
} catch (error) {
  console.error(`verify-history could not check: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
} finally {
  // The verdict stands even if the stack this check opened does not close cleanly.
  await stack?.stop().catch((error: unknown) => console.error(`verify-history: stopping the local stack: ${String(error)}`));
}
