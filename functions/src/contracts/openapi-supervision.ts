// OpenAPI paths of supervision (动态监管): patrols, monitoring, draws, tasks, cases. Merged into the document
// by openapi.ts, which hands over its helpers.
import { MonitoringInput } from "../domain/supervision/monitoring.js";
import { PatrolInput } from "../domain/supervision/patrol.js";
import { DrawActionRequest, DrawCreateInput } from "../domain/supervision/draw-input.js";
import { TaskAnswerInput, TaskCreateInput, TaskReviewInput } from "../domain/supervision/task.js";
import { CaseActionInput, CaseOpenInput } from "../app/cases.js";

type Helpers = {
  jsonBody: (id: string) => unknown;
  answer: (description: string, id?: string) => unknown;
  problems: (...codes: number[]) => Record<string, unknown>;
  idParam: unknown;
  pageQuery: unknown[];
};

const idempotencyHeader = { name: "Idempotency-Key", in: "header", required: false, schema: { type: "string" } };

export function supervisionPaths({ jsonBody, answer, problems, idParam, pageQuery }: Helpers) {
  void [PatrolInput, MonitoringInput, DrawCreateInput, DrawActionRequest, TaskCreateInput, TaskAnswerInput, TaskReviewInput, CaseOpenInput, CaseActionInput];
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
        summary: "witness, run, substitute, recuse, result, finish — each an event with its reason",
        parameters: [idParam],
        requestBody: jsonBody("DrawActionRequest"),
        responses: { "200": answer("draw"), ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    "/v1/tasks": {
      get: { summary: "Assigned tasks (督导交办) the caller may see: coordinators all, assignees their own; `overdue` on each", parameters: pageQuery, responses: { "200": answer("tasks"), ...problems(401) } },
      post: { summary: "Assign a finding to a subdistrict or department with a deadline (coordinator)", requestBody: jsonBody("TaskCreateInput"), responses: { "201": answer("task"), ...problems(400, 401, 403, 422) } },
    },
    "/v1/tasks/{id}": { get: { summary: "One task with its answers and reviews", parameters: [idParam], responses: { "200": answer("task"), ...problems(401, 404) } } },
    "/v1/tasks/{id}/answer": {
      post: { summary: "The assignee answers with evidence", parameters: [idParam], requestBody: jsonBody("TaskAnswerInput"), responses: { "200": answer("task"), ...problems(400, 401, 403, 404, 409, 422) } },
    },
    "/v1/tasks/{id}/review": {
      post: { summary: "The coordinator accepts or returns the answer", parameters: [idParam], requestBody: jsonBody("TaskReviewInput"), responses: { "200": answer("task"), ...problems(400, 401, 403, 404, 409, 422) } },
    },
    "/v1/cases": {
      get: { summary: "Enforcement cases (clerks: their subdistrict's)", parameters: pageQuery, responses: { "200": answer("cases"), ...problems(401) } },
      post: { summary: "Open a case from a finding (the eco-environment department, coordinators)", requestBody: jsonBody("CaseOpenInput"), responses: { "201": answer("case"), ...problems(400, 401, 403, 422) } },
    },
    "/v1/cases/{id}": { get: { summary: "One case with its documents", parameters: [idParam], responses: { "200": answer("case"), ...problems(401, 404) } } },
    "/v1/cases/{id}/actions": {
      post: { summary: "Change the case's status or add a document", parameters: [idParam], requestBody: jsonBody("CaseActionInput"), responses: { "200": answer("case"), ...problems(400, 401, 403, 404, 409, 422) } },
    },
    "/p/draws/{id}": { get: { security: [], summary: "A draw as published (双随机、一公开), for npm run verify-draw", parameters: [idParam], responses: { "200": answer("draw"), ...problems(404) } } },
  };
}
