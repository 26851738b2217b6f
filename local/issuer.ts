// The embedded stack is its own token issuer: an ES256 key pair kept in the data folder, so tokens
// minted by `npm run token` stay valid across restarts (on the same address). The issuer is the local API's
// address, where local/oidc.ts serves the discovery document, JWKS and the sign-in flow. In AWS, Google or
// the district's own provider issues the tokens instead.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type JWK, SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from "jose";

/** Until the server listens (tests that mint without a server): replaced by the API's address. */
export const LOCAL_ISSUER = "https://issuer.outfall-ledger.local";
export const LOCAL_AUDIENCE = "outfall-ledger-local";
/** Client ids the local provider knows: scripts and the workbook, and the web app. Each is an accepted audience. */
export const LOCAL_CLIENTS = [LOCAL_AUDIENCE, "outfall-ledger-web"];

export interface LocalIssuer {
  issuer: string;
  audience: string;
  privateJwk: JWK;
  /** JWKS JSON with the public key, for AUTH_JWKS_JSON. */
  jwks: string;
}

export async function loadOrCreateIssuer(dataDir: string): Promise<LocalIssuer> {
  const dir = join(dataDir, "issuer");
  const file = join(dir, "signing-key.json");
  let privateJwk: JWK;
  if (existsSync(file)) {
    privateJwk = JSON.parse(readFileSync(file, "utf8")) as JWK;
  } else {
    const { privateKey } = await generateKeyPair("ES256", { extractable: true });
    privateJwk = await exportJWK(privateKey);
    privateJwk.kid = await calculateJwkThumbprint(privateJwk);
    privateJwk.alg = "ES256";
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify(privateJwk), { mode: 0o600 });
  }
  const { d: _secret, ...publicJwk } = privateJwk;
  return { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, privateJwk, jwks: JSON.stringify({ keys: [publicJwk] }) };
}

/** The issuer as AUTH_ISSUERS lists it (functions/src/http/auth.ts). */
export const issuerConfig = (issuer: LocalIssuer) => ({ issuer: issuer.issuer, audiences: LOCAL_CLIENTS, jwks: JSON.parse(issuer.jwks), kind: "local" });

/** A token shaped like a Google identity token: iss, aud, sub, email, email_verified (and nonce, name from the sign-in flow). */
export async function mintToken(
  issuer: Pick<LocalIssuer, "issuer" | "audience" | "privateJwk">,
  email: string,
  ttlSeconds = 12 * 3600,
  extra: { audience?: string; nonce?: string; name?: string } = {},
): Promise<string> {
  const key = await importJWK(issuer.privateJwk, "ES256");
  const { audience = issuer.audience, ...claims } = extra;
  return new SignJWT({ email, email_verified: true, ...claims })
    .setProtectedHeader({ alg: "ES256", kid: issuer.privateJwk.kid, typ: "JWT" })
    .setIssuer(issuer.issuer)
    .setAudience(audience)
    .setSubject(email)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key);
}
