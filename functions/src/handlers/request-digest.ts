import { requestDigest } from "../app/digests.js";
import { InvalidInput } from "../app/errors.js";
import { channels } from "../delivery-config.js";
import { violationsFromZod } from "../domain/violations.js";
import { api } from "../http/api.js";
import { json } from "../http/responses.js";
import * as z from "zod/mini";

const Body = z.strictObject({ deliver: z.optional(z.boolean()) });

/** POST /v1/digests: a coordinator builds a digest now; `{ "deliver": true }` also sends it out. */
export const handler = api({ bodyLimit: 4096, bodyOptional: true }, async ({ deps, principal, body }) => {
  const parsed = Body.safeParse(body ?? {}, { reportInput: true });
  if (!parsed.success) throw new InvalidInput(violationsFromZod(parsed.error));
  return json(201, await requestDigest(deps, principal, parsed.data.deliver ? channels() : undefined));
});
