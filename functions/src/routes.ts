// Every HTTP route with its handler file. The local server and the CDK stack both read this table, so a
// route exists in both homes or in neither.
export interface Route {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
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
  { method: "GET", path: "/v1/bulletins", handler: "list-bulletins" },
  { method: "POST", path: "/v1/bulletins", handler: "create-bulletin" },
  { method: "GET", path: "/v1/bulletins/{id}", handler: "get-bulletin" },
  { method: "PATCH", path: "/v1/bulletins/{id}", handler: "patch-bulletin" },
  { method: "POST", path: "/v1/bulletins/{id}/issue", handler: "issue-bulletin" },
  { method: "GET", path: "/v1/bulletins/{id}/document", handler: "bulletin-document" },
  { method: "GET", path: "/v1/users", handler: "list-users" },
  { method: "PUT", path: "/v1/users/{email}", handler: "put-user" },
  { method: "GET", path: "/v1/exports/{layout}", handler: "export-ledger" },
  { method: "GET", path: "/v1/tokens", handler: "list-tokens" },
  { method: "POST", path: "/v1/tokens", handler: "create-token" },
  { method: "DELETE", path: "/v1/tokens/{id}", handler: "revoke-token" },
  { method: "GET", path: "/v1/audit", handler: "list-audit" },
  { method: "GET", path: "/sign-in", handler: "sign-in", public: true },
  // Public disclosure (issue 18): signboards, public pages, public reports and their triage, open data.
  // The local server takes the first matching route: fixed /p/ paths stay before /p/{tempId}.
  { method: "GET", path: "/v1/outfalls/{id}/signboard.svg", handler: "signboard" },
  { method: "GET", path: "/v1/outfalls/{id}/signboard.png", handler: "signboard" },
  { method: "GET", path: "/v1/outfalls/{id}/signboard.pdf", handler: "signboard" },
  { method: "GET", path: "/v1/signboards", handler: "signboards" },
  { method: "GET", path: "/v1/reports", handler: "list-reports" },
  { method: "POST", path: "/v1/reports/{id}/triage", handler: "triage-report" },
  { method: "POST", path: "/v1/public/reports", handler: "submit-public-report", public: true },
  { method: "POST", path: "/v1/public/reports/{code}/photo", handler: "confirm-report-photo", public: true },
  { method: "GET", path: "/p/report", handler: "public-report-form", public: true },
  { method: "GET", path: "/p/reports/{code}", handler: "public-report-lookup", public: true },
  { method: "GET", path: "/p/closeouts", handler: "public-closeouts", public: true },
  { method: "GET", path: "/p/open/{file}", handler: "open-data", public: true },
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
  { method: "GET", path: "/p/{tempId}", handler: "public-outfall-page", public: true },
];
