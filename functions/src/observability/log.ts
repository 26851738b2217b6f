// The one logger of the functions, the local stack and the tools: structured JSON lines in AWS (the fields
// Powertools for AWS Lambda writes: level, message, timestamp, service, xray_trace_id, error) and a readable
// one-line format on a terminal (LOG_FORMAT=pretty, the default when stdout is a TTY outside Lambda). Written
// here rather than with Powertools' Logger, which added ~20 KB to every bundle for what is a few lines
// (issue 20). Every line carries the request's correlation id and route
// (held per request in AsyncLocalStorage, so concurrent requests on the local server do not mix) and
// passes through redact(): no tokens, e-mails or phone numbers reach a log.
import { AsyncLocalStorage } from "node:async_hooks";
import { type ObservabilitySettings, observabilitySettings } from "../env.js";
import { redact } from "./redact.js";

export type LogFields = Record<string, unknown>;

/** One written entry: a log record or a metric document, after redaction. */
export interface LogEntry {
  kind: "log" | "metric";
  level: string;
  record: LogFields;
  line: string;
}

const requestContext = new AsyncLocalStorage<LogFields>();

/** Runs `fn` with a fresh per-request log context, filled in by addLogContext(). */
export function withLogContext<T>(fn: () => T): T {
  return requestContext.run({}, fn);
}

/** Adds fields (correlation id, route, role) to every later line of the current request. */
export function addLogContext(fields: LogFields): void {
  const store = requestContext.getStore();
  if (store) Object.assign(store, fields);
}

export function currentLogContext(): LogFields {
  return requestContext.getStore() ?? {};
}

let settings: ObservabilitySettings | undefined;
let captured: ((entry: LogEntry) => void) | undefined;

/** LOG_LEVEL, LOG_FORMAT, METRICS and the service name, read once (again after resetLogger()). */
export function current(): ObservabilitySettings {
  return (settings ??= observabilitySettings(process.env));
}

/** Writes one entry in the configured format (or hands it to a capture, in tests). */
export function write(kind: LogEntry["kind"], level: string, fields: LogFields): void {
  const record = redact(fields) as LogFields;
  const { format } = current();
  const line = format === "pretty" ? pretty(kind, level, record) : JSON.stringify(record);
  if (captured) {
    captured({ kind, level, record, line });
    return;
  }
  const stream = level === "ERROR" || level === "CRITICAL" || level === "WARN" ? process.stderr : process.stdout;
  stream.write(`${line}\n`);
}

export type LogLevel = "DEBUG" | "INFO" | "WARN" | "ERROR" | "CRITICAL" | "SILENT";
const SEVERITY: Record<LogLevel, number> = { DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 };

/** An error as a log field: what Powertools writes (name, location, message, stack, cause). */
function errorField(error: Error): LogFields {
  const location = /^\s+at .*?\(?([^\s()]+:\d+:\d+)\)?$/m.exec(error.stack ?? "")?.[1] ?? ""; // the first frame
  return { name: error.name, location, message: error.message, stack: error.stack, ...(error.cause !== undefined ? { cause: error.cause instanceof Error ? errorField(error.cause) : error.cause } : {}) };
}

export class Logger {
  constructor(
    private readonly service: string,
    private level: LogLevel,
  ) {}

  setLogLevel(level: LogLevel): void {
    this.level = level;
  }

  debug(message: string, extra?: LogFields | Error): void {
    this.print("DEBUG", message, extra);
  }
  info(message: string, extra?: LogFields | Error): void {
    this.print("INFO", message, extra);
  }
  warn(message: string, extra?: LogFields | Error): void {
    this.print("WARN", message, extra);
  }
  error(message: string, extra?: LogFields | Error): void {
    this.print("ERROR", message, extra);
  }

  private print(level: LogLevel, message: string, extra: LogFields | Error | undefined): void {
    if (SEVERITY[level] < SEVERITY[this.level]) return;
    const trace = /Root=([^;]+)/.exec(process.env._X_AMZN_TRACE_ID ?? "")?.[1];
    const fields = extra instanceof Error ? { error: errorField(extra) } : extra;
    write("log", level, { level, message, timestamp: new Date().toISOString(), service: this.service, ...(trace ? { xray_trace_id: trace } : {}), ...currentLogContext(), ...fields });
  }
}

let instance: Logger | undefined;

/** The process's logger, created at first use (after the local stack or a test has set the environment). */
export function logger(): Logger {
  if (!instance) {
    const { logLevel, service } = current();
    instance = new Logger(service, logLevel);
  }
  return instance;
}

/** Tests: collect every entry instead of writing it (at least at `level`); returns the collected list. */
export function captureLogs(level = "INFO"): LogEntry[] {
  const entries: LogEntry[] = [];
  resetLogger();
  captured = (entry) => entries.push(entry);
  logger().setLogLevel(level as LogLevel);
  return entries;
}

/** Re-reads LOG_LEVEL, LOG_FORMAT and METRICS at the next line; ends a capture. */
export function resetLogger(): void {
  captured = undefined;
  settings = undefined;
  instance = undefined;
}

/** Whether metric documents are written at all (METRICS=off suppresses them, e.g. on a laptop). */
export function metricsEnabled(): boolean {
  return current().metrics === "emf" && (captured !== undefined || current().logLevel !== "SILENT");
}

const LEVEL_MARK: Record<string, string> = { DEBUG: "debug", INFO: "info ", WARN: "WARN ", ERROR: "ERROR", CRITICAL: "CRIT " };
const QUIET_KEYS = new Set(["level", "message", "timestamp", "service", "correlationId", "sampling_rate", "_aws"]);

/** `12:03:04.120 info  [abc12345] POST /v1/outfalls 201 12ms role=clerk` — one line, for people. */
function pretty(kind: LogEntry["kind"], level: string, record: LogFields): string {
  const time = typeof record.timestamp === "string" ? record.timestamp.slice(11, 23) : new Date().toISOString().slice(11, 23);
  const id = typeof record.correlationId === "string" ? ` [${record.correlationId.slice(0, 8)}]` : "";
  if (kind === "metric") {
    const metrics = (record._aws as { CloudWatchMetrics?: { Metrics: { Name: string }[] }[] })?.CloudWatchMetrics?.[0]?.Metrics ?? [];
    const values = metrics.map((m) => `${m.Name}=${String(record[m.Name])}`).join(" ");
    const dims = Object.entries(record).filter(([k]) => !QUIET_KEYS.has(k) && !metrics.some((m) => m.Name === k));
    return `${time} metric${id} ${values} ${dims.map(([k, v]) => `${k}=${String(v)}`).join(" ")}`.trimEnd();
  }
  const message = String(record.message ?? "");
  const rest = Object.entries(record)
    // the request line's message already says the route and status
    .filter(([k, v]) => !QUIET_KEYS.has(k) && v !== undefined && !((k === "route" || k === "status") && message.includes(String(v))))
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
  return [`${time} ${LEVEL_MARK[level] ?? level}${id} ${message}`, ...rest].join(" ");
}
