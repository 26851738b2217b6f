import { requestPhotoUpload } from "../app/photos.js";
import { api } from "../http/api.js";
import { idempotencyKey, outfallIdAhead, pathParam } from "../http/params.js";
import { json } from "../http/responses.js";

export const handler = api({ bodyLimit: 16 * 1024, readAhead: outfallIdAhead }, async ({ deps, principal, event, body, header }) => {
  const answer = await requestPhotoUpload(deps, principal, pathParam(event.pathParameters, "id"), body, idempotencyKey(header("idempotency-key")));
  return json(answer.created ? 201 : 200, answer.ticket);
});
