import { liveProgress } from "../app/digests.js";
import { api } from "../http/api.js";
import { ok } from "../http/responses.js";

export const handler = api({}, async ({ deps, principal }) => ok(await liveProgress(deps, principal)));
