// `npm run token -- <email>`: prints just a token for that user on stdout (12 h), signed with the running
// stack's key and naming its address as the issuer. The stack is found by itself (local/stack-file.ts): the
// one in DATA_DIR when set, else the one running on this machine. The user must exist in the ledger.
import { resolve } from "node:path";
import { LocalEnv, readEnvOrExit } from "../functions/src/env.js";
import { loadOrCreateIssuer, mintToken } from "./issuer.js";
import { type StackFile, readStackFile, runningStacks } from "./stack-file.js";

const email = process.argv[2];
if (!email || !/^[^@\s]+@[^@\s]+$/.test(email)) {
  console.error("usage: npm run token -- <email>    e.g. npm run token -- admin@local");
  process.exit(2);
}
const env = readEnvOrExit(LocalEnv);

function findStack(): StackFile | undefined {
  if (env.DATA_DIR) return readStackFile(resolve(env.DATA_DIR));
  const running = runningStacks();
  if (running.length <= 1) return running[0];
  const here = running.find((s) => s.dataDir === resolve(".data"));
  if (here) return here;
  console.error(`several local stacks are running; choose one with DATA_DIR=…:\n${running.map((s) => `  DATA_DIR=${s.dataDir}   (${s.url})`).join("\n")}`);
  return process.exit(2);
}

const stack = findStack();
const dataDir = stack?.dataDir ?? resolve(env.DATA_DIR ?? ".data");
if (!stack) console.error(`no running stack found for ${dataDir} (npm start): the token names http://127.0.0.1:${env.PORT ?? 3000} as its issuer`);
const issuer = await loadOrCreateIssuer(dataDir);
issuer.issuer = stack?.url ?? `http://127.0.0.1:${env.PORT ?? 3000}`;
process.stdout.write(`${await mintToken(issuer, email.trim().toLowerCase())}\n`);
