// Every environment variable the system reads, as zod schemas: the functions (runtime, digest delivery,
// observability), the local stack and the tools. Each is read once by its consumer through readEnv(), which
// fails at start with a Chinese and English message naming the variable. README.md § Configuration lists
// them all (test/unit/env.test.ts keeps the two in step).
import * as z from "zod/mini";
import { DEFAULT_SERVICE } from "./observability/metric-names.js";

/** A bad or missing variable: the message names it, in Chinese and English. */
export class ConfigError extends Error {
  constructor(readonly variables: string[], message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** "zh | en": the two halves of a message. */
const say = (zh: string, en: string) => `${zh} | ${en}`;

// An empty variable counts as unset (`FOO= npm start` is how shells unset one for a command).
const opt = <T extends z.ZodMiniType>(schema: T) => z.pipe(z.transform((v) => (v === "" ? undefined : v)), z.optional(schema));
const req = <T extends z.ZodMiniType>(schema: T) => z.pipe(z.transform((v) => (v === "" ? undefined : v)), schema);

const text = z.string().check(z.trim(), z.minLength(1));
const httpUrl = z.string().check(z.trim(), z.refine((v) => /^https?:\/\/[^\s/]+/.test(v), say("应为 http(s) 地址", "must be an http(s) URL")));
const email = z.string().check(z.trim(), z.regex(/^[^@\s]+@[^@\s]+$/, say("应为电子邮箱地址", "must be an e-mail address")));
const emailList = z.pipe(z.string(), z.transform((v) => v.split(",").map((a) => a.trim()).filter(Boolean))).check(z.refine((list) => list.every((a) => /^[^@\s]+@[^@\s]+$/.test(a)), say("应为逗号分隔的电子邮箱地址", "must be comma-separated e-mail addresses")));
const jsonText = z.string().check(z.refine((v) => {
  try {
    JSON.parse(v);
    return true;
  } catch {
    return false;
  }
}, say("应为 JSON", "must be JSON")));
const wholeNumber = (min: number, max: number) =>
  z.pipe(z.string().check(z.trim(), z.refine((v) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max, say(`应为 ${min}–${max} 的整数`, `must be a whole number from ${min} to ${max}`))), z.transform(Number));
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.pipe(z.string().check(z.trim(), z.toLowerCase()), z.enum(values, { error: say(`可选值：${values.join("、")}`, `must be one of ${values.join(", ")}`) }));

/** The HTTP functions (functions/src/config.ts): storage, identity, reference data. */
export const FunctionEnv = z.object({
  TABLE_NAME: req(text),
  /** Every trusted issuer as a JSON array (functions/src/http/auth.ts IssuerConfig); adds to AUTH_ISSUER. */
  AUTH_ISSUERS: opt(jsonText),
  /** One issuer the simple way (AUTH_AUDIENCE may list several client ids, comma-separated). */
  AUTH_ISSUER: opt(text),
  AUTH_AUDIENCE: opt(text),
  AUTH_JWKS_URL: opt(httpUrl),
  AUTH_JWKS_JSON: opt(jsonText),
  AUTH_MAX_TOKEN_AGE_SECONDS: opt(wholeNumber(60, 604800)),
  BUCKET_NAME: opt(text),
  DYNAMODB_ENDPOINT: opt(httpUrl),
  S3_ENDPOINT: opt(httpUrl),
  REFERENCE_DIR: opt(text),
  AWS_REGION: opt(text),
  /** Test-only fault injection (adapters/dynamodb/faults.ts); ignored inside Lambda. */
  FAULT_PLAN: opt(text),
  /** Public pages' address printed in signboard QR codes (https://…); unset: the address a request came to. */
  PUBLIC_BASE_URL: opt(httpUrl),
});
export type FunctionEnv = z.output<typeof FunctionEnv>;

/** Digest delivery (functions/src/delivery-config.ts). */
export const DeliveryEnv = z.object({
  OUTBOX_DIR: opt(text),
  DIGEST_FROM: opt(email),
  DIGEST_TO: opt(emailList),
  DIGEST_SPREADSHEET_ID: opt(text),
  GOOGLE_SERVICE_ACCOUNT_JSON: opt(text),
  GOOGLE_SERVICE_ACCOUNT_SECRET_ARN: opt(z.string().check(z.trim(), z.regex(/^arn:aws[\w-]*:secretsmanager:/, say("应为 Secrets Manager 的 ARN", "must be a Secrets Manager ARN")))),
  SES_ENDPOINT: opt(httpUrl),
  SHEETS_ROOT_URL: opt(httpUrl),
  // The digest archive shares the functions' bucket and S3 endpoint.
  ...z.pick(FunctionEnv, { BUCKET_NAME: true, S3_ENDPOINT: true }).shape,
});
export type DeliveryEnv = z.output<typeof DeliveryEnv>;

/** Logs and metrics (functions/src/observability). */
export const ObservabilityEnv = z.object({
  LOG_LEVEL: opt(oneOf(["debug", "info", "warn", "error", "silent"])),
  LOG_FORMAT: opt(oneOf(["json", "pretty"])),
  METRICS: opt(oneOf(["emf", "off"])),
  POWERTOOLS_SERVICE_NAME: opt(text),
  AWS_LAMBDA_FUNCTION_NAME: opt(text),
});

/** History anchors (functions/src/anchor-config.ts): the anchor function and `npm run verify-history`. */
export const AnchorEnv = z.object({
  ANCHOR_BUCKET: opt(text),
  ANCHOR_DIR: opt(text),
  ANCHOR_SIGNING_KEY: opt(text),
  ANCHOR_SIGNING_KEY_SECRET: opt(text),
  ANCHOR_KEY_FILE: opt(text),
  ...z.pick(FunctionEnv, { S3_ENDPOINT: true }).shape,
});

/** The local stack (local/start.ts, local/token.ts). */
export const LocalEnv = z.object({
  DATA_DIR: opt(text),
  ANCHOR_INTERVAL_MINUTES: opt(wholeNumber(0, 10080)),
  PORT: opt(wholeNumber(0, 65535)),
  DIGEST_INTERVAL_MINUTES: opt(wholeNumber(0, 10080)),
  // The field app's base layer at /app/ (local/app-static.ts); unset = the tile-less map from reference data.
  APP_BASE_LAYER_URL: opt(z.string().check(z.trim(), z.regex(/^https:\/\/[^/\s]+\/\S*$/, say("应为 https 瓦片地址模板", "must be an https tile URL template")))),
  APP_BASE_LAYER_DATUM: opt(oneOf(["wgs84", "gcj02"])),
  APP_BASE_LAYER_ATTRIBUTION: opt(text),
  APP_BASE_LAYER_SUBDOMAINS: opt(text),
});

/** The Excel/WPS workbook tool (workbook/src/commands.ts). */
export const WorkbookEnv = z.object({
  LEDGER_API_URL: opt(httpUrl),
  LEDGER_TOKEN: opt(text),
  /** Where `npm run workbook -- login` keeps the personal token (default ~/.config/outfall-ledger/credentials.json). */
  LEDGER_CREDENTIALS_FILE: opt(text),
});

/** The add-on build (sheets-addon/build.ts). */
export const AddonBuildEnv = z.object({
  ADDON_URL_WHITELIST: opt(z.pipe(z.string(), z.transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean)))),
});

/** The CDK app (infra/lib/config.ts): set by the cdk CLI from the caller's AWS profile. */
export const CdkEnv = z.object({
  CDK_DEFAULT_ACCOUNT: opt(z.string().check(z.trim(), z.regex(/^\d{12}$/, say("应为 12 位 AWS 账号", "must be a 12-digit AWS account id")))),
  CDK_DEFAULT_REGION: opt(z.string().check(z.trim(), z.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, say("应为 AWS 区域，如 cn-north-1", "must be an AWS region such as cn-north-1")))),
});

/** Reads one group of variables once; a wrong one stops the start with its name in both languages. */
export function readEnv<T extends z.ZodMiniObject>(schema: T, env: Record<string, string | undefined> = process.env): z.output<T> {
  const picked = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, env[k]]));
  const parsed = schema.safeParse(picked);
  if (parsed.success) return parsed.data;
  const names: string[] = [];
  const zh: string[] = [];
  const en: string[] = [];
  for (const issue of parsed.error.issues) {
    const name = String(issue.path[0] ?? "?");
    if (names.includes(name)) continue;
    names.push(name);
    const unset = picked[name] === undefined || picked[name] === "";
    const [zhText, enText = zhText] = unset ? ["未设置", "is not set"] : issue.message.split(" | ");
    zh.push(`环境变量 ${name} ${unset ? "" : `的值无效，`}${zhText}`);
    en.push(`environment variable ${name} ${unset ? enText : `is invalid: ${enText}`}`);
  }
  return fail(names, `${zh.join("；")}（见 README.md「Configuration」）\n${en.join("; ")} (see README.md, Configuration)`);
}

function fail(names: string[], message: string): never {
  throw new ConfigError(names, message);
}

/** For command-line entry points: the message alone (no stack) and exit code 2 on a bad variable. */
export function readEnvOrExit<T extends z.ZodMiniObject>(schema: T, env: Record<string, string | undefined> = process.env): z.output<T> {
  try {
    return readEnv(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return process.exit(2);
  }
}

export interface ObservabilitySettings {
  logLevel: "DEBUG" | "INFO" | "WARN" | "ERROR" | "SILENT";
  format: "json" | "pretty";
  metrics: "emf" | "off";
  service: string;
}

/** JSON in AWS and in pipes; one readable line per entry on a terminal, unless LOG_FORMAT says otherwise. */
export function observabilitySettings(env: Record<string, string | undefined> = process.env, tty = Boolean(process.stdout.isTTY)): ObservabilitySettings {
  const e = readEnv(ObservabilityEnv, env);
  return {
    logLevel: (e.LOG_LEVEL ?? "info").toUpperCase() as ObservabilitySettings["logLevel"],
    format: e.LOG_FORMAT ?? (tty && !e.AWS_LAMBDA_FUNCTION_NAME ? "pretty" : "json"),
    metrics: e.METRICS ?? "emf",
    service: e.POWERTOOLS_SERVICE_NAME ?? DEFAULT_SERVICE,
  };
}
