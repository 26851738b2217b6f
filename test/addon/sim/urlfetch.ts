// Simulated UrlFetchApp: synchronous like Apps Script's, doing real HTTP to the embedded stack through the
// workbook tool's synchronous client (a worker thread; the add-on's thread blocks on Atomics.wait).
// Faults can be injected: a status without forwarding, a network error without forwarding, or a lost answer
// (the request reaches the server, the add-on gets a network error).
import { type SyncRequest, type SyncResponse, SyncHttpClient } from "../../../workbook/src/sync-http.js";

export type SimRequest = SyncRequest;
export type SimResponse = SyncResponse;

export interface LoggedRequest extends SimRequest {
  path: string;
  bytes: number;
  /** Rows in a batch request body. */
  rows?: number;
  idempotencyKey?: string;
  status?: number;
  /** How the simulator treated it. */
  fate: "forwarded" | "lost-answer" | "injected-status" | "network-error";
}

export interface Fault {
  match: (r: SimRequest) => boolean;
  /** Times the fault fires (default 1). */
  times?: number;
  kind: "lose-answer" | "status" | "network";
  status?: number;
  headers?: Record<string, string>;
}

/** The parts of Apps Script's URLFetchRequest the simulator understands. */
export interface FetchParams {
  url?: string;
  method?: string;
  headers?: Record<string, string>;
  payload?: string;
  contentType?: string;
  muteHttpExceptions?: boolean;
  followRedirects?: boolean;
}

export class SimUrlFetch {
  private readonly client = new SyncHttpClient();
  readonly log: LoggedRequest[] = [];
  readonly faults: Fault[] = [];
  /** Rewrites answers before the add-on sees them (e.g. to add derived fields). */
  transform?: (request: SimRequest, response: SimResponse) => SimResponse;

  constructor(private readonly makeError: (message: string) => Error) {}

  close() {
    return this.client.close();
  }

  /** Requests whose path starts with `prefix` (query excluded). */
  requests(prefix: string, method?: string): LoggedRequest[] {
    return this.log.filter((r) => r.path.startsWith(prefix) && (!method || r.method === method.toUpperCase()));
  }

  /** Milliseconds spent waiting for HTTP answers (the rest of a call's time is the add-on's own work). */
  waitedMs = 0;

  private send(requests: SimRequest[]): ({ error: string } | SimResponse)[] {
    if (!requests.length) return [];
    const started = performance.now();
    try {
      return this.client.send(requests);
    } catch (error) {
      throw new Error(`simulated UrlFetchApp: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.waitedMs += performance.now() - started;
    }
  }

  private normalize(input: string | FetchParams): SimRequest & { mute: boolean } {
    const options: FetchParams & { url: string } = typeof input === "string" ? { url: input } : { ...input, url: input.url ?? "" };
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(options.headers ?? {})) headers[k] = String(v);
    if (options.payload !== undefined) headers["content-type"] = options.contentType ?? "application/x-www-form-urlencoded";
    return {
      url: options.url,
      method: String(options.method ?? "get").toUpperCase(),
      headers,
      ...(options.payload !== undefined ? { body: String(options.payload) } : {}),
      mute: options.muteHttpExceptions === true,
    };
  }

  private response(r: SimResponse, mute: boolean) {
    if (!mute && r.status >= 400) throw this.makeError(`Exception: Request failed for ${r.status} returned code ${r.status}. Truncated server response: ${r.body.slice(0, 100)}`);
    return {
      getResponseCode: () => r.status,
      getContentText: () => r.body,
      getAllHeaders: () => ({ ...r.headers }),
      getHeaders: () => ({ ...r.headers }),
    };
  }

  fetch(url: string, params?: FetchParams) {
    return this.fetchAll([{ ...(params ?? {}), url }])[0];
  }

  fetchAll(inputs: (string | FetchParams)[]) {
    const requests = inputs.map((i) => this.normalize(i));
    const entries: LoggedRequest[] = requests.map((r) => {
      const url = new URL(r.url);
      let rows: number | undefined;
      if (r.body && url.pathname.endsWith("/batch")) {
        try {
          rows = (JSON.parse(r.body) as { rows: unknown[] }).rows.length;
        } catch {
          rows = undefined;
        }
      }
      const key = Object.entries(r.headers).find(([k]) => k.toLowerCase() === "idempotency-key")?.[1];
      return {
        url: r.url,
        method: r.method,
        headers: r.headers,
        ...(r.body !== undefined ? { body: r.body } : {}),
        path: url.pathname,
        bytes: r.body ? Buffer.byteLength(r.body) : 0,
        ...(rows !== undefined ? { rows } : {}),
        ...(key ? { idempotencyKey: key } : {}),
        fate: "forwarded" as const,
      };
    });
    this.log.push(...entries);
    const fired = requests.map((r) => {
      const fault = this.faults.find((f) => (f.times ?? 1) > 0 && f.match(r));
      if (fault) fault.times = (fault.times ?? 1) - 1;
      return fault;
    });
    if (fired.some((f) => f?.kind === "network")) {
      entries.forEach((e) => (e.fate = "network-error"));
      throw this.makeError("Exception: Address unavailable (simulated network error)");
    }
    const forward = requests.map((r, i) => (fired[i]?.kind === "status" ? undefined : r));
    const answers = this.send(forward.filter((r): r is SimRequest & { mute: boolean } => !!r).map(({ mute: _m, ...r }) => r));
    let next = 0;
    const responses = requests.map((r, i): SimResponse => {
      const fault = fired[i];
      if (fault?.kind === "status") {
        entries[i]!.fate = "injected-status";
        entries[i]!.status = fault.status ?? 503;
        return { status: fault.status ?? 503, headers: fault.headers ?? {}, body: JSON.stringify({ title: "simulated", status: fault.status ?? 503, detail: "模拟的服务暂时不可用", errors: [] }) };
      }
      const answer = answers[next++]!;
      if ("error" in answer) {
        entries[i]!.fate = "network-error";
        throw this.makeError(`Exception: Address unavailable: ${answer.error}`);
      }
      entries[i]!.status = answer.status;
      return this.transform ? this.transform(r, answer) : answer;
    });
    if (fired.some((f) => f?.kind === "lose-answer")) {
      fired.forEach((f, i) => f?.kind === "lose-answer" && (entries[i]!.fate = "lost-answer"));
      throw this.makeError("Exception: Timeout: the connection was reset (simulated lost answer)");
    }
    return responses.map((r, i) => this.response(r, requests[i]!.mute));
  }
}
