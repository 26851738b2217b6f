import { supersedePhoto } from "../app/photos.js";
import { api } from "../http/api.js";
import { outfallIdAhead, pathParam } from "../http/params.js";
import { ok } from "../http/responses.js";

export const handler = api({ bodyLimit: 16 * 1024, readAhead: outfallIdAhead }, async ({ deps, principal, event, body, channel }) =>
  ok(await supersedePhoto(deps, principal, pathParam(event.pathParameters, "id"), pathParam(event.pathParameters, "photoId"), body, channel)),
);
