import { createBulletin } from "../app/bulletins.js";
import { api } from "../http/api.js";
import { withVersion } from "../http/responses.js";

/** POST /v1/bulletins: a coordinator's open draft (200), or a new draft from the figures now (201). */
export const handler = api({ bodyLimit: 1024, bodyOptional: true }, async ({ deps, principal }) => {
  const { bulletin, created } = await createBulletin(deps, principal);
  return withVersion(bulletin, created ? 201 : 200);
});
