// Worker thread of the synchronous HTTP client (sync-http.ts): performs real HTTP requests (in parallel) while the
// calling thread waits on a SharedArrayBuffer, which makes the calls synchronous as in Apps Script.
import { parentPort } from "node:worker_threads";

parentPort.on("message", async ({ requests, flag, port }) => {
  const signal = new Int32Array(flag);
  const results = await Promise.all(
    requests.map(async (r) => {
      try {
        const res = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body });
        const body = await res.text();
        return { status: res.status, headers: Object.fromEntries(res.headers.entries()), body };
      } catch (error) {
        return { error: String(error?.cause?.message ?? error?.message ?? error) };
      }
    }),
  );
  port.postMessage(results);
  port.close();
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
