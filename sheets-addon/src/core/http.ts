// Talking to the API through a synchronous fetch port (UrlFetchApp in Apps Script): bearer identity token,
// X-Channel: sheet, problem+json errors turned into Chinese messages, and retries with backoff on 429, 5xx,
// "same request still in progress" and network errors. Requests are sent together (fetchAll); a network
// error fails the whole call, so the whole group is retried — idempotency keys make that safe.
import { queryString } from "./text.js";
import type { Me, OutfallPage, Violation } from "./types.js";

export interface HttpRequest {
  url: string;
  method: "get" | "post" | "patch" | "put";
  headers: Record<string, string>;
  payload?: string;
}

export interface HttpResponse {
  status: number;
  body: string;
  headers: Record<string, string>;
}

export interface HttpPort {
  /** Sends the requests together; throws on a network error (no answer at all). */
  fetchAll(requests: HttpRequest[]): HttpResponse[];
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 8000 };

export interface Clock {
  sleep(ms: number): void;
  now(): number;
}

/** The outcome of one request after retries: a final answer, or the network error that remained. */
export type Outcome = { response: HttpResponse; attempts: number } | { error: string; attempts: number };

function parseJson(body: string): unknown {
  try {
    return body ? JSON.parse(body) : undefined;
  } catch {
    return undefined;
  }
}

function header(response: HttpResponse, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const k of Object.keys(response.headers ?? {})) if (k.toLowerCase() === wanted) return response.headers[k];
  return undefined;
}

/** 429, 5xx and "the same batch is still being processed" are worth another try. */
export function isRetryable(response: HttpResponse): boolean {
  if (response.status === 429 || response.status === 500 || response.status === 502 || response.status === 503 || response.status === 504) return true;
  if (response.status === 409) {
    const body = parseJson(response.body) as { errors?: Violation[] } | undefined;
    return body?.errors?.some((e) => e.rule === "R-IDEMPOTENCY") ?? false;
  }
  return false;
}

function delayFor(attempt: number, policy: RetryPolicy, responses: (HttpResponse | undefined)[]): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = exponential * (0.8 + Math.random() * 0.4);
  const retryAfter = Math.max(0, ...responses.map((r) => (r ? Number(header(r, "retry-after")) * 1000 || 0 : 0)));
  return Math.round(Math.min(policy.maxDelayMs, Math.max(jittered, retryAfter)));
}

/** Sends requests together and retries those that failed in a retryable way, with exponential backoff. */
export function sendWithRetry(http: HttpPort, clock: Clock, requests: HttpRequest[], policy: RetryPolicy = DEFAULT_RETRY): Outcome[] {
  const outcomes: (Outcome | undefined)[] = requests.map(() => undefined);
  let pending = requests.map((_, i) => i);
  let last: (HttpResponse | undefined)[] = [];
  for (let attempt = 1; attempt <= policy.maxAttempts && pending.length; attempt++) {
    if (attempt > 1) clock.sleep(delayFor(attempt - 1, policy, last));
    let responses: HttpResponse[];
    try {
      responses = http.fetchAll(pending.map((i) => requests[i]!));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      for (const i of pending) outcomes[i] = { error: message, attempts: attempt };
      last = [];
      continue;
    }
    const retry: number[] = [];
    last = [];
    pending.forEach((i, n) => {
      const response = responses[n]!;
      outcomes[i] = { response, attempts: attempt };
      if (isRetryable(response)) {
        retry.push(i);
        last.push(response);
      }
    });
    pending = retry;
  }
  return outcomes as Outcome[];
}

/** An answer that is not a success, in words a clerk can act on. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly violations: Violation[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** Chinese message for a failed request (problem+json detail, or what the status means). */
export function describeFailure(outcome: Outcome, baseUrl: string): ApiError {
  if ("error" in outcome) {
    return new ApiError(`无法连接台账接口（${baseUrl}），已重试 ${outcome.attempts} 次：${outcome.error}。请检查网络或接口地址后再试`, undefined);
  }
  const { status, body } = outcome.response;
  const problem = parseJson(body) as { detail?: string; title?: string; errors?: Violation[] } | undefined;
  const detail = problem?.detail || problem?.title;
  const violations = Array.isArray(problem?.errors) ? problem!.errors : [];
  const prefix: Record<number, string> = {
    401: "登录凭证无效或已过期（401）。请重新打开表格；若仍出现，请管理员核对插件的 OAuth 客户端 ID 与接口配置的受众（audience）是否一致",
    403: "没有权限（403）",
    404: "接口地址不对或记录不存在（404）",
    413: "一次推送的数据过大（413）",
    429: "请求过于频繁（429），已多次重试仍未成功，请稍后再试",
  };
  const head = prefix[status] ?? (status >= 500 ? `台账接口出错（${status}），已重试 ${outcome.attempts} 次仍未成功，请稍后再试` : `请求失败（${status}）`);
  return new ApiError(detail && status !== 401 ? `${head}：${detail}` : head, status, violations);
}

export interface ApiOptions {
  baseUrl: string;
  /** The signed-in user's OpenID identity token (ScriptApp.getIdentityToken()). */
  token: () => string;
  http: HttpPort;
  clock: Clock;
  retry?: RetryPolicy;
}

/** The API's endpoints the add-on uses. */
export class Api {
  readonly baseUrl: string;

  constructor(private readonly options: ApiOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
  }

  request(method: HttpRequest["method"], path: string, body?: string, extraHeaders: Record<string, string> = {}): HttpRequest {
    const token = this.options.token();
    if (!token) throw new ApiError("无法取得您的 Google 身份凭证：请确认已授权插件（openid、userinfo.email 权限），然后重试", undefined);
    return {
      url: `${this.baseUrl}${path}`,
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        "X-Channel": "sheet",
        Accept: "application/json",
        ...(body !== undefined ? { "Content-Type": "application/json; charset=utf-8" } : {}),
        ...extraHeaders,
      },
      ...(body !== undefined ? { payload: body } : {}),
    };
  }

  send(requests: HttpRequest[]): Outcome[] {
    return sendWithRetry(this.options.http, this.options.clock, requests, this.options.retry);
  }

  /** One GET, retried; the parsed JSON body, or an ApiError. */
  getJson<T>(path: string, query: Record<string, string | number | undefined> = {}): T {
    const [outcome] = this.send([this.request("get", `${path}${queryString(query)}`)]);
    return this.json<T>(outcome!);
  }

  json<T>(outcome: Outcome): T {
    if ("response" in outcome && outcome.response.status >= 200 && outcome.response.status < 300) {
      const parsed = parseJson(outcome.response.body);
      if (parsed === undefined) throw new ApiError(`台账接口的回答不是 JSON（${this.baseUrl}），请确认接口地址`, outcome.response.status);
      return parsed as T;
    }
    throw describeFailure(outcome, this.baseUrl);
  }

  me(): Me {
    return this.getJson<Me>("/v1/me");
  }

  reference(): unknown {
    return this.getJson<unknown>("/v1/reference");
  }

  listPage(query: { subdistrict?: string; updatedSince?: string; cursor?: string; limit: number; include?: "actions" }): OutfallPage {
    return this.getJson<OutfallPage>("/v1/outfalls", query);
  }

  outfall(id: string) {
    return this.getJson<Record<string, unknown>>(`/v1/outfalls/${encodeURIComponent(id)}`);
  }

  /** A push; `full`: each row answered with its whole record (`?full=1`) rather than its lean `changes`. */
  batchRequest(body: string, idempotencyKey: string, full = false): HttpRequest {
    return this.request("post", `/v1/outfalls/batch${full ? "?full=1" : ""}`, body, { "Idempotency-Key": idempotencyKey });
  }
}
