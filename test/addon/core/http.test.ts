import { describe, expect, it } from "vitest";
import { Api, type HttpRequest, type HttpResponse, describeFailure, isRetryable, sendWithRetry } from "../../../sheets-addon/src/core/http.js";

const ok = (body = "{}"): HttpResponse => ({ status: 200, body, headers: {} });
const status = (s: number, headers: Record<string, string> = {}, body = ""): HttpResponse => ({ status: s, body, headers });
const req = (url: string): HttpRequest => ({ url, method: "post", headers: {}, payload: "{}" });

/** A fake transport answering from a script: each call takes the next list of answers (or throws). */
function scripted(script: (HttpResponse[] | Error)[]) {
  const calls: string[][] = [];
  const sleeps: number[] = [];
  return {
    calls,
    sleeps,
    http: {
      fetchAll(requests: HttpRequest[]) {
        calls.push(requests.map((r) => r.url));
        const next = script.shift();
        if (!next) throw new Error("script exhausted");
        if (next instanceof Error) throw next;
        return next;
      },
    },
    clock: { sleep: (ms: number) => sleeps.push(ms), now: () => 0 },
  };
}

const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 5000 };

describe("sending with retries", () => {
  it("retries only the requests that got 429/5xx, with growing delays", () => {
    // Prepare
    const t = scripted([[ok(), status(503), status(502)], [ok(), status(500)], [ok()]]);
    // Act
    const out = sendWithRetry(t.http, t.clock, [req("a"), req("b"), req("c")], policy);
    // Assess
    expect(t.calls).toEqual([["a", "b", "c"], ["b", "c"], ["c"]]);
    expect(out.map((o) => ("response" in o ? o.response.status : 0))).toEqual([200, 200, 200]);
    expect(out.map((o) => o.attempts)).toEqual([1, 2, 3]);
    expect(t.sleeps[1]!).toBeGreaterThan(t.sleeps[0]!);
  });

  it("honours Retry-After", () => {
    const t = scripted([[status(429, { "Retry-After": "3" })], [ok()]]);
    sendWithRetry(t.http, t.clock, [req("a")], policy);
    expect(t.sleeps).toEqual([3000]);
  });

  it("retries the whole group after a network error (the idempotency keys make that safe)", () => {
    const t = scripted([new Error("Address unavailable"), [ok(), ok()]]);
    const out = sendWithRetry(t.http, t.clock, [req("a"), req("b")], policy);
    expect(t.calls).toEqual([["a", "b"], ["a", "b"]]);
    expect(out.every((o) => "response" in o)).toBe(true);
  });

  it("gives up after the last attempt and reports what remained", () => {
    const t = scripted([new Error("down"), new Error("down"), new Error("down"), new Error("still down")]);
    const [out] = sendWithRetry(t.http, t.clock, [req("a")], policy);
    expect(out).toEqual({ error: "still down", attempts: 4 });
    expect(describeFailure(out!, "https://api.example").message).toMatch(/^无法连接台账接口（https:\/\/api.example），已重试 4 次：still down/);
  });

  it("does not retry client errors, and treats 'same batch in progress' as worth waiting for", () => {
    expect(isRetryable(status(422))).toBe(false);
    expect(isRetryable(status(409, {}, JSON.stringify({ errors: [{ rule: "R-IDEMPOTENCY" }] })))).toBe(true);
    expect(isRetryable(status(409, {}, JSON.stringify({ errors: [{ rule: "R-VERSION" }] })))).toBe(false);
  });

  it("turns problem+json into the API's Chinese message", () => {
    const problem = JSON.stringify({ title: "账号未开通", status: 403, detail: "账号 x@y 尚未开通或已停用，请联系区治水办（河长办）开通", errors: [{ field: "email", rule: "R-SCOPE", message: "…" }] });
    const error = describeFailure({ response: status(403, {}, problem), attempts: 1 }, "u");
    expect(error.message).toBe("没有权限（403）：账号 x@y 尚未开通或已停用，请联系区治水办（河长办）开通");
    expect(error.violations[0]!.rule).toBe("R-SCOPE");
    expect(describeFailure({ response: status(401), attempts: 1 }, "u").message).toMatch(/OAuth 客户端 ID/);
  });

  it("sends the identity token as a bearer token, the sheet channel and the idempotency key", () => {
    const api = new Api({ baseUrl: "https://api.example/", token: () => "id-token", http: { fetchAll: () => [] }, clock: { sleep: () => undefined, now: () => 0 } });
    const request = api.batchRequest('{"rows":[]}', "sheet-abc123456789");
    expect(request).toMatchObject({
      url: "https://api.example/v1/outfalls/batch",
      method: "post",
      headers: { Authorization: "Bearer id-token", "X-Channel": "sheet", "Idempotency-Key": "sheet-abc123456789" },
    });
  });
});
