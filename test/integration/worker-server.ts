// Serves the routes from the test worker too (a server on the shared stack's store), so coverage sees the
// handlers' code; records are still made through the shared stack. Call at the top of a test file.
import { afterAll, beforeAll, inject } from "vitest";
import { resetRuntime } from "../../functions/src/config.js";
import { startApiServer } from "../../local/server.js";
import { call } from "./client.js";

export function workerServer() {
  let server: Awaited<ReturnType<typeof startApiServer>> | undefined;
  beforeAll(async () => {
    Object.assign(process.env, inject("env"), { LOG_LEVEL: "silent" });
    resetRuntime();
    server = await startApiServer(0);
  });
  afterAll(async () => {
    resetRuntime();
    await server?.close();
  });
  return {
    url: () => server!.url,
    /** `call` against the worker's server. */
    call: (method: string, path: string, options: Parameters<typeof call>[2] = {}) => call(method, path, { ...options, base: server!.url }),
  };
}
