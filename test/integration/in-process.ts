// Serves the API inside this test file's process (same table and bucket as the shared stack), so the
// handlers and use cases the file exercises count towards coverage (the shared stack's process is not seen).
import { afterAll, beforeAll, inject } from "vitest";
import { resetRuntime } from "../../functions/src/config.js";
import { startApiServer } from "../../local/server.js";
import { useServer } from "./client.js";

/** `env`: variables besides the stack's, read when the server starts (another store endpoint, say). */
export function serveInProcess(env: () => Record<string, string> = () => ({})): void {
  let server: Awaited<ReturnType<typeof startApiServer>> | undefined;
  beforeAll(async () => {
    Object.assign(process.env, inject("env"), { LOG_LEVEL: "silent" }, env());
    resetRuntime();
    server = await startApiServer(0);
    useServer(server.url);
  });
  afterAll(async () => {
    useServer(undefined);
    resetRuntime();
    await server?.close();
  });
}
