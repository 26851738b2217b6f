import { referenceDocument } from "../app/reference.js";
import { api } from "../http/api.js";
import { ok } from "../http/responses.js";

export const handler = api({}, async ({ deps }) => ok(referenceDocument(deps.reference), { "cache-control": "private, max-age=300" }));
