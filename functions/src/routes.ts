// Every HTTP route with its handler file. The local server and the CDK stack both read this table, so a
// route exists in both homes or in neither.
export interface Route {
  method: "GET" | "POST" | "PATCH" | "PUT";
  path: string;
  /** File name in functions/src/handlers/ (without .ts). */
  handler: string;
  /** No bearer token needed. */
  public?: boolean;
}

export const ROUTES: readonly Route[] = [
  { method: "GET", path: "/health", handler: "health", public: true },
  { method: "GET", path: "/openapi.json", handler: "openapi", public: true },
  { method: "GET", path: "/ready", handler: "ready", public: true },
  { method: "GET", path: "/v1/me", handler: "me" },
  { method: "GET", path: "/v1/reference", handler: "reference" },
  { method: "GET", path: "/v1/outfalls", handler: "list-outfalls" },
  { method: "POST", path: "/v1/outfalls", handler: "create-outfall" },
  { method: "POST", path: "/v1/outfalls/batch", handler: "batch-outfalls" },
  { method: "GET", path: "/v1/outfalls/{id}", handler: "get-outfall" },
  { method: "PATCH", path: "/v1/outfalls/{id}", handler: "patch-outfall" },
  { method: "GET", path: "/v1/outfalls/{id}/history", handler: "outfall-history" },
  { method: "POST", path: "/v1/outfalls/{id}/transitions", handler: "transition-outfall" },
  { method: "GET", path: "/v1/lists/{kind}", handler: "plan-lists" },
  { method: "POST", path: "/v1/outfalls/{id}/photos", handler: "request-photo-upload" },
  { method: "GET", path: "/v1/outfalls/{id}/photos", handler: "list-photos" },
  { method: "POST", path: "/v1/outfalls/{id}/photos/{photoId}/confirm", handler: "confirm-photo" },
  { method: "POST", path: "/v1/outfalls/{id}/photos/{photoId}/supersede", handler: "supersede-photo" },
  { method: "GET", path: "/v1/progress", handler: "progress" },
  { method: "GET", path: "/v1/digests", handler: "list-digests" },
  { method: "POST", path: "/v1/digests", handler: "request-digest" },
  { method: "GET", path: "/v1/digests/{id}", handler: "get-digest" },
  { method: "GET", path: "/v1/users", handler: "list-users" },
  { method: "PUT", path: "/v1/users/{email}", handler: "put-user" },
  // Supervision (动态监管): patrols, monitoring, draws, tasks, cases.
  { method: "POST", path: "/v1/outfalls/{id}/patrols", handler: "record-patrol" },
  { method: "GET", path: "/v1/outfalls/{id}/patrols", handler: "list-patrols" },
  { method: "POST", path: "/v1/outfalls/{id}/monitoring", handler: "record-monitoring" },
  { method: "GET", path: "/v1/outfalls/{id}/monitoring", handler: "list-monitoring" },
  { method: "POST", path: "/v1/draws", handler: "create-draw" },
  { method: "GET", path: "/v1/draws", handler: "list-draws" },
  { method: "GET", path: "/v1/draws/{id}", handler: "get-draw" },
  { method: "POST", path: "/v1/draws/{id}/actions", handler: "draw-action" },
  { method: "GET", path: "/p/draws/{id}", handler: "public-draw", public: true },
  { method: "POST", path: "/v1/tasks", handler: "create-task" },
  { method: "GET", path: "/v1/tasks", handler: "list-tasks" },
  { method: "GET", path: "/v1/tasks/{id}", handler: "get-task" },
  { method: "POST", path: "/v1/tasks/{id}/answer", handler: "answer-task" },
  { method: "POST", path: "/v1/tasks/{id}/review", handler: "review-task" },
  { method: "POST", path: "/v1/cases", handler: "open-case" },
  { method: "GET", path: "/v1/cases", handler: "list-cases" },
  { method: "GET", path: "/v1/cases/{id}", handler: "get-case" },
  { method: "POST", path: "/v1/cases/{id}/actions", handler: "case-action" },
];
