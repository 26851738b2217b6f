import { editBulletin } from "../app/bulletins.js";
import { api } from "../http/api.js";
import { parseIfMatch, pathParam } from "../http/params.js";
import { withVersion } from "../http/responses.js";

/** PATCH /v1/bulletins/{id}: the narrative of a draft, If-Match its version. */
export const handler = api({ bodyLimit: 64 * 1024 }, async ({ deps, principal, event, body, header }) => {
  return withVersion(await editBulletin(deps, principal, pathParam(event.pathParameters, "id"), parseIfMatch(header("if-match")), body));
});
