// The API as the field app calls it: same origin, bearer token from auth.ts, problem details in Chinese.
import { getToken } from "./auth.js";

export interface Violation {
  field: string;
  rule: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly violations: Violation[] = [],
  ) {
    super(message);
  }
}

/** A network failure (no signal): the caller keeps the work and tries again later. */
export class Offline extends Error {}

export type Json = Record<string, any>;

export async function api<T = Json>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const token = await getToken();
  if (!token) throw new ApiError("尚未登录，请先登录", 401);
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: { authorization: `Bearer ${token}`, "x-channel": "app", ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new Offline("网络不可用");
  }
  const payload = (await res.json().catch(() => undefined)) as (T & { detail?: string; title?: string; errors?: Violation[] }) | undefined;
  if (!res.ok) {
    if (res.status >= 500 || res.status === 408 || res.status === 429) throw new Offline(`服务暂不可用（HTTP ${res.status}）`);
    throw new ApiError(payload?.detail ?? payload?.title ?? `HTTP ${res.status}`, res.status, payload?.errors ?? []);
  }
  return payload as T;
}

/** Every outfall the caller may see (GET /v1/outfalls, page by page). */
export async function allOutfalls(): Promise<Json[]> {
  const items: Json[] = [];
  let cursor: string | undefined;
  do {
    const page = await api<{ items: Json[]; nextCursor?: string }>("GET", `/v1/outfalls?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

let reference: Promise<Json> | undefined;
export const getReference = () => (reference ??= api("GET", "/v1/reference"));
let me: Promise<Json> | undefined;
export const getMe = () => (me ??= api("GET", "/v1/me"));

/** "字段：消息（规则）" lines of a refusal. */
export const describeRefusal = (e: ApiError) => (e.violations.length ? e.violations.map((v) => `${v.message}（${v.rule}）`).join("；") : e.message);
