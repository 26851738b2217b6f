import { issueBulletin } from "../app/bulletins.js";
import { api } from "../http/api.js";
import { parseIfMatch, pathParam } from "../http/params.js";
import { withVersion } from "../http/responses.js";

/** POST /v1/bulletins/{id}/issue: 第 N 期, frozen; a retry answers the issued bulletin again. */
export const handler = api({ bodyLimit: 1024, bodyOptional: true }, async ({ deps, principal, event, header }) => {
  return withVersion(await issueBulletin(deps, principal, pathParam(event.pathParameters, "id"), parseIfMatch(header("if-match"))));
});
