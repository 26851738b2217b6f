// The core's ports faked in memory (no Apps Script, no network): side sheets as arrays, the API as a function
// of the request (GET /v1/reference answers the real reference document), every request kept.
import { loadReference } from "../../../functions/reference/index.js";
import { referenceDocument } from "../../../functions/src/app/reference.js";
import type { HttpRequest, HttpResponse } from "../../../sheets-addon/src/core/http.js";
import type { Env, TableOptions } from "../../../sheets-addon/src/core/ports.js";

const REFERENCE = JSON.stringify(referenceDocument(loadReference()));
export const json = (status: number, body: unknown): HttpResponse => ({ status, body: JSON.stringify(body), headers: {} });

export function fakeEnv(answer: (r: HttpRequest) => HttpResponse | undefined, apiUrl: string | null = "https://api.example.cn") {
  const sent: HttpRequest[] = [];
  const toasts: string[] = [];
  const tables = new Map<string, unknown[][]>();
  const tableOptions = new Map<string, TableOptions | undefined>();
  const store = new Map<string, string>();
  const kv = { get: (k: string) => store.get(k) ?? null, set: (k: string, v: string) => void store.set(k, v), remove: (k: string) => void store.delete(k) };
  const cache = new Map<string, string>();
  const env = {
    workbook: {
      selection: () => ({ sheet: "其他表", rows: [2] }),
      ledger: () => undefined,
      readTable: (name: string) => (tables.get(name) ?? []).map((r) => [...r]),
      writeTable: (name: string, rows: unknown[][], options?: TableOptions) => {
        tables.set(name, rows.map((r) => [...r]));
        tableOptions.set(name, options);
      },
      activate: () => undefined,
      id: "w",
    },
    http: {
      fetchAll: (requests: HttpRequest[]) =>
        requests.map((r) => {
          sent.push(r);
          if (r.url.endsWith("/v1/reference")) return { status: 200, body: REFERENCE, headers: {} };
          return answer(r) ?? json(404, { title: "not found" });
        }),
    },
    clock: { sleep: () => undefined, now: () => Date.now() },
    identityToken: () => "token",
    formatDate: (d: Date) => d.toISOString().slice(0, 10),
    documentSettings: kv,
    scriptSettings: { get: (k: string) => (k === "API_BASE_URL" ? apiUrl : null) },
    cache: { get: (k: string) => cache.get(k) ?? null, put: (k: string, v: string) => void cache.set(k, v), remove: (k: string) => void cache.delete(k) },
    userCache: { get: () => null, put: () => undefined, remove: () => undefined },
    lock: { tryLock: () => true, release: () => undefined },
    ui: { toast: (m: string) => void toasts.push(m), alert: (m: string) => void toasts.push(m) },
  } as unknown as Env;
  return { env, sent, toasts, tables, tableOptions };
}
