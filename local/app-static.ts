// The field app at /app/ on the local server, as CloudFront serves it in AWS: the built files of
// webapp/dist, index.html for every app path (the app routes itself), the same security headers, and
// config.json from this process's environment (APP_BASE_LAYER_*; nothing configured = tile-less map), and
// compressed as CloudFront compresses (Brotli when the browser accepts it, else gzip; text files of 1,000
// bytes or more), so what a browser measures here is what it would download from the distribution.
import { runtime } from "../functions/src/config.js";
import { existsSync, readFileSync, statSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { extname, join, normalize } from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { LocalEnv, readEnv } from "../functions/src/env.js";
import { APP_DIST } from "../webapp/build.js";
import { SECURITY_HEADERS, contentSecurityPolicy, templateOrigin } from "../webapp/headers.js";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/** The app's runtime configuration from the environment (webapp/src/config.ts reads it). */
export function appConfigFromEnv(source: Record<string, string | undefined> = process.env): Record<string, unknown> {
  const env = readEnv(LocalEnv, source);
  if (!env.APP_BASE_LAYER_URL) return {};
  return {
    baseLayer: {
      url: env.APP_BASE_LAYER_URL,
      datum: env.APP_BASE_LAYER_DATUM ?? "wgs84",
      ...(env.APP_BASE_LAYER_ATTRIBUTION ? { attribution: env.APP_BASE_LAYER_ATTRIBUTION } : {}),
      ...(env.APP_BASE_LAYER_SUBDOMAINS ? { subdomains: env.APP_BASE_LAYER_SUBDOMAINS } : {}),
    },
  };
}

function headers(type: string): Record<string, string> {
  // The stack this request belongs to (several may run in one process): its object store takes the uploads.
  const endpoint = runtime().storageEndpoint ?? process.env.S3_ENDPOINT;
  const storage = endpoint ? [new URL(endpoint).origin] : [];
  const tiles = process.env.APP_BASE_LAYER_URL ? [templateOrigin(process.env.APP_BASE_LAYER_URL)].filter((o): o is string => Boolean(o)) : [];
  const { "strict-transport-security": _hsts, ...rest } = SECURITY_HEADERS; // HSTS means nothing on plain http
  return {
    "content-type": type,
    "cache-control": "no-cache",
    "content-security-policy": contentSecurityPolicy({ connect: storage, img: [...storage, ...tiles] }),
    ...rest,
  };
}

/** CloudFront compresses these types, from 1,000 bytes up (its documented lower bound). */
const COMPRESSIBLE = new Set([".html", ".js", ".css", ".json", ".svg"]);
const MIN_COMPRESS_BYTES = 1000;

/** The encoding CloudFront would answer with for a viewer's Accept-Encoding: br first, then gzip. */
export function pickEncoding(acceptEncoding: string | undefined): "br" | "gzip" | undefined {
  const accepted = new Map(
    (acceptEncoding ?? "").split(",").map((part) => {
      const [name = "", ...params] = part.trim().toLowerCase().split(";");
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return [name.trim(), q === undefined ? 1 : Number(q)] as const;
    }),
  );
  const ok = (name: string) => (accepted.get(name) ?? accepted.get("*") ?? 0) > 0;
  return ok("br") ? "br" : ok("gzip") ? "gzip" : undefined;
}

/** Compressed bodies of the built files, kept per file, encoding and modification time. */
const compressed = new Map<string, Buffer>();
function compressedBody(path: string, encoding: "br" | "gzip", body: Buffer): Buffer {
  const key = `${encoding}:${path}:${statSync(path).mtimeMs}`;
  let out = compressed.get(key);
  if (!out) {
    out = encoding === "br" ? brotliCompressSync(body) : gzipSync(body);
    compressed.set(key, out);
  }
  return out;
}

/** Answers a request under /app; false when the app has not been built (npm run app:build). */
export function serveApp(pathname: string, res: ServerResponse, acceptEncoding?: string): boolean {
  if (pathname === "/app") {
    res.writeHead(301, { location: "/app/" });
    res.end();
    return true;
  }
  if (!existsSync(join(APP_DIST, "index.html"))) return false;
  const rel = normalize(decodeURIComponent(pathname.slice("/app/".length))).replace(/^(\.\.[/\\])+/, "");
  if (rel === "config.json") {
    res.writeHead(200, headers(TYPES[".json"]!));
    res.end(JSON.stringify(appConfigFromEnv()));
    return true;
  }
  const file = join(APP_DIST, rel);
  const isFile = rel !== "." && rel !== "" && file.startsWith(APP_DIST) && existsSync(file) && statSync(file).isFile();
  if (!isFile && extname(rel)) {
    res.writeHead(404, headers("text/plain; charset=utf-8"));
    res.end("没有这个文件");
    return true;
  }
  const path = isFile ? file : join(APP_DIST, "index.html");
  const body = readFileSync(path);
  const encoding = COMPRESSIBLE.has(extname(path)) && body.length >= MIN_COMPRESS_BYTES ? pickEncoding(acceptEncoding) : undefined;
  res.writeHead(200, {
    ...headers(TYPES[extname(path)] ?? "application/octet-stream"),
    ...(rel === "sw.js" ? { "service-worker-allowed": "/app/" } : {}),
    vary: "accept-encoding",
    ...(encoding ? { "content-encoding": encoding } : {}),
  });
  res.end(encoding ? compressedBody(path, encoding, body) : body);
  return true;
}
