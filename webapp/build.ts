// Builds the field app into webapp/dist (ignored by git): the entry and its lazy chunks (ESM, minified),
// the CSS, the service worker with the list of every built file (the app shell), index.html and a
// config.json with nothing configured. `npm run app:build`; `npm start` builds it when it is missing.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

export const WEBAPP_DIR = dirname(fileURLToPath(import.meta.url));
export const APP_DIST = join(WEBAPP_DIR, "dist");

export interface AppBuild {
  outdir: string;
  files: string[];
  /** Gzipped bytes of what the first load fetches: index.html, main.js, main.css. */
  firstLoadGzip: number;
}

const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));

export async function buildApp(outdir = APP_DIST): Promise<AppBuild> {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: { main: join(WEBAPP_DIR, "src", "main.ts") },
    bundle: true,
    splitting: true,
    format: "esm",
    target: "es2020",
    minify: true,
    outdir,
    entryNames: "[name]",
    chunkNames: "chunk-[hash]",
    assetNames: "[name]-[hash]",
    publicPath: "/app/",
    loader: { ".png": "file", ".svg": "file" },
    legalComments: "none",
    logLevel: "warning",
  });
  copyFileSync(join(WEBAPP_DIR, "index.html"), join(outdir, "index.html"));
  writeFileSync(join(outdir, "config.json"), "{}\n");
  const shell = ["/app/", ...walk(outdir).map((f) => `/app/${relative(outdir, f).replaceAll("\\", "/")}`)];
  await build({
    entryPoints: [join(WEBAPP_DIR, "src", "sw.ts")],
    bundle: true,
    format: "iife",
    minify: true,
    outfile: join(outdir, "sw.js"),
    define: { SHELL: JSON.stringify(shell), VERSION: JSON.stringify(String(Date.now())) },
    logLevel: "warning",
  });
  const firstLoadGzip = ["index.html", "main.js", "main.css"].reduce((n, f) => n + gzipSync(readFileSync(join(outdir, f))).length, 0);
  return { outdir, files: walk(outdir).map((f) => relative(outdir, f)), firstLoadGzip };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await buildApp();
  console.log(`field app built in ${relative(process.cwd(), result.outdir)}: ${result.files.length} files, first load ${(result.firstLoadGzip / 1024).toFixed(1)} KB gzipped`);
}
