import { requestPhotoUpload } from "../app/photos.js";
import { api } from "../http/api.js";
import { pathParam } from "../http/params.js";
import { json } from "../http/responses.js";

export const handler = api({ bodyLimit: 16 * 1024 }, async ({ deps, principal, event, body }) =>
  json(201, await requestPhotoUpload(deps, principal, pathParam(event.pathParameters, "id"), body)),
);
