/** Where signed manifests of the chain heads are kept: write-once (S3 Object Lock in compliance mode in
 *  AWS, a folder locally). */
export interface AnchorStore {
  /** Stores a manifest; false when one of that name already exists (nothing is overwritten). */
  put(name: string, body: string): Promise<boolean>;
  list(): Promise<string[]>;
  get(name: string): Promise<string>;
}

/** Signs manifests (Ed25519). */
export interface AnchorSigner {
  /** SHA-256 of the public key (SPKI DER), hex. */
  keyId: string;
  sign(data: Buffer): string;
  verify(data: Buffer, signature: string): boolean;
}
