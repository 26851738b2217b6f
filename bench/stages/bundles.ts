// Function bundles: each handler built with the stack's esbuild options (infra/lib/ledger-function.ts),
// its size and its cold import in a fresh Node process, beside a floor built the same way: an empty
// handler that constructs only the SDK clients the function needs (infra/lib/handlers.ts says which).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { HANDLER_NEEDS, SCHEDULED_HANDLERS } from "../../infra/lib/handlers.js";
import { ESM_REQUIRE_BANNER } from "../../infra/lib/ledger-function.js";
import { REPO_ROOT, handlerEntry } from "../../infra/lib/paths.js";
import { ROUTES } from "../../functions/src/routes.js";
import type { BenchContext } from "../lib/context.js";
import { type BenchRow, benchRow, summarize } from "../lib/stats.js";

const CLIENTS = {
  dynamodb: `import { DynamoDBClient } from "@aws-sdk/client-dynamodb"; import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb"; clients.push(DynamoDBDocumentClient.from(new DynamoDBClient({})));`,
  s3: `import { S3Client } from "@aws-sdk/client-s3"; clients.push(new S3Client({}));`,
  ses: `import { SESv2Client } from "@aws-sdk/client-sesv2"; clients.push(new SESv2Client({}));`,
  secrets: `import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager"; clients.push(new SecretsManagerClient({}));`,
} as const;

export function clientsOf(handler: string): (keyof typeof CLIENTS)[] {
  const needs = HANDLER_NEEDS[handler] ?? {};
  return [
    ...(needs.table ? (["dynamodb"] as const) : []),
    ...(needs.bucket ? (["s3"] as const) : []),
    ...(needs.mail ? (["ses"] as const) : []),
    ...(needs.secret ? (["secrets"] as const) : []),
  ];
}

/** Builds `entry` (a file, or source text resolved from the repository) as the stack builds a function. */
async function bundle(entry: string | { contents: string }, outfile: string): Promise<number> {
  await build({
    ...(typeof entry === "string" ? { entryPoints: [entry] } : { stdin: { contents: entry.contents, resolveDir: REPO_ROOT, loader: "js" as const } }),
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    mainFields: ["module", "main"],
    banner: { js: ESM_REQUIRE_BANNER },
    minify: true,
    logLevel: "error",
    tsconfig: join(REPO_ROOT, "tsconfig.json"),
  });
  return statSync(outfile).size;
}

/** Milliseconds to import the file in a fresh Node process (the process's own start is not counted). */
function coldImport(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  return Number(execFileSync(process.execPath, ["--input-type=module", "-e", script], { env: { ...process.env, AWS_REGION: "cn-north-1", TABLE_NAME: "bench" }, encoding: "utf8" }));
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
        const contents = `const clients = [];\n${clients.map((c) => CLIENTS[c]).join("\n")}\nexport const handler = async () => ({ statusCode: 200, body: String(clients.length) });\n`;
        const file = join(dir, `floor-${floorKey}.mjs`);
        floors.set(floorKey, { size: await bundle({ contents }, file), file });
      }
      const floor = floors.get(floorKey)!;
      const file = join(dir, `${handler}.mjs`);
      const size = await bundle(handlerEntry(handler), file);
      const times = Array.from({ length: ctx.quick ? 3 : 5 }, () => [coldImport(file), coldImport(floor.file)] as const);
      const baseline = `floor (${floorKey})`;
      rows.push(
        benchRow({ stage: "bundle", metric: `${handler} size`, unit: "KB", better: "lower", value: summarize([size / 1024]), baseline, baselineValue: summarize([floor.size / 1024]) }, 1.4),
        benchRow({ stage: "bundle", metric: `${handler} cold import`, unit: "ms", better: "lower", value: summarize(times.map((t) => t[0])), baseline, baselineValue: summarize(times.map((t) => t[1])) }, 1.3),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
