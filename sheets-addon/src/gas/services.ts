// Thin adapters over the Apps Script services the engine's ports need: UrlFetchApp, PropertiesService,
// CacheService, LockService, ScriptApp, Utilities and the spreadsheet UI.
import type { Clock, HttpPort, HttpRequest, HttpResponse } from "../core/http.js";
import { DEFAULT_LIMITS } from "../core/chunk.js";
import type { Cache, Env, KeyValue, Lock, Tuning, Ui } from "../core/ports.js";
import { GasWorkbook } from "./sheet.js";

export const gasHttp: HttpPort = {
  fetchAll(requests: HttpRequest[]): HttpResponse[] {
    const calls = requests.map((r): GoogleAppsScript.URL_Fetch.URLFetchRequest => {
      const headers: Record<string, string> = {};
      let contentType: string | undefined;
      for (const k of Object.keys(r.headers)) {
        if (k.toLowerCase() === "content-type") contentType = r.headers[k];
        else headers[k] = r.headers[k]!;
      }
      return {
        url: r.url,
        method: r.method,
        headers,
        muteHttpExceptions: true,
        followRedirects: false,
        ...(r.payload !== undefined ? { payload: r.payload, contentType: contentType ?? "application/json; charset=utf-8" } : {}),
      };
    });
    return UrlFetchApp.fetchAll(calls).map((response) => ({
      status: response.getResponseCode(),
      body: response.getContentText("UTF-8"),
      headers: response.getAllHeaders() as Record<string, string>,
    }));
  },
};

export const gasClock: Clock = {
  sleep: (ms) => Utilities.sleep(ms),
  now: () => Date.now(),
};

function properties(store: GoogleAppsScript.Properties.Properties): KeyValue {
  return {
    get: (key) => store.getProperty(key),
    set: (key, value) => {
      store.setProperty(key, value);
    },
    remove: (key) => {
      store.deleteProperty(key);
    },
  };
}

function cache(store: GoogleAppsScript.Cache.Cache | null): Cache {
  return {
    get: (key) => (store ? store.get(key) : null),
    put: (key, value, seconds) => store?.put(key, value, seconds),
    remove: (key) => store?.remove(key),
  };
}

function documentLock(): Lock {
  const lock = LockService.getDocumentLock() ?? LockService.getScriptLock();
  return {
    tryLock: (ms) => lock.tryLock(ms),
    release: () => lock.releaseLock(),
  };
}

function ui(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): Ui {
  return {
    toast: (message, title, seconds) => ss.toast(message, title ?? "排污口", seconds ?? 5),
    alert: (message, title) => {
      const app = SpreadsheetApp.getUi();
      app.alert(title ?? "排污口", message, app.ButtonSet.OK);
    },
  };
}

/** Optional script properties an administrator may set to tune the engine (see the README). */
function tuning(script: GoogleAppsScript.Properties.Properties): Partial<Tuning> {
  const number = (name: string, min: number, max: number) => {
    const raw = script.getProperty(name);
    const n = raw === null ? NaN : Number(raw);
    return Number.isFinite(n) && n >= min && n <= max ? n : undefined;
  };
  const out: Partial<Tuning> = {};
  const overlap = number("PULL_OVERLAP_SECONDS", 0, 86_400);
  if (overlap !== undefined) out.overlapMs = overlap * 1000;
  const page = number("PULL_PAGE_SIZE", 10, 1000);
  if (page !== undefined) out.pageSize = page;
  const rows = number("PUSH_ROWS_PER_REQUEST", 1, 500);
  if (rows !== undefined) out.limits = { ...DEFAULT_LIMITS, maxRows: rows };
  const parallel = number("PUSH_PARALLEL", 1, 10);
  if (parallel !== undefined) out.parallel = parallel;
  return out;
}

/** The engine's environment in Apps Script, for the active spreadsheet. */
export function gasEnv(): Env {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const timeZone = ss.getSpreadsheetTimeZone() || "Asia/Shanghai";
  const script = PropertiesService.getScriptProperties();
  return {
    workbook: new GasWorkbook(ss),
    http: gasHttp,
    clock: gasClock,
    identityToken: () => ScriptApp.getIdentityToken(),
    formatDate: (date) => Utilities.formatDate(date, timeZone, "yyyy-MM-dd"),
    documentSettings: properties(PropertiesService.getDocumentProperties()),
    scriptSettings: properties(script),
    cache: cache(CacheService.getDocumentCache() ?? CacheService.getScriptCache()),
    userCache: cache(CacheService.getUserCache()),
    lock: documentLock(),
    ui: ui(ss),
    tuning: tuning(script),
  };
}
