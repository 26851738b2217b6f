import { recordMonitoring } from "../app/monitoring.js";
import { api } from "../http/api.js";
import { idempotencyKey, outfallIdAhead, pathParam } from "../http/params.js";
import { json } from "../http/responses.js";

export const handler = api({ bodyLimit: 64 * 1024, readAhead: outfallIdAhead }, async ({ deps, principal, event, body, channel, header }) => {
  const written = await recordMonitoring(deps, principal, pathParam(event.pathParameters, "id"), body, channel, idempotencyKey(header("idempotency-key")));
  return json(written.created ? 201 : 200, written.item);
});
