// Builds the field app into webapp/dist (ignored by git): the entry and its lazy chunks (ESM, minified),
// the CSS, the service worker with the list of every built file (the app shell), index.html and a
// config.json with nothing configured. `npm run app:build`; `npm start` builds it when it is missing.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
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

/** Builds the app into `target`. The build goes to a folder of its own and replaces `target` in one rename:
 *  a server reading `target` meanwhile (another test lane's stack, `npm start`) never finds it half-built. */
export async function buildApp(target = APP_DIST): Promise<AppBuild> {
  const outdir = `${target}.build-${process.pid}-${Date.now()}`;
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
  replaceFolder(outdir, target);
  const firstLoadGzip = ["index.html", "main.js", "main.css"].reduce((n, f) => n + gzipSync(readFileSync(join(target, f))).length, 0);
  return { outdir: target, files: walk(target).map((f) => relative(target, f)), firstLoadGzip };
}

/** Moves `built` to `target`, the folder there before moved aside first and then removed. */
function replaceFolder(built: string, target: string): void {
  for (let attempt = 0; ; attempt++) {
    const old = `${target}.old-${process.pid}-${Date.now()}-${attempt}`;
    try {
      renameSync(target, old);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    try {
      renameSync(built, target);
      return;
    } catch (error) {
      // Another build moved its folder in between the two renames: move that one aside too.
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== "ENOTEMPTY" && code !== "EEXIST") || attempt >= 5) throw error;
    } finally {
      rmSync(old, { recursive: true, force: true });
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await buildApp();
  console.log(`field app built in ${relative(process.cwd(), result.outdir)}: ${result.files.length} files, first load ${(result.firstLoadGzip / 1024).toFixed(1)} KB gzipped`);
}
