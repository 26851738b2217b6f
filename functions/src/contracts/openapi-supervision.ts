// OpenAPI paths of supervision (动态监管): patrols, monitoring, draws, tasks, cases. Merged into the document
// by openapi.ts, which hands over its helpers.
import { MonitoringInput } from "../domain/supervision/monitoring.js";
import { PatrolInput } from "../domain/supervision/patrol.js";
import { DrawActionRequest, DrawCreateInput } from "../domain/supervision/draw-input.js";

type Helpers = {
  jsonBody: (id: string) => unknown;
  answer: (description: string, id?: string) => unknown;
  problems: (...codes: number[]) => Record<string, unknown>;
  idParam: unknown;
  pageQuery: unknown[];
};

const idempotencyHeader = { name: "Idempotency-Key", in: "header", required: false, schema: { type: "string" } };

export function supervisionPaths({ jsonBody, answer, problems, idParam, pageQuery }: Helpers) {
  void [PatrolInput, MonitoringInput, DrawCreateInput, DrawActionRequest];
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
    "/v1/draws": {
      get: { summary: "Random inspection draws and recheck samples, newest first (without their populations)", parameters: pageQuery, responses: { "200": answer("draws"), ...problems(401) } },
      post: {
        summary: "Create a draw (coordinator): freezes the population and inspector pool, publishes the seed",
        requestBody: jsonBody("DrawCreateInput"),
        responses: { "201": answer("draw"), ...problems(400, 401, 403, 422) },
      },
    },
    "/v1/draws/{id}": { get: { summary: "One draw with its event log", parameters: [idParam], responses: { "200": answer("draw"), ...problems(401, 404) } } },
    "/v1/draws/{id}/actions": {
      post: {
        summary: "witness, run, substitute, recuse, result, close — each an event with its reason",
        parameters: [idParam],
        requestBody: jsonBody("DrawActionRequest"),
        responses: { "200": answer("draw"), ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    "/p/draws/{id}": { get: { security: [], summary: "A draw as published (双随机、一公开), for npm run verify-draw", parameters: [idParam], responses: { "200": answer("draw"), ...problems(404) } } },
  };
}
