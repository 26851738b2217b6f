// The engine's environment for a workbook file in Node: the xlsx adapters, a synchronous HttpPort over the
// worker-thread client, a blocking clock, in-memory caches (one command is one run), the file lock and a Ui
// that prints. Mirrors sheets-addon/src/gas/services.ts.
import type { Clock, HttpPort, HttpRequest, HttpResponse } from "../../sheets-addon/src/core/http.js";
import type { Cache, Env, Hints, KeyValue, Tuning, Ui } from "../../sheets-addon/src/core/ports.js";
import { type SyncHttpClient, sleepSync } from "./sync-http.js";
import type { FileLock } from "./xlsx/lock.js";
import type { XlsxWorkbook } from "./xlsx/workbook.js";

/** UrlFetchApp.fetchAll's contract: every request answered, or an exception when one got no answer at all. */
export function nodeHttp(client: SyncHttpClient, beforeSend: () => void = () => {}): HttpPort {
  return {
    fetchAll(requests: HttpRequest[]): HttpResponse[] {
      beforeSend();
      const outcomes = client.send(
        requests.map((r) => ({ url: r.url, method: r.method.toUpperCase(), headers: { ...r.headers }, ...(r.payload !== undefined ? { body: r.payload } : {}) })),
      );
      const failed = outcomes.find((o): o is { error: string } => "error" in o);
      if (failed) throw new Error(failed.error);
      return outcomes.map((o) => o as HttpResponse);
    },
  };
}

export const nodeClock: Clock = { sleep: sleepSync, now: () => Date.now() };

export function memoryCache(): Cache {
  const data = new Map<string, { value: string; expires: number }>();
  return {
    get: (key) => {
      const hit = data.get(key);
      return hit && hit.expires > Date.now() ? hit.value : null;
    },
    put: (key, value, seconds) => void data.set(key, { value, expires: Date.now() + seconds * 1000 }),
    remove: (key) => void data.delete(key),
  };
}

/** Collects the engine's messages: progress toasts («正在…») go out at once, the rest are kept for the end. */
export class PrintingUi implements Ui {
  readonly messages: string[] = [];

  constructor(private readonly progress: (line: string) => void) {}

  toast(message: string) {
    if (message.startsWith("正在")) this.progress(message);
    else this.keep(message);
  }

  alert(message: string) {
    this.keep(message);
  }

  private keep(message: string) {
    if (!this.messages.includes(message)) this.messages.push(message);
  }
}

export interface WorkbookEnvOptions {
  workbook: XlsxWorkbook;
  client: SyncHttpClient;
  lock: FileLock;
  token: string;
  ui: Ui;
  /** The address given on the command line or in LEDGER_API_URL: the default when the workbook has none. */
  defaultApiUrl?: string;
  tuning?: Partial<Tuning>;
}

/** Tuning for a desktop run: no 6-minute Apps Script limit, but the lock must stay fresh (done on each request). */
export const WORKBOOK_TUNING: Partial<Tuning> = { timeBudgetMs: 30 * 60_000 };

/** The workbook's messages name its commands, not the add-on's menus. */
export const WORKBOOK_HINTS: Hints = {
  settings: "请用 --api <地址> 或环境变量 LEDGER_API_URL 提供",
  subdistrict: "请用 --subdistrict <街道键> 指定要拉取的街道（如 --subdistrict kaixuan）",
  pull: "「npm run workbook -- pull <文件>」",
  conflicts: "用 --rows 指定台账行号（见「冲突」表的「台账行号」列）或用 --all",
};

export function workbookEnv(options: WorkbookEnvOptions): Env {
  const script: Pick<KeyValue, "get"> = { get: (key) => (key === "API_BASE_URL" ? (options.defaultApiUrl ?? null) : null) };
  return {
    workbook: options.workbook,
    http: nodeHttp(options.client, () => options.lock.touch()),
    clock: nodeClock,
    identityToken: () => options.token,
    // exceljs gives date cells as UTC midnight of the date shown (Excel dates have no time zone).
    formatDate: (date) => date.toISOString().slice(0, 10),
    documentSettings: options.workbook.settings,
    scriptSettings: script,
    cache: memoryCache(),
    userCache: memoryCache(),
    lock: options.lock,
    ui: options.ui,
    tuning: { ...WORKBOOK_TUNING, ...(options.tuning ?? {}) },
    hints: WORKBOOK_HINTS,
    nextSteps: true,
  };
}
