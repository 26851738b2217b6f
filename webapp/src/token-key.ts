/** Test hook of auth.ts: a bearer token placed in sessionStorage under this key is used as it is. */
export const TEST_TOKEN_KEY = "outfall-ledger.token";
