// Really bundles every handler with esbuild (as `cdk synth` does), once for this file, then loads each
// bundle in a separate Node process and calls the public handlers: proves the ESM output, the
// createRequire banner, the bundled SDK and the inlined JSON reference data all work.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { isBuiltin } from "node:module";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANCHOR_HANDLER } from "../../infra/lib/history-anchors.js";
import { ROUTES } from "../../functions/src/routes.js";
import { DIGEST_HANDLER } from "../../infra/lib/ledger-stack.js";
import { ESM_REQUIRE_BANNER } from "../../infra/lib/ledger-function.js";
import { build as esbuild } from "esbuild";
import { BUDGET_EXCEPTIONS, STACK_BUILD_OPTIONS, TARGET_RATIO, budgetOf, floorClients, floorSource } from "../../infra/lib/bundle-budgets.js";
import { HANDLER_NEEDS, RESVG_WASM_FILE, SIGN_FONT_FILE } from "../../infra/lib/handlers.js";
import { REPO_ROOT, handlerEntry } from "../../infra/lib/paths.js";
import { DIGEST_FIXTURE, type Synthesized, cleanUp, logicalId, synth } from "./synth.js";

const execFileAsync = promisify(execFile);
let s: Synthesized;
let seconds = 0;
const bundles = new Map<string, string>(); // handler → asset folder

beforeAll(() => {
  const started = Date.now();
  // The real digest handler when it exists, else the stand-in, so every entry kind is bundled.
  s = synth({
    bundle: true,
    stack: { digestEntry: existsSync(handlerEntry(DIGEST_HANDLER)) ? handlerEntry(DIGEST_HANDLER) : DIGEST_FIXTURE, anchorEntry: handlerEntry(ANCHOR_HANDLER) },
  });
  seconds = (Date.now() - started) / 1000;
  for (const [handler, fn] of s.stack.functions) {
    const code = s.json.Resources[logicalId(s.stack, fn.fn.node.defaultChild)]!.Properties.Code;
    bundles.set(handler, join(s.outdir, `asset.${String(code.S3Key).replace(/\.zip$/, "")}`));
  }
}, 600_000); // builds every function: minutes on 2 busy cores
afterAll(cleanUp);

const handlers = [...new Set(ROUTES.map((r) => r.handler)), DIGEST_HANDLER, ANCHOR_HANDLER];

describe("esbuild bundles", () => {
  it("bundles every handler into one minified ESM file with a source map", () => {
    console.info(`synth with bundling of ${bundles.size} functions: ${seconds.toFixed(1)} s`);
    expect([...bundles.keys()].sort()).toEqual([...handlers].sort());
    for (const [handler, dir] of bundles) {
      const file = join(dir, "index.mjs");
      expect(existsSync(file), handler).toBe(true);
      expect(existsSync(join(dir, "index.mjs.map")), handler).toBe(true);
      const code = readFileSync(file, "utf8");
      expect(code.startsWith(ESM_REQUIRE_BANNER), handler).toBe(true);
      expect(code, handler).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
      // Everything inside: no import of a package left for the runtime to resolve (the SDK included).
      const specifiers = [...code.matchAll(/\b(?:from|import\s*\()\s*["']((?:@[\w.-]+\/)?[a-z][\w.-]*(?:\/[\w.-]+)*)["']/g)].map((m) => m[1]!);
      expect(specifiers.filter((name) => !isBuiltin(name)), handler).toEqual([]);
      // Lambda's limit is 50 MB zipped / 250 MB unzipped; stay far below for cold starts.
      expect(statSync(file).size, handler).toBeLessThan(4 * 1024 * 1024);
    }
  });

  it("copies the files a handler needs beside its bundle: a valid resvg wasm for the digest mail's map and the signboards, the signboards' font", async () => {
    // Node's WebAssembly (the project's TypeScript lib has no DOM types that would declare it).
    const wasm = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<object>; Module: new (...args: never[]) => object } }).WebAssembly;
    const withFiles = Object.entries(HANDLER_NEEDS).filter(([, n]) => n.files?.length);
    expect(withFiles.map(([h]) => h).sort()).toEqual(["issue-bulletin", "request-digest", "scheduled-digest", "signboard", "signboards"]);
    for (const [handler, needs] of withFiles) {
      for (const f of needs.files!) {
        const copied = readFileSync(join(bundles.get(handler)!, basename(f)));
        expect(copied.equals(readFileSync(join(REPO_ROOT, f))), `${handler}: ${f}`).toBe(true);
        if (f.endsWith(".wasm")) await expect(wasm.compile(copied)).resolves.toBeInstanceOf(wasm.Module);
      }
      // The signboards' font is read from beside the bundle as well.
      if (handler.startsWith("signboard")) expect(readFileSync(join(bundles.get(handler)!, "index.mjs"), "utf8"), handler).toContain(basename(SIGN_FONT_FILE));
      // The bundle reads it from beside itself.
      expect(readFileSync(join(bundles.get(handler)!, "index.mjs"), "utf8"), handler).toContain(basename(RESVG_WASM_FILE));
    }
  });

  it("inlines the JSON reference data imported with `with { type: \"json\" }`", () => {
    const district = JSON.parse(readFileSync(new URL("../../functions/reference/district.json", import.meta.url), "utf8")) as { code: string };
    const code = readFileSync(join(bundles.get("reference")!, "index.mjs"), "utf8");
    expect(code).toContain(district.code);
  });

  it("loads every bundle in its own Node process; the public ones answer /health and /openapi.json", async () => {
    // One process per bundle, as in Lambda: bundles share nothing (zod's schema registry is global,
    // so two bundles in one process would see each other's schemas).
    const script = `
      const [file, path] = JSON.parse(process.argv[1]);
      const { handler } = await import(file);
      const out = { type: typeof handler };
      if (path) {
        const r = await handler({ version: "2.0", routeKey: "GET " + path, rawPath: path, headers: {}, isBase64Encoded: false,
          requestContext: { requestId: "bundle-test", http: { method: "GET", path } } }, {});
        out.status = r.statusCode;
        out.body = JSON.parse(r.body);
      }
      console.log(JSON.stringify(out));
    `;
    const publicPath = new Map(ROUTES.filter((r) => r.public && r.method === "GET" && ["/health", "/openapi.json"].includes(r.path)).map((r) => [r.handler, r.path]));
    const run = async (handler: string) => {
      const args = JSON.stringify([join(bundles.get(handler)!, "index.mjs"), publicPath.get(handler) ?? null]);
      const { stdout } = await execFileAsync(process.execPath, ["--input-type=module", "-e", script, args], {
        env: {
          PATH: process.env.PATH,
          TABLE_NAME: "bundle-test",
          AUTH_ISSUER: "https://accounts.google.com",
          AUTH_AUDIENCE: "bundle-test",
          AWS_REGION: "us-east-1",
          LOG_LEVEL: "silent",
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        },
        encoding: "utf8",
        timeout: 60_000,
      });
      return [handler, JSON.parse(stdout.trim().split("\n").pop()!)] as const;
    };
    const results = new Map<string, { type: string; status?: number; body?: any }>();
    const queue = [...handlers];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let h = queue.shift(); h; h = queue.shift()) {
          const [handler, out] = await run(h);
          results.set(handler, out);
        }
      }),
    );
    for (const h of handlers) expect(results.get(h)?.type, h).toBe("function");
    expect(results.get("health")).toMatchObject({ status: 200, body: { status: "ok" } });
    expect(results.get("openapi")).toMatchObject({ status: 200, body: { openapi: expect.stringMatching(/^3\.1/) } });
  });

  it("keeps each bundle within its budget against its SDK floor, and leaves out the clients its role may not use", async () => {
    // Prepare: one floor per set of clients, built with the stack's esbuild options (empty handler + clients).
    const floors = new Map<string, number>();
    const floorOf = async (handler: string) => {
      const clients = floorClients(HANDLER_NEEDS[handler] ?? {});
      const key = clients.join("+") || "none";
      if (!floors.has(key)) {
        const out = await esbuild({
          ...STACK_BUILD_OPTIONS,
          stdin: { contents: floorSource(clients), resolveDir: REPO_ROOT, loader: "js" },
          write: false,
        });
        floors.set(key, out.outputFiles[0]!.contents.length);
      }
      return floors.get(key)!;
    };
    // Act
    const rows: string[] = [];
    const over: string[] = [];
    for (const handler of handlers) {
      const code = readFileSync(join(bundles.get(handler)!, "index.mjs"), "utf8");
      const size = Buffer.byteLength(code);
      const floor = await floorOf(handler);
      const { ceiling, absoluteKb } = budgetOf(handler);
      const ratio = size / floor;
      rows.push(`${handler.padEnd(22)} ${(size / 1024).toFixed(0).padStart(5)} KB  floor ${(floor / 1024).toFixed(0).padStart(4)} KB  ${ratio > 100 ? "   -" : ratio.toFixed(2)}×  ≤ ${absoluteKb ? `${ceiling} KB` : `${ceiling}×`}`);
      if (absoluteKb ? size / 1024 > ceiling : ratio > ceiling) over.push(rows.at(-1)!);
      // Assess: a function whose role has no bucket grant carries no S3 client; no function carries the X-Ray SDK.
      if (!HANDLER_NEEDS[handler]?.bucket && handler !== "scheduled-anchor") expect(code.includes("AmazonS3"), `${handler} carries the S3 client`).toBe(false);
      expect(code.includes("AWS_XRAY_CONTEXT_MISSING"), `${handler} carries aws-xray-sdk-core`).toBe(false);
    }
    console.info(`bundle sizes against their SDK floors (target ${TARGET_RATIO}×):\n${rows.join("\n")}`);
    // Assess
    expect(over, "bundles over their budget (infra/lib/bundle-budgets.ts)").toEqual([]);
    expect(Object.keys(BUDGET_EXCEPTIONS).filter((h) => !handlers.includes(h)), "stale budget exceptions").toEqual([]);
  });

  it("fetches over HTTP with node-fetch (the Sheets client's transport) bundled without the packages left out as never loaded", async () => {
    // Prepare: node-fetch built with the stack's options (web-streams-polyfill external), a loopback server.
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => res.end(`收到 ${body}`));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const dir = mkdtempSync(join(tmpdir(), "never-loaded-"));
    const file = join(dir, "fetch.mjs");
    try {
      await esbuild({
        ...STACK_BUILD_OPTIONS,
        stdin: { contents: `import fetch from "node-fetch"; export const post = async (url) => (await fetch(url, { method: "POST", body: "进度" })).text();`, resolveDir: REPO_ROOT, loader: "js" },
        outfile: file,
      });
      // Act
      const { stdout } = await execFileAsync(process.execPath, ["--input-type=module", "-e", `const { post } = await import(${JSON.stringify(file)}); console.log(await post(${JSON.stringify(url)}));`], { encoding: "utf8", timeout: 60_000 });
      // Assess
      expect(readFileSync(file, "utf8")).not.toContain("ReadableStreamDefaultReader.prototype");
      expect(stdout.trim()).toBe("收到 进度");
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
