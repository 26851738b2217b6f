// A simulated Apps Script runtime: loads the BUILT add-on (one file, as clasp pushes it) into a Node vm context
// that has only what Apps Script offers — JavaScript builtins plus SpreadsheetApp, UrlFetchApp, PropertiesService,
// CacheService, LockService, ScriptApp, Utilities, HtmlService, Session, Logger and console. No TextEncoder,
// URL, fetch, setTimeout, process or require: using any of them fails here as it would in Apps Script.
import { readFileSync } from "node:fs";
import vm from "node:vm";
import { SimRange, SimSpreadsheet, SimUi, SimValidationBuilder } from "./spreadsheet.js";
import { SimUrlFetch } from "./urlfetch.js";

const bytes = (s: string) => Buffer.byteLength(s);

class SimProperties {
  readonly data = new Map<string, string>();
  constructor(private readonly error: (m: string) => Error) {}
  getProperty(key: string) {
    return this.data.get(key) ?? null;
  }
  setProperty(key: string, value: string) {
    if (bytes(String(value)) > 9 * 1024) throw this.error("Exception: Argument too large: value");
    this.data.set(key, String(value));
    return this;
  }
  deleteProperty(key: string) {
    this.data.delete(key);
    return this;
  }
  getProperties() {
    return Object.fromEntries(this.data);
  }
  setProperties(values: Record<string, string>) {
    for (const [k, v] of Object.entries(values)) this.setProperty(k, v);
    return this;
  }
  getKeys() {
    return [...this.data.keys()];
  }
}

class SimCache {
  readonly data = new Map<string, { value: string; expires: number }>();
  constructor(private readonly error: (m: string) => Error) {}
  get(key: string) {
    const hit = this.data.get(key);
    if (!hit || hit.expires < Date.now()) return null;
    return hit.value;
  }
  put(key: string, value: string, seconds = 600) {
    if (key.length > 250) throw this.error("Exception: Argument too large: key");
    if (bytes(value) > 100 * 1024) throw this.error("Exception: Argument too large: value");
    this.data.set(key, { value, expires: Date.now() + Math.min(seconds, 21600) * 1000 });
  }
  remove(key: string) {
    this.data.delete(key);
  }
}

class SimLock {
  held = false;
  /** Set by a test to simulate another execution holding the lock. */
  heldElsewhere = false;
  tryLock(_ms: number) {
    if (this.heldElsewhere) return false;
    this.held = true;
    return true;
  }
  waitLock(ms: number) {
    if (!this.tryLock(ms)) throw new Error("Exception: Lock timeout");
  }
  releaseLock() {
    this.held = false;
  }
  hasLock() {
    return this.held;
  }
}

function formatDate(date: Date, timeZone: string, format: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return format
    .replace("yyyy", parts.year!)
    .replace("MM", parts.month!)
    .replace("dd", parts.day!)
    .replace("HH", parts.hour!)
    .replace("mm", parts.minute!)
    .replace("ss", parts.second!);
}

export interface AddonOptions {
  /** Path of the built bundle (sheets-addon/dist/addon.js). */
  bundle: string;
  /** What ScriptApp.getIdentityToken() returns. */
  token: string;
  email?: string;
  scriptProperties?: Record<string, string>;
  spreadsheetId?: string;
  timeZone?: string;
}

export interface AddonRuntime {
  ss: SimSpreadsheet;
  ui: SimUi;
  http: SimUrlFetch;
  scriptProperties: SimProperties;
  documentProperties: SimProperties;
  documentLock: SimLock;
  sleeps: number[];
  logs: string[];
  context: vm.Context;
  /** Calls a global function of the add-on, as a menu click or google.script.run would; the result is
   *  copied out of the sandbox as JSON. */
  call<T = any>(name: string, ...args: unknown[]): T;
  /** Whether the sandbox has a top-level function of this name. */
  hasFunction(name: string): boolean;
  /** A clerk typing into a cell (or pasting a block): values set, then the onEdit simple trigger fired. */
  edit(sheet: string, row: number, column: number, values: unknown[][] | unknown): void;
  /** Selects whole rows on a sheet (for 推送选中行 and the conflict actions). */
  select(sheet: string, rows: number[]): void;
  /** Changes what ScriptApp.getIdentityToken() returns. */
  setToken(token: string): void;
  close(): Promise<number>;
}

export function loadAddon(options: AddonOptions): AddonRuntime {
  const code = readFileSync(options.bundle, "utf8");
  const sandbox: Record<string, unknown> = {};
  const context = vm.createContext(sandbox, { name: "apps-script" });
  const SandboxError = vm.runInContext("Error", context) as ErrorConstructor;
  const error = (message: string) => new SandboxError(message);

  const timeZone = options.timeZone ?? "Asia/Shanghai";
  const ss = new SimSpreadsheet(options.spreadsheetId ?? `sim-${Math.random().toString(36).slice(2, 10)}`, timeZone, error);
  const ui = new SimUi("排污口");
  const http = new SimUrlFetch(error);
  const scriptProperties = new SimProperties(error);
  for (const [k, v] of Object.entries(options.scriptProperties ?? {})) scriptProperties.setProperty(k, v);
  const documentProperties = new SimProperties(error);
  const userProperties = new SimProperties(error);
  const documentCache = new SimCache(error);
  const scriptCache = new SimCache(error);
  const userCache = new SimCache(error);
  const documentLock = new SimLock();
  const scriptLock = new SimLock();
  const sleeps: number[] = [];
  const logs: string[] = [];
  let token = options.token;

  Object.assign(sandbox, {
    SpreadsheetApp: {
      getActiveSpreadsheet: () => ss,
      getActive: () => ss,
      getUi: () => ui,
      newDataValidation: () => new SimValidationBuilder(),
      flush: () => undefined,
      ProtectionType: { RANGE: "RANGE", SHEET: "SHEET" },
      DataValidationCriteria: { VALUE_IN_LIST: "VALUE_IN_LIST", DATE_IS_VALID_DATE: "DATE_IS_VALID_DATE", NUMBER_BETWEEN: "NUMBER_BETWEEN" },
    },
    UrlFetchApp: { fetch: (url: string, params?: object) => http.fetch(url, params), fetchAll: (requests: never[]) => http.fetchAll(requests) },
    PropertiesService: {
      getScriptProperties: () => scriptProperties,
      getDocumentProperties: () => documentProperties,
      getUserProperties: () => userProperties,
    },
    CacheService: { getDocumentCache: () => documentCache, getScriptCache: () => scriptCache, getUserCache: () => userCache },
    LockService: { getDocumentLock: () => documentLock, getScriptLock: () => scriptLock, getUserLock: () => scriptLock },
    ScriptApp: {
      getIdentityToken: () => token,
      AuthMode: { NONE: "NONE", LIMITED: "LIMITED", FULL: "FULL", CUSTOM_FUNCTION: "CUSTOM_FUNCTION" },
    },
    Utilities: {
      sleep: (ms: number) => {
        sleeps.push(ms);
      },
      formatDate,
      getUuid: () => crypto.randomUUID(),
    },
    HtmlService: {
      createHtmlOutput: (content: string) => {
        const out = {
          content,
          title: "",
          width: undefined as number | undefined,
          height: undefined as number | undefined,
          setTitle(t: string) {
            out.title = t;
            return out;
          },
          setWidth(w: number) {
            out.width = w;
            return out;
          },
          setHeight(h: number) {
            out.height = h;
            return out;
          },
          getContent: () => out.content,
        };
        return out;
      },
    },
    Session: { getActiveUser: () => ({ getEmail: () => options.email ?? "" }), getScriptTimeZone: () => timeZone },
    Logger: { log: (...args: unknown[]) => logs.push(args.map(String).join(" ")) },
    console: {
      log: (...a: unknown[]) => logs.push(a.map(String).join(" ")),
      info: (...a: unknown[]) => logs.push(a.map(String).join(" ")),
      warn: (...a: unknown[]) => logs.push(a.map(String).join(" ")),
      error: (...a: unknown[]) => logs.push(a.map(String).join(" ")),
    },
  });
  vm.runInContext(code, context, { filename: "addon.js" });

  const fn = (name: string) => {
    const f = sandbox[name];
    if (typeof f !== "function") throw new Error(`the add-on has no global function ${name}`);
    return f as (...args: unknown[]) => unknown;
  };

  return {
    ss,
    ui,
    http,
    scriptProperties,
    documentProperties,
    documentLock,
    sleeps,
    logs,
    context,
    call(name, ...args) {
      const result = fn(name)(...args);
      return result === undefined ? undefined : JSON.parse(JSON.stringify(result));
    },
    hasFunction(name) {
      return vm.runInContext(`typeof ${name} === "function"`, context) === true;
    },
    edit(sheetName, row, column, values) {
      const sheet = ss.getSheetByName(sheetName);
      if (!sheet) throw new Error(`no sheet ${sheetName}`);
      const grid = Array.isArray(values) ? (values as unknown[][]) : [[values]];
      const range = new SimRange(sheet, row, column, grid.length, grid[0]!.length);
      range.setValues(grid);
      const onEdit = sandbox.onEdit as ((e: unknown) => void) | undefined;
      onEdit?.({ range, source: ss, value: grid.length === 1 && grid[0]!.length === 1 ? grid[0]![0] : undefined, authMode: "LIMITED" });
    },
    select(sheetName, rows) {
      const sheet = ss.getSheetByName(sheetName);
      if (!sheet) throw new Error(`no sheet ${sheetName}`);
      ss.active = sheet;
      ss.selection = rows.map((r) => new SimRange(sheet, r, 1, 1, sheet.getMaxColumns()));
    },
      setToken(t) {
      token = t;
    },
    close: () => http.close(),
  };
}
