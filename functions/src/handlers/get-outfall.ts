import { presentFor } from "../app/present.js";
import { getOutfall } from "../app/outfalls.js";
import { api } from "../http/api.js";
import { outfallIdAhead, pathParam } from "../http/params.js";
import { withVersion } from "../http/responses.js";

export const handler = api({ readAhead: outfallIdAhead }, async ({ deps, principal, event }) =>
  withVersion(presentFor(deps, principal, await getOutfall(deps, principal, pathParam(event.pathParameters, "id")))),
);
