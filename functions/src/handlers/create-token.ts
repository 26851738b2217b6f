import { createToken } from "../app/tokens.js";
import { api } from "../http/api.js";
import { json } from "../http/responses.js";

// The secret is in this answer only: no caching anywhere on the way.
export const handler = api({ bodyLimit: 4 * 1024, bodyOptional: true }, async ({ deps, principal, body }) =>
  json(201, await createToken(deps, principal, body), { "cache-control": "no-store" }),
);
