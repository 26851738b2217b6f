import { listPhotos } from "../app/photos.js";
import { PhotoListQuery } from "../contracts/api.js";
import { api } from "../http/api.js";
import { outfallIdAhead, parseLimit, parseQuery, pathParam } from "../http/params.js";
import { ok } from "../http/responses.js";

export const handler = api({ readAhead: outfallIdAhead }, async ({ deps, principal, event }) => {
  const query = parseQuery(PhotoListQuery, event.queryStringParameters);
  // Download links are short-lived; a caller may ask for a shorter life, never a longer one.
  const expiresIn = parseLimit(query.expiresIn, 300, 900);
  return ok(await listPhotos(deps, principal, pathParam(event.pathParameters, "id"), expiresIn));
});
