import { issueBulletin } from "../app/bulletins.js";
import { InvalidInput } from "../app/errors.js";
import { channels } from "../delivery-config.js";
import { violationsFromZod } from "../domain/violations.js";
import { api } from "../http/api.js";
import { parseIfMatch, pathParam } from "../http/params.js";
import { withVersion } from "../http/responses.js";
import * as z from "zod/mini";

const Body = z.strictObject({ deliver: z.optional(z.boolean()) });

/** POST /v1/bulletins/{id}/issue: 第 N 期, frozen; a retry answers the issued bulletin again.
 *  `{ "deliver": true }` also mails it, writes it to the 调度通报 sheet and archives it. */
export const handler = api({ bodyLimit: 1024, bodyOptional: true }, async ({ deps, principal, event, header, body }) => {
  const parsed = Body.safeParse(body ?? {}, { reportInput: true });
  if (!parsed.success) throw new InvalidInput(violationsFromZod(parsed.error));
  const id = pathParam(event.pathParameters, "id");
  return withVersion(await issueBulletin(deps, principal, id, parseIfMatch(header("if-match")), parsed.data.deliver ? channels() : undefined));
});
