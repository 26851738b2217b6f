import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import type { AnchorSigner } from "../ports/anchors.js";

/** Ed25519 over the manifest's RFC 8785 form; the key id is the SHA-256 of the public key. */
export function ed25519Signer(privateKeyPem: string): AnchorSigner {
  const privateKey: KeyObject = createPrivateKey(privateKeyPem);
  const publicKey = createPublicKey(privateKey);
  const keyId = createHash("sha256").update(publicKey.export({ type: "spki", format: "der" })).digest("hex");
  return {
    keyId,
    sign: (data) => sign(null, data, privateKey).toString("base64"),
    verify: (data, signature) => {
      try {
        return verify(null, data, publicKey, Buffer.from(signature, "base64"));
      } catch {
        return false;
      }
    },
  };
}
