// OpenAPI paths of supervision (动态监管): patrols, monitoring, draws, tasks, cases. Merged into the document
// by openapi.ts, which hands over its helpers.
import { MonitoringInput } from "../domain/supervision/monitoring.js";
import { PatrolInput } from "../domain/supervision/patrol.js";

type Helpers = {
  jsonBody: (id: string) => unknown;
  answer: (description: string, id?: string) => unknown;
  problems: (...codes: number[]) => Record<string, unknown>;
  idParam: unknown;
  pageQuery: unknown[];
};

const idempotencyHeader = { name: "Idempotency-Key", in: "header", required: false, schema: { type: "string" } };

export function supervisionPaths({ jsonBody, answer, problems, idParam, pageQuery }: Helpers) {
  void [PatrolInput, MonitoringInput];
  return {
    "/v1/outfalls/{id}/patrols": {
      get: { summary: "Patrols of an outfall (巡查)", parameters: [idParam, ...pageQuery], responses: { "200": answer("patrols"), ...problems(401, 403, 404) } },
      post: {
        summary: "Record a patrol; a problem it reveals is added to the outfall and reopens a retained or closed one",
        parameters: [idParam, idempotencyHeader],
        requestBody: jsonBody("PatrolInput"),
        responses: { "201": answer("patrol"), "200": answer("the patrol an earlier attempt with this Idempotency-Key wrote"), ...problems(400, 401, 403, 404, 422) },
      },
    },
    "/v1/outfalls/{id}/monitoring": {
      get: { summary: "Monitoring results of an outfall (监测)", parameters: [idParam, ...pageQuery], responses: { "200": answer("results"), ...problems(401, 403, 404) } },
      post: {
        summary: "Record a monitoring result (departments); an exceedance of the outfall's limit set raises 超标排放",
        parameters: [idParam, idempotencyHeader],
        requestBody: jsonBody("MonitoringInput"),
        responses: { "201": answer("result with its exceedances"), "200": answer("the result an earlier attempt with this Idempotency-Key wrote"), ...problems(400, 401, 403, 404, 422) },
      },
    },
  };
}
