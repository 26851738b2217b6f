// X-Ray without the X-Ray SDK: the function's own segment comes from active tracing (infra/lib/
// ledger-function.ts); this adds a subsegment per AWS SDK call (DynamoDB, S3, SES, Secrets Manager), sent
// on its own to the X-Ray daemon Lambda runs beside the function (UDP, AWS_XRAY_DAEMON_ADDRESS) under the
// invocation's trace (_X_AMZN_TRACE_ID), so "why was this push slow" is answered in the trace map. Powertools'
// Tracer did the same through aws-xray-sdk-core, which put ~120 KB into every bundle (issue 20). Outside
// Lambda, or when the invocation is not sampled, nothing is sent.
import { randomBytes } from "node:crypto";
import { type Socket, createSocket } from "node:dgram";

/** The invocation's trace: Lambda sets `Root=1-…;Parent=…;Sampled=1` for each invocation. */
export interface TraceHeader {
  root: string;
  parent: string;
  sampled: boolean;
}

export function parseTraceHeader(raw: string | undefined): TraceHeader | undefined {
  if (!raw) return undefined;
  const parts = Object.fromEntries(raw.split(";").map((p) => p.split("=").map((s) => s.trim()) as [string, string]));
  if (!parts.Root || !parts.Parent) return undefined;
  return { root: parts.Root, parent: parts.Parent, sampled: parts.Sampled === "1" };
}

/** Where the daemon listens (`169.254.79.129:2000` in Lambda); undefined outside Lambda or with tracing off. */
function daemon(env: NodeJS.ProcessEnv = process.env): { host: string; port: number } | undefined {
  if (!env.AWS_LAMBDA_FUNCTION_NAME || env.POWERTOOLS_TRACE_ENABLED === "false") return undefined;
  const address = env.AWS_XRAY_DAEMON_ADDRESS?.split(" ").find((a) => !a.startsWith("tcp:"))?.replace(/^udp:/, "");
  const [host, port] = address?.split(":") ?? [];
  return host && port ? { host, port: Number(port) } : undefined;
}

let socket: Socket | undefined;

/** Sends one segment document to the daemon (fire and forget: tracing never fails a request). */
function send(to: { host: string; port: number }, document: object): void {
  socket ??= createSocket("udp4").unref();
  socket.send(`{"format": "json", "version": 1}\n${JSON.stringify(document)}`, to.port, to.host, () => undefined);
}

interface SdkContext {
  clientName?: string;
  commandName?: string;
}
interface SdkMetadata {
  httpStatusCode?: number;
  requestId?: string;
  attempts?: number;
}
type Handler = (args: unknown) => Promise<{ output?: { $metadata?: SdkMetadata } }>;
interface MiddlewareStack {
  add(middleware: (next: Handler, context: SdkContext) => Handler, options: { step: "initialize"; name: string; override?: boolean }): void;
}

/** A subsegment document for one SDK call (X-Ray segment documents: namespace "aws", operation, status). */
export function sdkSubsegment(
  trace: TraceHeader,
  call: { service: string; operation: string; region?: string; start: number; end: number; meta?: SdkMetadata; error?: { name?: string } },
  id = randomBytes(8).toString("hex"),
): Record<string, unknown> {
  const status = call.meta?.httpStatusCode;
  return {
    type: "subsegment",
    id,
    trace_id: trace.root,
    parent_id: trace.parent,
    name: call.service,
    namespace: "aws",
    start_time: call.start / 1000,
    end_time: call.end / 1000,
    aws: {
      operation: call.operation,
      ...(call.region ? { region: call.region } : {}),
      ...(call.meta?.requestId ? { request_id: call.meta.requestId } : {}),
      ...(call.meta?.attempts ? { retries: call.meta.attempts - 1 } : {}),
    },
    ...(status ? { http: { response: { status } } } : {}),
    // 4xx is the caller's error (429 also a throttle), 5xx and no answer at all a fault.
    ...(call.error ? (status && status < 500 ? { error: true, ...(status === 429 ? { throttle: true } : {}) } : { fault: true }) : {}),
    ...(call.error ? { cause: { exceptions: [{ id: randomBytes(8).toString("hex"), type: call.error.name ?? "Error" }] } } : {}),
  };
}

/** The same client, its calls recorded as X-Ray subsegments when the function runs traced in Lambda. */
export function traced<T>(client: T, env: NodeJS.ProcessEnv = process.env): T {
  const to = daemon(env);
  const stack = (client as { middlewareStack?: MiddlewareStack }).middlewareStack;
  if (!to || !stack) return client;
  stack.add(
    (next, context) => async (args) => {
      const trace = parseTraceHeader(process.env._X_AMZN_TRACE_ID);
      if (!trace?.sampled) return next(args);
      const start = Date.now();
      const call = {
        service: (context.clientName ?? "AWS").replace(/Client$/, "").replace(/^DynamoDBDocument$/, "DynamoDB"),
        operation: (context.commandName ?? "").replace(/Command$/, ""),
        region: env.AWS_REGION,
        start,
      };
      try {
        const result = await next(args);
        send(to, sdkSubsegment(trace, { ...call, end: Date.now(), ...(result.output?.$metadata ? { meta: result.output.$metadata } : {}) }));
        return result;
      } catch (error) {
        const e = error as { name?: string; $metadata?: SdkMetadata };
        send(to, sdkSubsegment(trace, { ...call, end: Date.now(), error: e, ...(e.$metadata ? { meta: e.$metadata } : {}) }));
        throw error;
      }
    },
    { step: "initialize", name: "ledgerXRaySubsegments", override: true },
  );
  return client;
}
