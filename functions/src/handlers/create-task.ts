import { createTask } from "../app/tasks.js";
import { api } from "../http/api.js";
import { json } from "../http/responses.js";

export const handler = api({ bodyLimit: 64 * 1024 }, async ({ deps, principal, body }) => json(201, await createTask(deps, principal, body)));
