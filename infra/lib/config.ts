// Deployment settings, read from CDK context (cdk.json defaults, overridden with `--context key=value`).
// Everything a district changes lives here; the stack never reads process.env itself, so a synth is
// reproducible from the context alone. See infra/README.md for what each value means.
import type { Node } from "constructs";
import { CdkEnv, readEnv } from "../../functions/src/env.js";

export type Stage = "dev" | "prod";

export interface LedgerConfig {
  stage: Stage;
  /** Target region; undefined → the CLI profile's region, else an environment-agnostic template. */
  region?: string;
  /** Target account; undefined → the CLI's default account, else environment-agnostic. */
  account?: string;
  /** OpenID issuer checked by API Gateway's JWT authorizer and again by the functions. */
  authIssuer: string;
  /** Audience: the Sheets add-on's OAuth client id (Google) or the client id at the configured issuer. */
  authAudience: string;
  /** True when `googleClientId` was not given (dev placeholder). */
  authAudienceIsPlaceholder: boolean;
  /** JWKS URL the functions fetch keys from (API Gateway discovers its own from the issuer). */
  authJwksUrl: string;
  /** EventBridge Scheduler expression of the weekly digest, evaluated in Asia/Shanghai. */
  digestCron: string;
  /** Verified SES sender of the digest; undefined: the digest is not mailed (archive and sheet only). */
  digestFrom?: string;
  /** Coordinator addresses receiving the digest (required with digestFrom). */
  digestTo: string[];
  /** Google spreadsheet the digest is written into (needs the service-account secret filled). */
  digestSpreadsheetId?: string;
  /** Alarm notifications by e-mail (optional: subscribe later in the console). */
  alarmEmail?: string;
  /** Default stage throttle of the HTTP API (steady requests per second and burst). */
  apiRateLimit: number;
  apiBurstLimit: number;
}

export const GOOGLE_ISSUER = "https://accounts.google.com";
export const GOOGLE_JWKS_URL = "https://www.googleapis.com/oauth2/v3/certs";
/** Monday 08:00 (Asia/Shanghai): the digest is on coordinators' desks when the week starts. */
export const DEFAULT_DIGEST_CRON = "cron(0 8 ? * MON *)";
export const PLACEHOLDER_CLIENT_ID = "placeholder-set-googleClientId.apps.googleusercontent.com";

type Context = Pick<Node, "tryGetContext">;

function text(node: Context, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null) return undefined;
  const s = String(value).trim();
  return s === "" ? undefined : s;
}

function positiveInt(node: Context, key: string, fallback: number): number {
  const raw = text(node, key);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`context ${key}=${raw}: expected a positive integer`);
  return n;
}

function list(node: Context, key: string): string[] {
  const value: unknown = node.tryGetContext(key);
  const items = Array.isArray(value) ? value.map(String) : (text(node, key) ?? "").split(/[,;\s]+/);
  return items.map((s) => s.trim()).filter(Boolean);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function httpsUrl(key: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`context ${key}=${value}: not a URL`);
  }
  if (url.protocol !== "https:") throw new Error(`context ${key}=${value}: must be an https URL`);
  return value;
}

/**
 * Reads and validates the context. `env` supplies the CLI's defaults (CDK_DEFAULT_ACCOUNT / _REGION) so
 * tests can pass an empty object and stay independent of the machine.
 */
export function readConfig(node: Context, raw: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const env = readEnv(CdkEnv, raw);
  const stage = text(node, "stage") ?? "dev";
  if (stage !== "dev" && stage !== "prod") throw new Error(`context stage=${stage}: expected dev or prod`);

  const region = text(node, "region") ?? env.CDK_DEFAULT_REGION;
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new Error(`context region=${region}: not a region name`);
  const account = text(node, "account") ?? env.CDK_DEFAULT_ACCOUNT;
  if (account !== undefined && !/^\d{12}$/.test(account)) throw new Error(`context account=${account}: expected 12 digits`);

  const clientId = text(node, "googleClientId");
  if (!clientId && stage === "prod") {
    throw new Error(
      "context googleClientId is required for stage=prod: the OAuth client id of the Sheets add-on " +
        "(…apps.googleusercontent.com), or the client id at your own issuer (authIssuer). See infra/README.md.",
    );
  }

  const digestCron = text(node, "digestCron") ?? DEFAULT_DIGEST_CRON;
  if (!/^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$/.test(digestCron)) {
    throw new Error(`context digestCron=${digestCron}: expected an EventBridge Scheduler cron such as ${DEFAULT_DIGEST_CRON}`);
  }

  const digestFrom = text(node, "digestFrom");
  const digestTo = list(node, "digestTo");
  for (const address of [...(digestFrom ? [digestFrom] : []), ...digestTo]) {
    if (!EMAIL.test(address)) throw new Error(`context digestFrom/digestTo: "${address}" is not an e-mail address`);
  }
  if (Boolean(digestFrom) !== digestTo.length > 0) {
    throw new Error("context digestFrom and digestTo go together: the digest is mailed from the one to the others (or give neither)");
  }
  const digestSpreadsheetId = text(node, "digestSpreadsheetId");
  if (digestSpreadsheetId !== undefined && !/^[\w-]{20,100}$/.test(digestSpreadsheetId)) {
    throw new Error(`context digestSpreadsheetId=${digestSpreadsheetId}: expected the id from the sheet's URL (…/spreadsheets/d/<id>/edit)`);
  }
  const alarmEmail = text(node, "alarmEmail");
  if (alarmEmail !== undefined && !EMAIL.test(alarmEmail)) throw new Error(`context alarmEmail=${alarmEmail}: not an e-mail address`);

  return {
    stage,
    region,
    account,
    authIssuer: httpsUrl("authIssuer", text(node, "authIssuer") ?? GOOGLE_ISSUER),
    authAudience: clientId ?? PLACEHOLDER_CLIENT_ID,
    authAudienceIsPlaceholder: !clientId,
    authJwksUrl: httpsUrl("authJwksUrl", text(node, "authJwksUrl") ?? GOOGLE_JWKS_URL),
    digestCron,
    digestFrom,
    digestTo,
    digestSpreadsheetId,
    alarmEmail,
    apiRateLimit: positiveInt(node, "apiRateLimit", 50),
    apiBurstLimit: positiveInt(node, "apiBurstLimit", 100),
  };
}
