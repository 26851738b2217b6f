// Deployment settings, read from CDK context (cdk.json defaults, overridden with `--context key=value`).
// Everything a district changes lives here; the stack never reads process.env itself, so a synth is
// reproducible from the context alone. See infra/README.md for what each value means.
import type { Node } from "constructs";
import { CdkEnv, readEnv } from "../../functions/src/env.js";
import { type IssuerConfig, IssuerList } from "../../functions/src/http/auth.js";

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
  /** JWKS URL the functions fetch keys from. */
  authJwksUrl: string;
  /** Every issuer the functions trust (AUTH_ISSUERS): Google (when on) and the OIDC providers. */
  issuers: IssuerConfig[];
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

function flag(node: Context, key: string, fallback: boolean): boolean {
  const raw = text(node, key);
  if (raw === undefined) return fallback;
  if (raw !== "true" && raw !== "false") throw new Error(`context ${key}=${raw}: expected true or false`);
  return raw === "true";
}

/** `oidcProviders`: a JSON array (CLI string or cdk.json array) of issuers, each with https addresses. */
function oidcProviders(node: Context): IssuerConfig[] {
  const raw: unknown = node.tryGetContext("oidcProviders");
  if (raw === undefined || raw === null || raw === "") return [];
  let value: unknown = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new Error("context oidcProviders: not JSON (expected an array of {issuer, audiences, jwksUrl, emailClaim?, emailDomain?})");
    }
  }
  const parsed = IssuerList.safeParse(value);
  if (!parsed.success) throw new Error(`context oidcProviders: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  for (const p of parsed.data) {
    httpsUrl("oidcProviders.issuer", p.issuer);
    if (!p.jwksUrl) throw new Error(`context oidcProviders: ${p.issuer} needs jwksUrl (inline keys are for tests)`);
    httpsUrl("oidcProviders.jwksUrl", p.jwksUrl);
  }
  return parsed.data as IssuerConfig[];
}

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
  const authIssuer = httpsUrl("authIssuer", text(node, "authIssuer") ?? GOOGLE_ISSUER);
  const authJwksUrl = httpsUrl("authJwksUrl", text(node, "authJwksUrl") ?? GOOGLE_JWKS_URL);
  const providers = oidcProviders(node);
  // Google is off in the China regions (not reachable there) unless the context says otherwise.
  const googleSignIn = flag(node, "googleSignIn", !(region ?? "").startsWith("cn-")) && authIssuer === GOOGLE_ISSUER;
  if (!clientId && stage === "prod" && (googleSignIn || authIssuer !== GOOGLE_ISSUER)) {
    throw new Error(
      "context googleClientId is required for stage=prod: the OAuth client id of the Sheets add-on " +
        "(…apps.googleusercontent.com), or the client id at your own issuer (authIssuer). Without Google, pass googleSignIn=false and oidcProviders. See infra/README.md.",
    );
  }
  const issuers: IssuerConfig[] = [];
  if (googleSignIn) {
    issuers.push({ issuer: GOOGLE_ISSUER, audiences: [clientId ?? PLACEHOLDER_CLIENT_ID, ...list(node, "googleWebClientIds")], jwksUrl: authJwksUrl });
  } else if (authIssuer !== GOOGLE_ISSUER) {
    // The single-issuer form from before AUTH_ISSUERS: authIssuer with googleClientId as its audience.
    issuers.push({ issuer: authIssuer, audiences: [clientId ?? PLACEHOLDER_CLIENT_ID], jwksUrl: authJwksUrl });
  }
  issuers.push(...providers);
  if (!issuers.length) throw new Error("context googleSignIn=false and no oidcProviders: nobody could sign in. Give oidcProviders (infra/README.md, Sign-in).");

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
    authIssuer,
    authAudience: clientId ?? PLACEHOLDER_CLIENT_ID,
    authAudienceIsPlaceholder: !clientId && (googleSignIn || authIssuer !== GOOGLE_ISSUER),
    authJwksUrl,
    issuers,
    digestCron,
    digestFrom,
    digestTo,
    digestSpreadsheetId,
    alarmEmail,
    apiRateLimit: positiveInt(node, "apiRateLimit", 50),
    apiBurstLimit: positiveInt(node, "apiBurstLimit", 100),
  };
}
