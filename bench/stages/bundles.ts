// Function bundles: each handler built with the stack's esbuild options (infra/lib/ledger-function.ts),
// its size and its cold import in a fresh Node process, beside a floor built the same way: an empty
// handler that constructs only the SDK clients the function needs (infra/lib/handlers.ts says which;
// infra/lib/bundle-budgets.ts builds it), and, for the handlers whose first request needs no network, import
// plus a first invoke against the floor's import plus a call.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { type FloorClient, STACK_BUILD_OPTIONS, TARGET_RATIO, floorClients, floorSource } from "../../infra/lib/bundle-budgets.js";
import { HANDLER_NEEDS, SCHEDULED_HANDLERS, bundleDefines } from "../../infra/lib/handlers.js";
import { REPO_ROOT, handlerEntry } from "../../infra/lib/paths.js";
import { ROUTES } from "../../functions/src/routes.js";
import type { BenchContext } from "../lib/context.js";
import { type BenchRow, benchRow, pairedRatios, summarize } from "../lib/stats.js";

export const clientsOf = (handler: string): FloorClient[] => floorClients(HANDLER_NEEDS[handler] ?? {});

/** Handlers whose first invoke, without a token, does no I/O: signed-in routes answer 401, these public ones answer from memory. */
const invokable = (handler: string) => ROUTES.some((r) => r.handler === handler && (!r.public || ["health", "openapi", "sign-in", "public-report-form"].includes(handler)));

/** Builds `entry` (a file, or source text resolved from the repository) as the stack builds a function. */
async function bundle(entry: string | { contents: string }, outfile: string, define: Record<string, string> = {}): Promise<number> {
  await build({
    ...(typeof entry === "string" ? { entryPoints: [entry] } : { stdin: { contents: entry.contents, resolveDir: REPO_ROOT, loader: "js" as const } }),
    ...STACK_BUILD_OPTIONS,
    outfile,
    define,
    tsconfig: join(REPO_ROOT, "tsconfig.json"),
  });
  return statSync(outfile).size;
}

const INVOKE_ENV = { AWS_REGION: "cn-north-1", TABLE_NAME: "bench", AUTH_ISSUER: "https://accounts.google.com", AUTH_AUDIENCE: "bench", LOG_LEVEL: "silent" };

/** Milliseconds to import the file in a fresh Node process (the process's own start is not counted), and to
 *  import it and answer a first request (a GET without a token) when `invoke`. */
function coldStart(file: string, invoke: boolean): { imported: number; invoked: number } {
  const event = { version: "2.0", routeKey: "GET /bench", rawPath: "/bench", headers: {}, isBase64Encoded: false, requestContext: { requestId: "bench", http: { method: "GET", path: "/bench" } } };
  const script = `const t = performance.now(); const { handler } = await import(${JSON.stringify(file)}); const i = performance.now();
    ${invoke ? `await handler(${JSON.stringify(event)}, {});` : ""} process.stdout.write(JSON.stringify([i - t, performance.now() - t]));`;
  const [imported, invoked] = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { env: { ...process.env, ...INVOKE_ENV }, encoding: "utf8" })) as [number, number];
  return { imported, invoked };
}

export async function bundleStage(ctx: BenchContext): Promise<BenchRow[]> {
  const all = [...new Set([...ROUTES.map((r) => r.handler), ...SCHEDULED_HANDLERS])];
  const handlers = ctx.quick ? all.filter((h) => ["health", "patch-outfall"].includes(h)) : all;
  const dir = mkdtempSync(join(tmpdir(), "bench-bundles-"));
  const rows: BenchRow[] = [];
  const floors = new Map<string, { size: number; file: string }>();
  try {
    for (const [n, handler] of handlers.entries()) {
      ctx.progress(`bundles ${n + 1}/${handlers.length}: ${handler}`);
      const clients = clientsOf(handler);
      const floorKey = clients.join("+") || "none";
      if (!floors.has(floorKey)) {
        const file = join(dir, `floor-${floorKey}.mjs`);
        floors.set(floorKey, { size: await bundle({ contents: floorSource(clients) }, file), file });
      }
      const floor = floors.get(floorKey)!;
      const file = join(dir, `${handler}.mjs`);
      // The stack's own defines: the bundle carries only the clients its role may use (infra/lib/handlers.ts).
      const size = await bundle(handlerEntry(handler), file, bundleDefines(HANDLER_NEEDS[handler] ?? {}));
      const invoke = invokable(handler);
      const times = Array.from({ length: ctx.repeats }, () => [coldStart(file, invoke), coldStart(floor.file, invoke)] as const);
      const baseline = `floor (${floorKey})`;
      rows.push(
        benchRow({ stage: "bundle", metric: `${handler} size`, unit: "KB", better: "lower", value: summarize([size / 1024]), baseline, baselineValue: summarize([floor.size / 1024]) }, TARGET_RATIO),
        benchRow({ stage: "bundle", metric: `${handler} cold import`, unit: "ms", better: "lower", value: summarize(times.map((t) => t[0].imported)), baseline, baselineValue: summarize(times.map((t) => t[1].imported)), pairs: pairedRatios(times.map((t) => t[0].imported), times.map((t) => t[1].imported)) }, 1.3),
      );
      if (invoke) {
        rows.push(
          benchRow({ stage: "bundle", metric: `${handler} import + first invoke`, unit: "ms", better: "lower", value: summarize(times.map((t) => t[0].invoked)), baseline, baselineValue: summarize(times.map((t) => t[1].invoked)), pairs: pairedRatios(times.map((t) => t[0].invoked), times.map((t) => t[1].invoked)) }, 1.3),
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
