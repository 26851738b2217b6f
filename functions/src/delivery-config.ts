// Digest delivery channels from environment variables. Only the functions that deliver digests import
// this module, so the mail and Google Sheets clients stay out of every other bundle.
import { readFileSync } from "node:fs";
import { OutboxMailer } from "./adapters/outbox/mailer.js";
import { S3DigestArchive } from "./adapters/s3/digest-archive.js";
import { s3Client } from "./adapters/s3/photo-store.js";
import { svgToPng } from "./adapters/resvg/svg-to-png.js";
import { SesMailer } from "./adapters/ses/mailer.js";
import { type ServiceAccountKey, GoogleDigestSheet } from "./adapters/sheets/digest-sheet.js";
import { DeliveryEnv, readEnv } from "./env.js";
import { METRIC } from "./observability/metric-names.js";
import { count } from "./observability/metrics.js";
import { traced } from "./observability/trace.js";
import type { DeliveryChannels, DigestSheet } from "./ports/digests.js";

export function deliveryChannels(raw: NodeJS.ProcessEnv = process.env): DeliveryChannels {
  const env = readEnv(DeliveryEnv, raw);
  return {
    // Locally mail goes to an outbox folder as .eml files; in AWS through SES.
    mailer: env.OUTBOX_DIR ? new OutboxMailer(env.OUTBOX_DIR) : env.DIGEST_FROM ? new SesMailer(env.SES_ENDPOINT ? { endpoint: env.SES_ENDPOINT } : {}) : undefined,
    from: env.DIGEST_FROM,
    to: env.DIGEST_TO ?? [],
    sheet: env.DIGEST_SPREADSHEET_ID ? lazySheet(env, env.DIGEST_SPREADSHEET_ID) : undefined,
    archive: env.BUCKET_NAME ? new S3DigestArchive(traced(s3Client(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT } : {})), env.BUCKET_NAME) : undefined,
    svgToPng,
    onDelivery: ({ channel, ok }) => {
      count(METRIC.digestDeliveries, { channel, outcome: ok ? "ok" : "failed" });
      if (!ok) count(METRIC.digestDeliveryFailures, {});
    },
  };
}

let cached: DeliveryChannels | undefined;
export const channels = () => (cached ??= deliveryChannels());
/** For tests and the local stack, which configure the process after import. */
export const resetChannels = () => {
  cached = undefined;
};

/** The Sheets writer needs the service-account key: inline JSON or a file path (local), or a Secrets
 *  Manager secret (AWS, filled by the admin). No key configured means no Sheets delivery. */
function lazySheet(env: DeliveryEnv, spreadsheetId: string): () => Promise<DigestSheet | undefined> {
  let writer: Promise<DigestSheet | undefined> | undefined;
  return () =>
    (writer ??= (async () => {
      let raw = env.GOOGLE_SERVICE_ACCOUNT_JSON;
      if (raw && !raw.trim().startsWith("{")) raw = readFileSync(raw, "utf8");
      if (!raw && env.GOOGLE_SERVICE_ACCOUNT_SECRET_ARN) {
        const { SecretsManagerClient, GetSecretValueCommand } = await import("@aws-sdk/client-secrets-manager");
        const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: env.GOOGLE_SERVICE_ACCOUNT_SECRET_ARN }));
        raw = out.SecretString;
      }
      if (!raw?.trim()) return undefined;
      return GoogleDigestSheet.withServiceAccount(spreadsheetId, JSON.parse(raw) as ServiceAccountKey, env.SHEETS_ROOT_URL);
    })().catch((error: unknown) => {
      writer = undefined; // try again at the next digest, e.g. once the admin has filled the secret
      throw error;
    }));
}
