import { present } from "../app/present.js";
import { patchOutfall } from "../app/outfalls.js";
import { api } from "../http/api.js";
import { outfallIdAhead, parseIfMatch, pathParam } from "../http/params.js";
import { withVersion } from "../http/responses.js";

export const handler = api({ bodyLimit: 1024 * 1024, readAhead: outfallIdAhead }, async ({ deps, principal, event, body, channel, header }) => {
  const id = pathParam(event.pathParameters, "id");
  const record = await patchOutfall(deps, principal, id, parseIfMatch(header("if-match")), body, channel);
  return withVersion(present(deps, record));
});
