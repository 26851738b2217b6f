import { confirmPhotoUpload } from "../app/photos.js";
import { api } from "../http/api.js";
import { outfallIdAhead, pathParam } from "../http/params.js";
import { ok } from "../http/responses.js";
import { METRIC } from "../observability/metric-names.js";
import { count } from "../observability/metrics.js";

export const handler = api({ readAhead: outfallIdAhead }, async ({ deps, principal, event, channel }) => {
  try {
    const photo = await confirmPhotoUpload(deps, principal, pathParam(event.pathParameters, "id"), pathParam(event.pathParameters, "photoId"), channel);
    count(METRIC.photoConfirmations, { outcome: "confirmed" });
    return ok(photo);
  } catch (error) {
    count(METRIC.photoConfirmations, { outcome: "refused" });
    throw error;
  }
});
