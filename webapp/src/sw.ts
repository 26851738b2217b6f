// The field app's service worker: the app shell (every built file) cached at install, so the app opens with
// no signal; pages fall back to the cached shell; the API's reads (reference, me, the outfall list) are
// network-first with the last answer kept, so the map, the capture form and the record cards seen before
// (record, history, photos, patrols) work offline. Writes are never
// cached or replayed here: the capture queue (queue.ts) owns them.
// Typed loosely: the app's tsconfig has the DOM library, which conflicts with the WebWorker one.
import { API_CACHE } from "./cache-names.js";

interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(r: Promise<Response>): void;
}
const sw = self as unknown as {
  addEventListener(type: "install" | "activate", fn: (e: ExtendableEvent) => void): void;
  addEventListener(type: "fetch", fn: (e: FetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  location: Location;
};
declare const SHELL: string[];
declare const VERSION: string;

const CACHE = `outfall-app-${VERSION}`;
const CACHED_READS = /^\/v1\/(reference|me|outfalls(\/[^/]+(\/(history|photos|patrols))?)?)$/;

sw.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.addAll(SHELL))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("outfall-app-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => sw.clients.claim()),
  );
});

async function networkFirst(request: Request, cacheName: string, fallback?: string): Promise<Response> {
  try {
    const response = await fetch(request);
    if (response.ok) await (await caches.open(cacheName)).put(request, response.clone());
    return response;
  } catch (error) {
    const cached = (await caches.match(request, { ignoreVary: true })) ?? (fallback ? await caches.match(fallback) : undefined);
    if (cached) return cached;
    throw error;
  }
}

sw.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;
  if (request.mode === "navigate" && url.pathname.startsWith("/app")) {
    event.respondWith(networkFirst(request, CACHE, "/app/index.html"));
  } else if (url.pathname.startsWith("/app/")) {
    event.respondWith(caches.match(request).then((hit) => hit ?? networkFirst(request, CACHE)));
  } else if (CACHED_READS.test(url.pathname)) {
    event.respondWith(networkFirst(request, API_CACHE));
  }
});
