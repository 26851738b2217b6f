// The field app's first load on a phone: Chromium on a throttled mobile profile (CDP: Slow 4G-like network,
// 4× CPU slowdown, phone viewport), a signed-in coordinator with a cold cache opening /app/, measured until
// the map is ready (#map[data-ready]) over the demo's number of records. Bytes are what crossed the wire
// (CDP encodedDataLength: compressed bodies plus headers) as the local server serves them, compressed the
// way CloudFront compresses (local/app-static.ts). The browser is made to ask for gzip only, the encoding
// the issue's 300 KB budget is stated in; the Brotli size of the same files (what CloudFront sends a browser
// asking for br) is a note. The service worker is blocked: its precache of the rest of the shell runs after
// the first load and is reported as a note. Baseline: the same server's smallest page (/app/config.json)
// under the same profile.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import type { Browser, BrowserContext } from "playwright-core";
import { mintToken } from "../../local/issuer.js";
import { launchChromium } from "../../test/browser/chromium.js";
import { buildApp } from "../../webapp/build.js";
import { BENCH_USER, type BenchContext, outfallItem, plannedCreates, rawBatchWrite } from "../lib/context.js";
import { type BenchRow, benchRow, summarize } from "../lib/stats.js";
import { createInputs } from "./writes.js";

/** Lighthouse's "Slow 4G" phone: 1.6 Mbps down, 750 kbps up, 150 ms round trip, CPU 4× slower. */
export const PHONE_PROFILE = { downKbps: 1600, upKbps: 750, rttMs: 150, cpuSlowdown: 4 } as const;
/** The issue's budget for the first load, gzipped. */
export const FIRST_LOAD_BUDGET_KB = 300;
/** Records on the map: the demo dataset's size (local/demo/generate.ts, DEMO_DEFAULT_COUNT). */
const RECORDS = 336;

export interface Transfer {
  url: string;
  /** Bytes received for the request (headers and the body as sent, i.e. compressed). */
  bytes: number;
}

/** A load's transfers split into the app's files (/app/…), the API's answers (/v1/…, /.well-known/…) and the rest. */
export function splitTransfers(transfers: readonly Transfer[]): { app: number; api: number; other: number } {
  const out = { app: 0, api: 0, other: 0 };
  for (const t of transfers) {
    const path = new URL(t.url).pathname;
    if (path === "/app" || path.startsWith("/app/")) out.app += t.bytes;
    else if (path.startsWith("/v1/") || path.startsWith("/.well-known/") || path.startsWith("/oidc/")) out.api += t.bytes;
    else out.other += t.bytes;
  }
  return out;
}

/** The CDP network conditions of a profile (throughputs in bytes per second). */
export function networkConditions(profile: typeof PHONE_PROFILE) {
  return { offline: false, latency: profile.rttMs, downloadThroughput: (profile.downKbps * 1000) / 8, uploadThroughput: (profile.upKbps * 1000) / 8 };
}

interface Load {
  ms: number;
  transfers: Transfer[];
  encodings: Map<string, string>;
  points?: number;
}

/** Marks when the map is ready (performance.now(), from navigation start), and signs the coordinator in as oidc-client-ts keeps a user. */
const initScript = (origin: string, token: string) => `
localStorage.setItem(${JSON.stringify(`oidc.user:${origin}:outfall-ledger-web`)}, ${JSON.stringify(
  JSON.stringify({ id_token: token, access_token: token, token_type: "Bearer", scope: "openid email profile", profile: { sub: BENCH_USER, email: BENCH_USER }, expires_at: Math.floor(Date.now() / 1000) + 3600 }),
)});
new MutationObserver((_, observer) => {
  const map = document.getElementById("map");
  if (map && map.dataset.ready) { window.__mapReady = performance.now(); observer.disconnect(); }
}).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-ready"] });`;

async function phoneLoad(browser: Browser, url: string, init: string, until: "map" | "load"): Promise<Load> {
  const context: BrowserContext = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "zh-CN", serviceWorkers: "block" });
  try {
    await context.addInitScript(init);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const urls = new Map<string, string>();
    const encodings = new Map<string, string>();
    const transfers: Transfer[] = [];
    cdp.on("Network.responseReceived", (e) => {
      urls.set(e.requestId, e.response.url);
      const encoding = Object.entries(e.response.headers).find(([k]) => k.toLowerCase() === "content-encoding")?.[1];
      if (encoding) encodings.set(e.response.url, String(encoding));
    });
    cdp.on("Network.loadingFinished", (e) => {
      const at = urls.get(e.requestId);
      if (at) transfers.push({ url: at, bytes: e.encodedDataLength });
    });
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Network.setExtraHTTPHeaders", { headers: { "Accept-Encoding": "gzip, deflate" } });
    await cdp.send("Network.emulateNetworkConditions", networkConditions(PHONE_PROFILE));
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: PHONE_PROFILE.cpuSlowdown });
    if (until === "map") {
      await page.goto(url, { waitUntil: "commit" });
      await page.waitForFunction(() => (globalThis as { __mapReady?: number }).__mapReady !== undefined, undefined, { timeout: 180_000, polling: 100 });
      const ms = await page.evaluate(() => (globalThis as unknown as { __mapReady: number }).__mapReady);
      const points = Number(await page.locator("#map").getAttribute("data-points"));
      await page.waitForLoadState("load");
      return { ms, transfers, encodings, points };
    }
    await page.goto(url, { waitUntil: "load" });
    // The page's own navigation timing (the Node types of \`performance\` lack the browser's entry types).
    const ms = await page.evaluate(() => (globalThis as any).performance.getEntriesByType("navigation")[0].loadEventEnd as number);
    return { ms, transfers, encodings };
  } finally {
    await context.close();
  }
}

export async function webappStage(ctx: BenchContext): Promise<{ rows: BenchRow[]; notes: Record<string, number> }> {
  ctx.progress("webapp: building the app");
  const built = await buildApp();
  // The demo's number of records, for the coordinator's map (this stage runs before any other loads data).
  const { records } = plannedCreates(ctx.deps, ctx.stack.tableName, createInputs(ctx, RECORDS));
  await rawBatchWrite(ctx.db, ctx.stack.tableName, records.map(outfallItem));
  const token = await mintToken(ctx.stack.issuer, BENCH_USER, 3600, { audience: "outfall-ledger-web" });
  const origin = ctx.stack.url;
  const init = initScript(origin, token);
  const browser = await launchChromium();
  const app: Load[] = [];
  const blank: Load[] = [];
  try {
    for (let round = 1; round <= ctx.repeats; round++) {
      ctx.progress(`webapp ${round}/${ctx.repeats}: first load on a throttled phone`);
      app.push(await phoneLoad(browser, `${origin}/app/`, init, "map"));
      blank.push(await phoneLoad(browser, `${origin}/app/config.json`, init, "load"));
    }
  } finally {
    await browser.close();
  }
  for (const load of app) if (load.points !== RECORDS) throw new Error(`the map drew ${load.points} points, expected ${RECORDS}`);
  const kb = (loads: Load[], part: "app" | "api") => loads.map((l) => splitTransfers(l.transfers)[part] / 1024);
  const encoding = app[0]!.encodings.get(`${origin}/app/main.js`) ?? "identity";
  const baseline = `empty page (config.json), same profile`;
  const profile = `${PHONE_PROFILE.downKbps / 1000} Mbps/${PHONE_PROFILE.rttMs} ms, CPU ${PHONE_PROFILE.cpuSlowdown}×`;
  // The rest of the shell the service worker fetches once the app runs (every built file, gzipped), less what the first load took.
  const shellGzip = built.files.reduce((n, f) => n + gzipSync(readFileSync(join(built.outdir, f))).length, 0);
  const blankBytes = kb(blank, "app");
  // The same app files as Brotli (what CloudFront answers a browser asking for br), body bytes only.
  const appFiles = [...new Set(app[0]!.transfers.map((t) => new URL(t.url).pathname).filter((p) => p.startsWith("/app/")))];
  const brotli = appFiles.reduce((n, p) => {
    const file = join(built.outdir, p === "/app/" ? "index.html" : p.slice("/app/".length));
    return n + (existsSync(file) ? brotliCompressSync(readFileSync(file)).length : 0);
  }, 0);
  return {
    rows: [
      benchRow(
        { stage: "webapp", metric: `first load: app files (${encoding} as served)`, unit: "KB", better: "lower", value: summarize(kb(app, "app")), baseline, baselineValue: summarize(blankBytes) },
        undefined,
        FIRST_LOAD_BUDGET_KB,
      ),
      benchRow({ stage: "webapp", metric: `first load: time to map ready, ${RECORDS} points (${profile})`, unit: "ms", better: "lower", value: summarize(app.map((l) => l.ms)), baseline, baselineValue: summarize(blank.map((l) => l.ms)) }),
    ],
    notes: {
      "webapp first load: API answers, KB (uncompressed, as the API answers)": Math.round(summarize(kb(app, "api")).median),
      "webapp first load budget, KB gzipped": FIRST_LOAD_BUDGET_KB,
      "webapp first load: the same app files as Brotli, KB (bodies)": Math.round(brotli / 1024),
      "webapp service-worker shell, every built file, KB gzipped": Math.round(shellGzip / 1024),
    },
  };
}
