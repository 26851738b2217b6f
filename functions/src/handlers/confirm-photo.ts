import { confirmPhotoUpload } from "../app/photos.js";
import { api } from "../http/api.js";
import { pathParam } from "../http/params.js";
import { ok } from "../http/responses.js";

export const handler = api({}, async ({ deps, principal, event, channel }) =>
  ok(await confirmPhotoUpload(deps, principal, pathParam(event.pathParameters, "id"), pathParam(event.pathParameters, "photoId"), channel)),
);
