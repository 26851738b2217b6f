// Where anchors go and which key signs them, from environment variables. Only the anchor function and the
// verify-history tool import this module.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { generateKeyPairSync } from "node:crypto";
import { ed25519Signer } from "./adapters/anchor-signer.js";
import { FileAnchorStore } from "./adapters/file/anchor-store.js";
import { S3AnchorStore } from "./adapters/s3/anchor-store.js";
import { s3Client } from "./adapters/s3/photo-store.js";
import { AnchorEnv, readEnv } from "./env.js";
import type { AnchorSigner, AnchorStore } from "./ports/anchors.js";

type AnchorSettings = ReturnType<typeof readEnv<typeof AnchorEnv>>;

export interface AnchorConfig {
  store: AnchorStore;
  signer(): Promise<AnchorSigner>;
}

/**
 * ANCHOR_BUCKET (AWS: the Object Lock bucket) or ANCHOR_DIR (locally: a folder); the signing key as PEM in
 * ANCHOR_SIGNING_KEY, in the Secrets Manager secret ANCHOR_SIGNING_KEY_SECRET (AWS), or in the file
 * ANCHOR_KEY_FILE, created on first use (local only).
 */
export function anchorConfig(raw: NodeJS.ProcessEnv = process.env): AnchorConfig {
  const env = readEnv(AnchorEnv, raw);
  const store = env.ANCHOR_BUCKET
    ? new S3AnchorStore(s3Client(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT } : {}), env.ANCHOR_BUCKET)
    : env.ANCHOR_DIR
      ? new FileAnchorStore(env.ANCHOR_DIR)
      : undefined;
  if (!store) throw new Error("set ANCHOR_BUCKET (AWS) or ANCHOR_DIR (local) for the history anchors");
  let signer: Promise<AnchorSigner> | undefined;
  return {
    store,
    signer: () => (signer ??= loadKey(env).then(ed25519Signer)),
  };
}

async function loadKey(env: AnchorSettings): Promise<string> {
  if (env.ANCHOR_SIGNING_KEY) return env.ANCHOR_SIGNING_KEY;
  if (env.ANCHOR_SIGNING_KEY_SECRET) {
    const { SecretsManagerClient, GetSecretValueCommand } = await import("@aws-sdk/client-secrets-manager");
    const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: env.ANCHOR_SIGNING_KEY_SECRET }));
    if (!out.SecretString) throw new Error("the anchor signing key secret is empty: store an Ed25519 private key (PEM) in it");
    return out.SecretString;
  }
  if (env.ANCHOR_KEY_FILE) {
    if (!existsSync(env.ANCHOR_KEY_FILE)) {
      const { privateKey } = generateKeyPairSync("ed25519");
      mkdirSync(dirname(env.ANCHOR_KEY_FILE), { recursive: true });
      writeFileSync(env.ANCHOR_KEY_FILE, privateKey.export({ type: "pkcs8", format: "pem" }), { flag: "wx", mode: 0o600 });
    }
    return readFileSync(env.ANCHOR_KEY_FILE, "utf8");
  }
  throw new Error("set ANCHOR_SIGNING_KEY_SECRET (AWS) or ANCHOR_KEY_FILE (local) for the anchor signing key");
}
