// The add-on's push as the clerk's sheet sends it: the add-on core's sendRows (chunks by rows and bytes,
// idempotency keys, 3 requests in flight through one fetchAll, retries) over synchronous HTTP, in a process
// of its own because that HTTP blocks its thread (the bench's own process serves the API).
// stdin: { baseUrl, token, rows }; stdout: { ms, requests, ok }.
import { readFileSync } from "node:fs";
import { Api } from "../../sheets-addon/src/core/http.js";
import type { Env } from "../../sheets-addon/src/core/ports.js";
import { sendRows } from "../../sheets-addon/src/core/push-send.js";
import type { Session } from "../../sheets-addon/src/core/session.js";
import { DEFAULT_TUNING } from "../../sheets-addon/src/core/settings.js";
import type { BatchRow } from "../../sheets-addon/src/core/types.js";
import { nodeClock, nodeHttp } from "../../workbook/src/env.js";
import { SyncHttpClient } from "../../workbook/src/sync-http.js";

const input = JSON.parse(readFileSync(0, "utf8")) as { baseUrl: string; token: string; rows: BatchRow[] };
const client = new SyncHttpClient();
const http = nodeHttp(client);
// sendRows reads only these parts of the environment and the session: the sheet's identity (the keys'
// scope), the clock (time budget), progress toasts, and the API.
const env = { workbook: { id: "bench" }, http, clock: nodeClock, ui: { toast: () => {}, alert: () => {} } } as unknown as Env;
const session = { env, ledger: { sheetId: 1 }, api: new Api({ baseUrl: input.baseUrl, token: () => input.token, http, clock: nodeClock }) } as unknown as Session;
const started = performance.now();
const out = sendRows(env, session, DEFAULT_TUNING, input.rows, Date.now());
const ms = performance.now() - started;
client.close();
const ok = [...out.results.values()].filter((r) => r.outcome === "ok").length;
process.stdout.write(JSON.stringify({ ms, requests: out.requests, ok, failures: [...out.failures.values()].slice(0, 3) }));
