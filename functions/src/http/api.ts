// The one middy stack every HTTP handler uses: correlation id and a structured log line, problem+json
// errors (refusals counted by rule id), a size-limited JSON body, and the principal behind the bearer token.
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import type { Principal } from "../domain/access.js";
import { CHANNEL, type Channel } from "../domain/enums.js";
import { violation } from "../domain/violations.js";
import type { Deps } from "../app/deps.js";
import { AppError } from "../app/errors.js";
import { withReadAhead } from "../app/read-ahead.js";
import { resolvePrincipal } from "../app/users.js";
import { runtime } from "../config.js";
import { MAX_JSON_DEPTH, exceedsJsonDepth } from "./json-depth.js";
import { addLogContext, logger, withLogContext } from "../observability/log.js";
import { METRIC } from "../observability/metric-names.js";
import { count, countBy, countSignIn } from "../observability/metrics.js";
import { problem, type Result } from "./responses.js";

export interface ApiRequest {
  event: APIGatewayProxyEventV2;
  deps: Deps;
  principal: Principal;
  body: unknown;
  channel: Channel;
  header(name: string): string | undefined;
}

export interface ApiOptions {
  /** Public routes (health, OpenAPI) skip authentication. */
  public?: boolean;
  /** Parse a JSON body, refusing anything larger than this many bytes. */
  bodyLimit?: number;
  /** An empty body is allowed (the handler gets undefined). */
  bodyOptional?: boolean;
  /** Outfall ids the route will read, fetched with the caller's user entry (app/read-ahead.ts). */
  readAhead?: (event: APIGatewayProxyEventV2) => string[];
  /** An HTML form body (application/x-www-form-urlencoded) is read too, as an object of its fields. */
  forms?: boolean;
}

/** Lambda accepts 6 MB per invocation; single-record bodies are far smaller. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;
export const BATCH_BODY_LIMIT = 5 * 1024 * 1024;

/** What the middlewares learn about a request, handed to the handler function on middy's `request.context`. */
export interface RequestState {
  correlationId: string;
  started: number;
  principal?: Principal;
  body?: unknown;
  /** The request's deps when it reads ahead (options.readAhead). */
  deps?: Deps;
}
/** Lambda's context with this request's state. */
export type LedgerContext = Context & { ledger: RequestState };

export function api(options: ApiOptions, fn: (req: ApiRequest) => Promise<Result>) {
  const handler = middy<APIGatewayProxyEventV2, Result, Error, LedgerContext>()
    .use({
      before: (request) => {
        const internal = request.context.ledger;
        // A caller's correlation id is kept only if it looks like one (it is echoed and logged).
        const given = request.event.headers?.["x-correlation-id"];
        internal.correlationId = given && /^[\w.:-]{1,100}$/.test(given) ? given : (request.event.requestContext?.requestId ?? crypto.randomUUID());
        addLogContext({ correlationId: internal.correlationId, route: request.event.routeKey });
      },
      after: (request) => finish(request.event, request.context.ledger, request.response),
      onError: (request) => {
        const internal = request.context.ledger;
        const error = request.error;
        if (error instanceof AppError) {
          request.response = problem(error.status, error.title, error.violations, error.extra, internal.correlationId);
          countBy(METRIC.refusals, "rule", new Set(error.violations.map((v) => v.rule)));
        } else {
          logger().error("request failed", error as Error);
          count(METRIC.serverErrors, { route: request.event.routeKey ?? "unknown" });
          request.response = problem(500, "服务器内部错误", [violation("", "R-MALFORMED", "服务器处理请求时出错，已记录，请稍后重试或联系管理员")], {}, internal.correlationId);
        }
        finish(request.event, internal, request.response);
      },
    })
    .use({
      before: async (request) => {
        const internal = request.context.ledger;
        if (options.bodyLimit !== undefined) internal.body = parseBody(request.event, options.bodyLimit, options.bodyOptional, options.forms);
        if (!options.public) {
          const { deps, verifyToken } = runtime();
          const ahead = options.readAhead?.(request.event).filter(Boolean);
          if (ahead?.length) internal.deps = { ...deps, outfalls: withReadAhead(deps.outfalls, ahead) };
          const authorization = header(request.event, "authorization");
          let reason = authorization ? "bad-token" : "no-token";
          try {
            const identity = await verifyToken(authorization);
            reason = "unknown-user";
            internal.principal = await resolvePrincipal(deps, identity.email);
            countSignIn(identity.via, internal.principal.email);
          } catch (error) {
            if (error instanceof AppError) count(METRIC.authRefusals, { reason });
            throw error;
          }
        }
      },
    })
    .handler(async (event, context) => {
      const { principal, body } = context.ledger;
      return fn({
        event,
        deps: context.ledger.deps ?? runtime().deps,
        // Undefined only on public routes, whose handlers do not read it.
        principal: principal as Principal,
        body,
        channel: channelOf(event),
        header: (name) => header(event, name),
      });
    });
  // Each invocation gets its own log context (the local server runs many at once in one process).
  // Each invocation gets its own state on its own context object (Lambda and the local server make one per request).
  return (event: APIGatewayProxyEventV2, context: Context) =>
    withLogContext(() => handler(event, Object.assign(context, { ledger: { correlationId: "", started: Date.now() } })));
}

function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(event.headers ?? {})) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

function channelOf(event: APIGatewayProxyEventV2): Channel {
  const raw = header(event, "x-channel");
  if (raw === undefined) return "api";
  if ((CHANNEL.keys as readonly string[]).includes(raw) && raw !== "system") return raw as Channel;
  const allowed = CHANNEL.keys.filter((k) => k !== "system").map((k) => `${k}（${CHANNEL.label(k)}）`).join("、");
  throw new AppError(400, "请求格式错误", [violation("X-Channel", "R-ENUM", `请求头 X-Channel 的值「${raw}」无效，可选：${allowed}`)]);
}

const LONE_SURROGATE = /\p{Cs}/u;

/** Whether the request came from an HTML form (the answer is then a page or a redirect, not JSON). */
export const isFormPost = (event: APIGatewayProxyEventV2) => /^application\/x-www-form-urlencoded\b/i.test(header(event, "content-type") ?? "");

function parseBody(event: APIGatewayProxyEventV2, limit: number, optional = false, forms = false): unknown {
  const raw = event.body ?? "";
  const bytes = event.isBase64Encoded ? Buffer.from(raw, "base64") : Buffer.from(raw, "utf8");
  if (bytes.length > limit) {
    throw new AppError(413, "请求体过大", [
      violation("", "R-TOO-LARGE", `请求体 ${(bytes.length / 1048576).toFixed(1)} MB，超过上限 ${(limit / 1048576).toFixed(1)} MB。照片请通过上传链接提交，批量数据请分批推送`),
    ]);
  }
  const text = bytes.toString("utf8").replace(/^\uFEFF/, "");
  if (forms && isFormPost(event)) {
    const fields: Record<string, string> = {};
    // Empty fields are absent, as a form's unfilled inputs mean "not given".
    for (const [k, v] of new URLSearchParams(text)) if (v.trim() !== "" && !(k in fields)) fields[k] = v;
    return fields;
  }
  if (!text.trim() && optional) return undefined;
  if (!text.trim()) throw new AppError(400, "请求格式错误", [violation("", "R-MALFORMED", "请求体为空，应为一个 JSON 对象")]);
  if (exceedsJsonDepth(text)) {
    throw new AppError(400, "请求格式错误", [violation("", "R-MALFORMED", `请求体的 JSON 嵌套超过 ${MAX_JSON_DEPTH} 层上限，请检查数据结构`)]);
  }
  let loneSurrogate = false;
  try {
    // A "\uD800" escape without its pair is valid JSON but no text: it could not be stored or hashed (RFC 8785).
    const value: unknown = JSON.parse(text, (key, v: unknown) => {
      if (LONE_SURROGATE.test(key) || (typeof v === "string" && LONE_SURROGATE.test(v))) loneSurrogate = true;
      return v;
    });
    if (loneSurrogate) throw new AppError(400, "请求格式错误", [violation("", "R-MALFORMED", "请求体含有不成对的 UTF-16 代理字符（\\uD800–\\uDFFF），不是合法的文字，请删除后重试")]);
    return value;
  } catch (error) {
    if (error instanceof AppError) throw error;
    const at = /position (\d+)/.exec(String(error))?.[1];
    throw new AppError(400, "请求格式错误", [
      violation("", "R-MALFORMED", `请求体不是合法的 JSON${at ? `（第 ${Number(at) + 1} 个字符附近）` : ""}，请检查引号、逗号和括号`),
    ]);
  }
}

function finish(event: APIGatewayProxyEventV2, internal: RequestState, response: Result | null) {
  // No personal data in logs: the route and the role, never e-mails, names or phone numbers (and
  // observability/redact.ts masks any that slip into a message).
  logger().info(`${event.routeKey ?? ""} ${response?.statusCode ?? ""}`.trim(), {
    status: response?.statusCode,
    ms: Date.now() - internal.started,
    role: internal.principal?.role,
  });
  if (response) response.headers = { ...response.headers, "x-correlation-id": internal.correlationId };
}
