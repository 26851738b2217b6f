import { openApiDocument } from "../contracts/openapi.js";
import { api } from "../http/api.js";
import { ok } from "../http/responses.js";

let document: unknown;

export const handler = api({ public: true }, async () => ok((document ??= openApiDocument())));
