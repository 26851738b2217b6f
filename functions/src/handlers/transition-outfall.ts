import { present } from "../app/present.js";
import { transitionOutfall } from "../app/transitions.js";
import { api } from "../http/api.js";
import { outfallIdAhead, pathParam } from "../http/params.js";
import { withVersion } from "../http/responses.js";

export const handler = api({ bodyLimit: 256 * 1024, readAhead: outfallIdAhead }, async ({ deps, principal, event, body, channel }) =>
  withVersion(present(deps, await transitionOutfall(deps, principal, pathParam(event.pathParameters, "id"), body, channel))),
);
