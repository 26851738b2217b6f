/** A personal token (for tools that cannot do a browser sign-in). The secret itself is never stored. */
export interface PersonalToken {
  id: string;
  /** The owner: requests with the token act as this user. */
  email: string;
  name: string;
  createdAt: string;
  expiresAt: string;
  revokedAt?: string;
  revokedBy?: string;
  /** Updated at most once a minute. */
  lastUsedAt?: string;
}

export interface TokenStore {
  /** Stores a new token with the SHA-256 (hex) of its secret. */
  create(token: PersonalToken, secretHash: string): Promise<void>;
  get(id: string): Promise<{ token: PersonalToken; secretHash: string } | undefined>;
  /** One user's tokens, or everyone's. */
  list(email?: string): Promise<PersonalToken[]>;
  /** Marks the token revoked (the record stays); undefined when there is no such token. */
  revoke(id: string, at: string, by: string): Promise<PersonalToken | undefined>;
  /** Sets last-used to `at` unless it is already later than `notBefore` (a cheap conditional write). */
  touch(id: string, at: string, notBefore: string): Promise<void>;
}
