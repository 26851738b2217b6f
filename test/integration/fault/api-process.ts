// The API server alone, in its own process, configured by the environment (TABLE_NAME, DYNAMODB_ENDPOINT,
// AUTH_*, FAULT_PLAN, …): the fault tests kill it mid-batch. Prints "READY <url>" once it listens.
import { startApiServer } from "../../../local/server.js";

const api = await startApiServer(Number(process.env.PORT ?? 0));
process.stdout.write(`READY ${api.url}\n`);
