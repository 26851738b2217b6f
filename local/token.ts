// `npm run token -- <email>`: prints just a token for that user on stdout (12 h), signed with the
// local stack's key in DATA_DIR. The user must exist in the ledger's user list for the API to accept it.
import { resolve } from "node:path";
import { LocalEnv, readEnvOrExit } from "../functions/src/env.js";
import { loadOrCreateIssuer, mintToken } from "./issuer.js";

const email = process.argv[2];
if (!email || !/^[^@\s]+@[^@\s]+$/.test(email)) {
  console.error("usage: npm run token -- <email>    e.g. npm run token -- admin@local");
  process.exit(2);
}
const issuer = await loadOrCreateIssuer(resolve(readEnvOrExit(LocalEnv).DATA_DIR ?? ".data"));
process.stdout.write(`${await mintToken(issuer, email.trim().toLowerCase())}\n`);
