import { putUser } from "../app/users.js";
import { api } from "../http/api.js";
import { parseIfMatch, pathParam } from "../http/params.js";
import { json } from "../http/responses.js";
import { METRIC } from "../observability/metric-names.js";
import { count } from "../observability/metrics.js";

export const handler = api({ bodyLimit: 64 * 1024 }, async ({ deps, principal, event, body, header }) => {
  const email = pathParam(event.pathParameters, "email");
  const { user, created, roleChange } = await putUser(deps, principal, email, body, parseIfMatch(header("if-match")));
  if (roleChange) count(METRIC.roleChanges, { role: user.role });
  return json(created ? 201 : 200, user, { etag: `"${user.version}"` });
});
