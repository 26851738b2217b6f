// Builds the add-on for Apps Script: one IIFE file (esbuild) plus a real top-level function for every export
// of src/index.ts — Apps Script only sees function declarations at the top level (triggers, menu items,
// google.script.run) — and the manifest, into sheets-addon/dist/, which clasp pushes.
//
//   npm run addon:build                                   → sheets-addon/dist/{addon.js,appsscript.json}
//   ADDON_URL_WHITELIST=https://api.example.cn/ npm run addon:build   (adds urlFetchWhitelist to the manifest)
//   ADDON_URL_WHITELIST=https://api.example.cn/ npm run addon:push:prod   (--production: refuses without it)
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { AddonBuildEnv, readEnv } from "../functions/src/env.js";

const here = dirname(fileURLToPath(import.meta.url));
export const ADDON_DIR = here;
export const ENTRY = join(here, "src", "index.ts");
export const DEFAULT_OUT_DIR = join(here, "dist");
/** The IIFE's global name; the top-level stubs call into it. */
export const NAMESPACE = "OutfallAddon";
export const BUNDLE_FILE = "addon.js";

export interface BuildOptions {
  outDir?: string;
  /** URL prefixes for the manifest's urlFetchWhitelist (https, ending in "/"); none: no whitelist. */
  urlFetchWhitelist?: string[];
  minify?: boolean;
  /** A build for the published add-on: Google requires the urlFetchWhitelist, so none is refused. */
  production?: boolean;
}

/** Thrown when a production build has no URL allowlist. */
export const MISSING_WHITELIST =
  "生产版插件必须在 appsscript.json 中声明 urlFetchWhitelist（Google 发布插件的要求）：请设置 ADDON_URL_WHITELIST=https://<接口域名>/ 后重试。\n" +
  "A production add-on build needs urlFetchWhitelist in appsscript.json (Google requires it for a published add-on): " +
  "set ADDON_URL_WHITELIST=https://<your API host>/ (comma-separated https prefixes ending in \"/\") and build again.";

export interface BuildResult {
  outDir: string;
  file: string;
  bytes: number;
  /** The top-level functions defined (exports of src/index.ts). */
  globals: string[];
  manifest: Record<string, unknown>;
}

const common = {
  entryPoints: [ENTRY],
  bundle: true,
  write: false,
  platform: "neutral" as const,
  // Apps Script's V8 runtime; lowering a little keeps clear of syntax it may not parse.
  target: "es2019",
  charset: "utf8" as const,
  legalComments: "none" as const,
  logLevel: "silent" as const,
  // Sidebar pages live in their own .html files and are bundled as strings.
  loader: { ".html": "text" as const },
};

function checkWhitelist(prefixes: string[]): string[] {
  for (const p of prefixes) {
    if (!/^https:\/\/[^/\s]+\/.*$/.test(p)) throw new Error(`urlFetchWhitelist entries must be https URL prefixes ending in "/": ${p}`);
  }
  return prefixes;
}

export async function buildAddon(options: BuildOptions = {}): Promise<BuildResult> {
  const outDir = resolve(options.outDir ?? DEFAULT_OUT_DIR);
  // The manifest, with the URL allowlist (required for a production build: checked before any work).
  const manifest = JSON.parse(readFileSync(join(here, "appsscript.json"), "utf8")) as Record<string, unknown>;
  const whitelist = options.urlFetchWhitelist ?? readEnv(AddonBuildEnv).ADDON_URL_WHITELIST ?? [];
  if (whitelist.length) manifest.urlFetchWhitelist = checkWhitelist(whitelist);
  if (options.production && !Array.isArray(manifest.urlFetchWhitelist)) throw new Error(MISSING_WHITELIST);

  // 1. The exports of src/index.ts (an ESM build's metafile lists them).
  const esm = await build({ ...common, format: "esm", metafile: true, outfile: "index.mjs" });
  const globals = Object.values(esm.metafile!.outputs).flatMap((o) => o.exports);
  const source = readFileSync(ENTRY, "utf8");
  for (const name of globals) {
    if (!new RegExp(`^export function ${name}\\(`, "m").test(source)) {
      throw new Error(`src/index.ts exports "${name}", which is not a function declaration: only global functions may be exported there`);
    }
  }

  // 2. The IIFE, then one real top-level function per export.
  const iife = await build({ ...common, format: "iife", globalName: NAMESPACE, minify: options.minify ?? false, outfile: BUNDLE_FILE });
  const body = iife.outputFiles![0]!.text;
  if (/\brequire\(|from ["']node:|process\.env/.test(body)) throw new Error("the add-on bundle references Node.js APIs");
  const stubs = globals
    .sort()
    .map((name) => `function ${name}() {\n  return ${NAMESPACE}.${name}.apply(this, arguments);\n}`)
    .join("\n");
  const code = `// 排污口台账 Google Sheets add-on — built by sheets-addon/build.ts; edit the TypeScript sources, not this file.\n${body}\n// Apps Script globals (triggers, menu items, google.script.run targets).\n${stubs}\n`;


  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, BUNDLE_FILE);
  writeFileSync(file, code);
  writeFileSync(join(outDir, "appsscript.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return { outDir, file, bytes: Buffer.byteLength(code), globals: globals.sort(), manifest };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  buildAddon({ minify: process.argv.includes("--minify"), production: process.argv.includes("--production") })
    .then((r) => {
      console.log(`built ${r.file} (${(r.bytes / 1024).toFixed(1)} KB), ${r.globals.length} globals: ${r.globals.join(", ")}`);
      if (r.manifest.urlFetchWhitelist) console.log(`urlFetchWhitelist: ${(r.manifest.urlFetchWhitelist as string[]).join(", ")}`);
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
