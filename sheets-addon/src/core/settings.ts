// Settings of the sync engine: the API address, the subdistrict, tuning, and the cached user and reference data.
import { DEFAULT_LIMITS } from "./chunk.js";
import { hash53 } from "./hash.js";
import { Api, ApiError, DEFAULT_RETRY } from "./http.js";
import type { Env, Hints, Tuning } from "./ports.js";
import { trimReference } from "./reference.js";
import type { Me, Reference } from "./types.js";

/** A problem the clerk can fix, said in Chinese (shown as it is, without a stack trace). */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }
}

export const SETTING_API_URL = "API_BASE_URL";
export const SETTING_SUBDISTRICT = "SUBDISTRICT";
const REFERENCE_TTL = 6 * 3600;
const ME_TTL = 600;

export const DEFAULT_TUNING: Tuning = {
  limits: DEFAULT_LIMITS,
  retry: DEFAULT_RETRY,
  parallel: 3,
  timeBudgetMs: 4 * 60_000,
  pageSize: 200,
  overlapMs: 5 * 60_000,
};

export const tuning = (env: Env): Tuning => ({ ...DEFAULT_TUNING, ...(env.tuning ?? {}) });
export const TITLE = "排污口";

const ADDON_HINTS: Hints = {
  settings: "请打开「排污口 → 设置」填写",
  subdistrict: "请在「排污口 → 设置」中选择要拉取的街道",
  pull: "「拉取本街道台账」",
  conflicts: "在「查看冲突」侧栏中点按钮",
};

export const hints = (env: Env): Hints => ({ ...ADDON_HINTS, ...(env.hints ?? {}) });

// ------------------------------------------------------------------------------------------------
// Settings
// ------------------------------------------------------------------------------------------------

/** `https://…` (or `http://localhost…` / `http://127.0.0.1…` for a local stack), without a trailing slash. */
export function normalizeApiUrl(input: string): string {
  const url = input.trim().replace(/\/+$/, "");
  const https = /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[\w.~/-]*)?$/;
  const local = /^http:\/\/(localhost|127\.0\.0\.1)(:\d{1,5})?(\/[\w.~/-]*)?$/;
  if (!https.test(url) && !local.test(url)) {
    throw new UserError("接口地址应以 https:// 开头，例如 https://abc123.execute-api.ap-east-1.amazonaws.com（向管理员索取）");
  }
  return url;
}

export function apiUrlOf(env: Env): { url: string; source: "document" | "script" | "none" } {
  const doc = env.documentSettings.get(SETTING_API_URL);
  if (doc) return { url: doc, source: "document" };
  const script = env.scriptSettings.get(SETTING_API_URL);
  if (script) return { url: script, source: "script" };
  return { url: "", source: "none" };
}

export function apiFor(env: Env, url: string): Api {
  return new Api({ baseUrl: url, token: () => env.identityToken(), http: env.http, clock: env.clock, retry: tuning(env).retry });
}

export function requireApi(env: Env): Api {
  const { url } = apiUrlOf(env);
  if (!url) throw new UserError(`还没有设置台账接口地址：${hints(env).settings}（向管理员索取）`);
  return apiFor(env, url);
}

function cachedJson<T>(cache: Env["cache"], key: string, ttl: number, load: () => T, fresh = false): T {
  if (!fresh) {
    const hit = cache.get(key);
    if (hit) {
      try {
        return JSON.parse(hit) as T;
      } catch {
        cache.remove(key);
      }
    }
  }
  const value = load();
  try {
    cache.put(key, JSON.stringify(value), ttl);
  } catch {
    // A value too large for the cache is simply fetched again next time.
  }
  return value;
}

export const meKey = (api: Api) => `me:${hash53(api.baseUrl)}`;
export const refKey = (api: Api) => `ref:${hash53(api.baseUrl)}`;

export function loadMe(env: Env, api: Api, fresh = false): Me {
  return cachedJson(env.userCache, meKey(api), ME_TTL, () => api.me(), fresh);
}

export function loadReference(env: Env, api: Api, fresh = false): Reference {
  return cachedJson(env.cache, refKey(api), REFERENCE_TTL, () => trimReference(api.reference()), fresh);
}

export interface SettingsInfo {
  apiUrl: string;
  source: "document" | "script" | "none";
  scriptDefault: string;
  subdistrict: string;
  me?: Me;
  /** Subdistricts to choose from, for users not bound to one. */
  subdistricts?: { key: string; label: string }[];
  error?: string;
}

export function settingsInfo(env: Env): SettingsInfo {
  const { url, source } = apiUrlOf(env);
  const info: SettingsInfo = {
    apiUrl: url,
    source,
    scriptDefault: env.scriptSettings.get(SETTING_API_URL) ?? "",
    subdistrict: env.documentSettings.get(SETTING_SUBDISTRICT) ?? "",
  };
  if (!url) return info;
  try {
    const api = apiFor(env, url);
    info.me = loadMe(env, api, true);
    if (!info.me.subdistrict) {
      info.subdistricts = loadReference(env, api).lists.subdistricts!.map((o) => ({ key: String(o.key), label: o.label }));
    }
  } catch (error) {
    info.error = messageOf(error);
  }
  return info;
}

export function saveSettings(env: Env, form: { apiUrl?: string; subdistrict?: string }): SettingsInfo {
  if (form.apiUrl !== undefined) {
    const before = apiUrlOf(env).url;
    if (form.apiUrl.trim() === "") env.documentSettings.remove(SETTING_API_URL);
    else env.documentSettings.set(SETTING_API_URL, normalizeApiUrl(form.apiUrl));
    if (before) {
      const old = apiFor(env, before);
      env.userCache.remove(meKey(old));
      env.cache.remove(refKey(old));
    }
  }
  if (form.subdistrict !== undefined) {
    if (form.subdistrict) env.documentSettings.set(SETTING_SUBDISTRICT, form.subdistrict);
    else env.documentSettings.remove(SETTING_SUBDISTRICT);
  }
  return settingsInfo(env);
}

export function messageOf(error: unknown): string {
  if (error instanceof UserError || error instanceof ApiError) return error.message;
  return error instanceof Error ? `插件出错：${error.message}` : String(error);
}
