import { present } from "../app/present.js";
import { createOutfall } from "../app/outfalls.js";
import { api } from "../http/api.js";
import { withVersion } from "../http/responses.js";

export const handler = api({ bodyLimit: 1024 * 1024 }, async ({ deps, principal, body, channel }) => {
  const record = await createOutfall(deps, principal, body, channel);
  return withVersion(present(deps, record), 201, { location: `/v1/outfalls/${record.id}` });
});
