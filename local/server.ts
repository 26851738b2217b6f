// Turns HTTP requests into API Gateway v2 (HTTP API, payload 2.0) events for the very same Lambda
// handlers that run in AWS, and their results back into HTTP responses.
import { randomUUID } from "node:crypto";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import { type Runtime, withRuntime } from "../functions/src/config.js";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { logger } from "../functions/src/observability/log.js";
import { ROUTES, type Route } from "../functions/src/routes.js";
import { serveApp } from "./app-static.js";

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** API Gateway refuses bodies over 10 MB before any Lambda runs. */
const GATEWAY_BODY_LIMIT = 10 * 1024 * 1024;

interface CompiledRoute extends Route {
  pattern: RegExp;
  params: string[];
  run: Handler;
}

export async function loadRoutes(): Promise<CompiledRoute[]> {
  return Promise.all(
    ROUTES.map(async (route) => {
      const params: string[] = [];
      const source = route.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{(\w+)\\?\}|\{(\w+)\}/g, (_m, a, b) => {
        params.push(a ?? b);
        return "([^/]+)";
      });
      const module = (await import(`../functions/src/handlers/${route.handler}.ts`)) as { handler: Handler };
      return { ...route, pattern: new RegExp(`^${source}$`), params, run: module.handler };
    }),
  );
}

function notFound(res: ServerResponse, message: string, status = 404) {
  res.writeHead(status, { "content-type": "application/problem+json; charset=utf-8" });
  res.end(JSON.stringify({ type: "about:blank", title: message, status, detail: message, errors: [{ field: "", rule: "R-NOT-FOUND", message }] }));
}

async function readBody(req: IncomingMessage): Promise<Buffer | "too-large"> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > GATEWAY_BODY_LIMIT) return "too-large";
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function toEvent(req: IncomingMessage, url: URL, route: CompiledRoute, match: RegExpExecArray, body: Buffer): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(",") : v;
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const pathParameters = Object.fromEntries(route.params.map((p, i) => [p, match[i + 1]!]));
  const now = new Date();
  const requestId = randomUUID();
  const text = body.length === 0 || isText(headers["content-type"]);
  return {
    version: "2.0",
    routeKey: `${route.method} ${route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(route.params.length ? { pathParameters } : {}),
    requestContext: {
      accountId: "local",
      apiId: "local",
      domainName: headers.host ?? "localhost",
      domainPrefix: "localhost",
      http: { method: req.method!, path: url.pathname, protocol: `HTTP/${req.httpVersion}`, sourceIp: sourceIp(req, headers), userAgent: headers["user-agent"] ?? "" },
      requestId,
      routeKey: `${route.method} ${route.path}`,
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length ? { body: text ? body.toString("utf8") : body.toString("base64") } : {}),
    isBase64Encoded: !text,
  };
}

/** Like API Gateway's view of the caller's address. A client on this machine may name another one in
 *  X-Forwarded-For (a local reverse proxy, or tests acting as several clients); remote clients may not. */
function sourceIp(req: IncomingMessage, headers: Record<string, string>): string {
  const remote = req.socket.remoteAddress ?? "127.0.0.1";
  const loopback = remote === "127.0.0.1" || remote === "::1" || remote === "::ffff:127.0.0.1";
  const forwarded = headers["x-forwarded-for"]?.split(",")[0]?.trim();
  return loopback && forwarded && /^[0-9a-fA-F.:]{2,45}$/.test(forwarded) ? forwarded : remote;
}

const isText = (type: string | undefined) => !type || /json|text|xml|x-www-form-urlencoded/i.test(type);

function lambdaContext(route: CompiledRoute, requestId: string): Context {
  const deadline = Date.now() + 29_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `local-${route.handler}`,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:local-${route.handler}`,
    memoryLimitInMB: "512",
    awsRequestId: requestId,
    logGroupName: `/local/${route.handler}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Paths served beside the API (the local OIDC provider): true when handled. */
export type SideHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

/**
 * `stackRuntime`: the runtime of the stack this server belongs to, once built; without it the handlers use
 * the process's runtime (functions/src/config.ts). Test runners start one stack per project in one process.
 */
export async function startApiServer(
  port: number,
  host = "127.0.0.1",
  side?: SideHandler,
  stackRuntime?: () => Runtime | undefined,
): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const routes = await loadRoutes();
  const server = createServer((req, res) => withRuntime(stackRuntime?.(), () => serve(req, res)));
  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
      if (side && (await side(req, res, url))) return;
      if ((url.pathname === "/app" || url.pathname.startsWith("/app/")) && (req.method === "GET" || req.method === "HEAD") && serveApp(url.pathname, res, req.headers["accept-encoding"])) return;
      const candidates = routes.map((r) => [r, r.pattern.exec(url.pathname)] as const).filter(([, m]) => m);
      const hit = candidates.find(([r]) => r.method === req.method);
      if (!hit) {
        req.resume();
        return notFound(res, candidates.length ? `不支持的请求方法 ${req.method}` : `没有这个接口：${url.pathname}`, candidates.length ? 405 : 404);
      }
      const [route, match] = hit;
      const body = await readBody(req);
      if (body === "too-large") {
        res.writeHead(413, { "content-type": "application/json", connection: "close" });
        res.end(JSON.stringify({ message: "Request Entity Too Large" }));
        req.destroy();
        return;
      }
      const event = toEvent(req, url, route, match!, body);
      const result = await route.run(event, lambdaContext(route, event.requestContext.requestId));
      const payload = result.body === undefined ? "" : result.isBase64Encoded ? Buffer.from(result.body, "base64") : result.body;
      res.writeHead(result.statusCode ?? 200, { ...(result.headers as Record<string, string>), ...(result.cookies?.length ? { "set-cookie": result.cookies } : {}) });
      res.end(payload);
    } catch (error) {
      // A handler throwing past middy is a bug; answer like API Gateway does.
      logger().error("handler threw past the middleware", error as Error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: "Internal Server Error" }));
    }
  };
  // Node closes idle keep-alive sockets after 5 s; a client whose own idle timer runs late (a busy machine)
  // then sends on a socket the server has just closed ("other side closed"). Keep them open like API
  // Gateway's front end does (idle timeout of about a minute); headersTimeout must exceed it.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  return {
    server,
    url: `http://${host === "0.0.0.0" ? "localhost" : host}:${actualPort}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
