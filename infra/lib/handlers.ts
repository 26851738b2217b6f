// What each Lambda entry point may touch, and how big it is. The route table
// (functions/src/routes.ts) says which handler serves which route; this map says which AWS resources
// that handler's IAM role is allowed to use. It lives here rather than in the route table because
// permissions are a deployment concern that the local stack does not have.
//
// When you add a handler (functions/src/handlers/<name>.ts) add an entry here as well:
// test/infra/handlers.test.ts fails for a route without an entry, and the stack refuses to synthesize.
// Grant the least that works:
// - table "read" = GetItem, BatchGetItem, Query (Query also on the GSIs, named one by one);
//   "readwrite" adds the write actions listed in `writes`, each only on items whose partition key starts
//   with the listed prefix (IAM condition dynamodb:LeadingKeys; the operations inside TransactWriteItems
//   are authorized one by one, the same way; ConditionCheck is not used). So only put-user writes users,
//   only batch-outfalls (and triage-report, for the row marker of the outfall a 新增疑似排口 creates) writes
//   idempotency items, and history (in its record's partition, so it lands in
//   the record's transaction) only the functions that write records — with PutItem, never UpdateItem
//   (infra/README.md, "Least privilege"). Every handler behind the JWT authorizer reads the caller's user
//   entry (resolvePrincipal → GetItem, or one BatchGetItem with the record a route reads ahead), so it
//   needs at least "read".
// - bucket: object actions on one key pattern of the photo bucket. s3:DeleteObjectVersion is never
//   granted: the bucket is versioned, so DeleteObject only adds a delete marker and every version survives.
// - secret: read the Google service-account key (Sheets delivery of the digest).
// - mail: send through SES, as the configured digest sender only.

export type Access = "read" | "readwrite";
/**
 * Object actions on the photo bucket. GetObject also covers HeadObject and presigned downloads;
 * GetObjectVersion the same for a named version (confirmed evidence is read and served by version);
 * PutObject covers presigned uploads (S3 checks the presigning function's role) and copies.
 */
export type BucketAction = "s3:GetObject" | "s3:GetObjectVersion" | "s3:PutObject" | "s3:DeleteObject";

export interface BucketAccess {
  actions: readonly BucketAction[];
  /** Key pattern the actions are limited to (IAM wildcards). */
  objects: string;
}

/** Partition-key prefixes of the item kinds (functions/src/adapters/dynamodb/KEY-DESIGN.md). */
export type KeyPrefix = "OUTFALL#" | "UNIQUE#" | "CREDIT#" | "SEQ#" | "USER#" | "IDEMPOTENCY#" | "DIGEST#" | "TOKEN#" | "AUDIT#" | "BULLETIN#" | "REPORT#" | "RATE#" | "DRAW#" | "TASK#" | "CASE#" | "SPOTCHECK#";
export type WriteAction = "dynamodb:PutItem" | "dynamodb:UpdateItem" | "dynamodb:DeleteItem";

/** Write actions on the items whose partition key starts with `prefix`. */
export interface KeyWrite {
  prefix: KeyPrefix;
  actions: readonly WriteAction[];
}

export interface HandlerNeeds {
  /** Access to the single DynamoDB table. Omit: no table access. "readwrite" needs `writes`. */
  table?: Access;
  /** What a "readwrite" handler may write, by partition-key prefix. */
  writes?: readonly KeyWrite[];
  /** Objects of the photo bucket; also sets BUCKET_NAME. Omit: no S3 access. */
  bucket?: BucketAccess;
  /** Read the Google service-account secret (sets GOOGLE_SERVICE_ACCOUNT_SECRET_ARN, DIGEST_SPREADSHEET_ID). */
  secret?: "read";
  /** Send the digest by SES (sets DIGEST_FROM / DIGEST_TO when the context names a sender). */
  mail?: boolean;
  /** Files (paths from the repository root) copied beside the bundle: what esbuild cannot inline, e.g.
   *  resvg's WebAssembly for the digest e-mail's map (functions/src/adapters/resvg/svg-to-png.ts), the
   *  signboards' font. */
  files?: readonly string[];
  /** Memory in MB (CPU scales with it). Default 512. */
  memoryMb?: number;
  /** Timeout in seconds. Default 10; HTTP API gives up on an integration after 30. */
  timeoutSeconds?: number;
}

/** Where photos are stored (functions/src/app/photos.ts): staged uploads at
 *  `outfalls/<id>/photos/staged/<photoId>.<ext>`, confirmed evidence copied to `outfalls/<id>/photos/<photoId>-<n>.<ext>`. */
export const PHOTO_OBJECTS = "outfalls/*/photos/*";
/** Where large exports are left for download: `exports/<date>/<id>.xlsx|csv` (functions/src/app/exports.ts),
 *  expired by the photo bucket's `expire-exports` lifecycle rule. */
export const EXPORT_OBJECTS = "exports/*";
/** Reporters' photos: staged at `reports/<code>/staged.<ext>`, sealed at `reports/<code>/photo-<n>.<ext>` (app/report-photos.ts). */
export const REPORT_PHOTO_OBJECTS = "reports/*";
/** Where digests are archived: `digests/<id>.json|html` (functions/src/adapters/s3/digest-archive.ts). */
export const DIGEST_OBJECTS = "digests/*";

const PUT = "dynamodb:PutItem";
const UPDATE = "dynamodb:UpdateItem";
const DELETE = "dynamodb:DeleteItem";

/** A record write: record and history Put (in the record's partition), unique codes and the credit-code
 *  index put and released. No UpdateItem or DeleteItem on OUTFALL#: history is never updated or deleted. */
const RECORD_WRITES: readonly KeyWrite[] = [
  { prefix: "OUTFALL#", actions: [PUT] },
  { prefix: "UNIQUE#", actions: [PUT, DELETE] },
  { prefix: "CREDIT#", actions: [PUT, DELETE] },
];
/** Creating records also reserves temp-id numbers (UpdateItem ADD on the sequence). */
const CREATE_WRITES: readonly KeyWrite[] = [...RECORD_WRITES, { prefix: "SEQ#", actions: [UPDATE] }];

/** The renderer of the e-mail's map (PNG); 2.4 MB, so copied beside the bundle rather than inlined. */
export const RESVG_WASM_FILE = "node_modules/@resvg/resvg-wasm/index_bg.wasm";

/** The font the signboards are rendered with (1.3 MB, functions/src/adapters/resvg/sign-font.ts). */
export const SIGN_FONT_FILE = "functions/assets/fonts/wqy-microhei-gb2312.ttf";
const SIGN_RENDER_FILES = [RESVG_WASM_FILE, SIGN_FONT_FILE] as const;

/** Building, archiving, mailing and writing a digest to the sheet (scheduled or on request). */
const DIGEST_DELIVERY: HandlerNeeds = {
  table: "readwrite", // the digest item and its delivery results
  writes: [{ prefix: "DIGEST#", actions: [PUT, UPDATE] }],
  bucket: { actions: ["s3:PutObject"], objects: DIGEST_OBJECTS },
  secret: "read",
  mail: true,
  files: [RESVG_WASM_FILE],
  memoryMb: 1024,
};

export const HANDLER_NEEDS: Readonly<Record<string, HandlerNeeds>> = {
  // Public routes: no token, no table access (they still get TABLE_NAME & co because config.ts builds
  // the runtime eagerly, but the role cannot use it).
  health: { memoryMb: 256, timeoutSeconds: 5 },
  // Readiness: lists users (proves DynamoDB answers and an administrator exists) and HEADs a key that
  // never exists (proves S3 answers; no bucket-level permission needed).
  ready: { table: "read", bucket: { actions: ["s3:GetObject"], objects: "health/*" }, memoryMb: 256, timeoutSeconds: 10 },
  openapi: { memoryMb: 512, timeoutSeconds: 10 },
  // Read-only: resolve the principal (GetItem) and read records, lists (Query on GSI1/GSI2), history.
  me: { table: "read" },
  reference: { table: "read" },
  "list-outfalls": { table: "read" },
  "get-outfall": { table: "read" },
  "outfall-history": { table: "read" },
  "list-users": { table: "read" },
  "list-digests": { table: "read" },
  "get-digest": { table: "read" },
  // These page through a whole subdistrict or the district (thousands of records): more memory and time.
  "plan-lists": { table: "read", memoryMb: 1024, timeoutSeconds: 29 },
  progress: { table: "read", memoryMb: 1024, timeoutSeconds: 29 },
  // GET /v1/exports/{layout}: reads a subdistrict or the district; a file too large to answer is put under
  // exports/ and served by a presigned GET (GetObject checked against this role).
  "export-ledger": { table: "read", bucket: { actions: ["s3:PutObject", "s3:GetObject"], objects: EXPORT_OBJECTS }, memoryMb: 1024, timeoutSeconds: 29 },
  // Writers: TransactWriteItems of record + history + unique codes, sequence UpdateItem, user PutItem.
  "create-outfall": { table: "readwrite", writes: CREATE_WRITES, timeoutSeconds: 15 },
  "patch-outfall": { table: "readwrite", writes: RECORD_WRITES, timeoutSeconds: 15 },
  "transition-outfall": { table: "readwrite", writes: RECORD_WRITES, timeoutSeconds: 15 },
  // Up to 500 rows per push in transactions of 100 items, plus the idempotency claim, row markers
  // (in the rows' transactions) and the stored answer.
  "batch-outfalls": {
    table: "readwrite",
    writes: [...CREATE_WRITES, { prefix: "IDEMPOTENCY#", actions: [PUT, UPDATE] }],
    memoryMb: 1024,
    timeoutSeconds: 29,
  },
  // The only writer of users; each access change goes with its audit entry (one transaction, Put only:
  // the audit log is append-only).
  "put-user": { table: "readwrite", writes: [{ prefix: "USER#", actions: [PUT] }, { prefix: "AUDIT#", actions: [PUT] }] },
  // Personal tokens (functions/src/app/tokens.ts): created with Put, revoked with Update (never deleted).
  "list-tokens": { table: "read" },
  "create-token": { table: "readwrite", writes: [{ prefix: "TOKEN#", actions: [PUT] }] },
  "revoke-token": { table: "readwrite", writes: [{ prefix: "TOKEN#", actions: [UPDATE] }] },
  "list-audit": { table: "read" },
  // Public: the configured providers' issuers and public client ids (from AUTH_ISSUERS); no table access.
  "sign-in": { memoryMb: 256, timeoutSeconds: 5 },
  // Photos: the files never pass through the API (architecture.md §5).
  // Presigned POST (S3 checks PutObject against this role) + the pending-upload item.
  "request-photo-upload": { table: "readwrite", writes: [{ prefix: "OUTFALL#", actions: [PUT] }], bucket: { actions: ["s3:PutObject"], objects: PHOTO_OBJECTS } },
  // CopyObject (Get + Put) seals the staged upload as evidence; Head/GetObject(Version) to verify size,
  // type and hash of that version; DeleteObject to discard the staged object and a rejected copy
  // (a delete marker: the version stays); the photo goes into the record's transaction.
  "confirm-photo": {
    table: "readwrite",
    // The record's transaction, and removing the pending-upload item (DeleteItem: IAM cannot tell the
    // upload item from others in the record's partition by sort key; a deleted history entry breaks the
    // chain and its anchor, which `npm run verify-history` reports).
    writes: [{ prefix: "OUTFALL#", actions: [PUT, DELETE] }],
    bucket: { actions: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject"], objects: PHOTO_OBJECTS },
    memoryMb: 1024,
    timeoutSeconds: 29,
  },
  // Presigned downloads of the confirmed version only.
  "list-photos": { table: "read", bucket: { actions: ["s3:GetObject", "s3:GetObjectVersion"], objects: PHOTO_OBJECTS } },
  // Marks a photo as superseded in the record; touches no object.
  "supersede-photo": { table: "readwrite", writes: [{ prefix: "OUTFALL#", actions: [PUT] }] },
  // POST /v1/digests: builds a digest now and, with { deliver: true }, delivers it like the schedule.
  "request-digest": { ...DIGEST_DELIVERY, timeoutSeconds: 29 },
  // Supervision: a patrol or monitoring result is put in its outfall's partition, in the record's transaction.
  "record-patrol": { table: "readwrite", writes: RECORD_WRITES, timeoutSeconds: 15 },
  "list-patrols": { table: "read" },
  "record-monitoring": { table: "readwrite", writes: RECORD_WRITES, timeoutSeconds: 15 },
  "list-monitoring": { table: "read" },
  // Draws: the document and its append-only events (PutItem only: a new version replaces the document
  // under a version condition; events are never updated or deleted).
  "create-draw": { table: "readwrite", writes: [{ prefix: "DRAW#", actions: [PUT] }], memoryMb: 1024, timeoutSeconds: 29 },
  "list-draws": { table: "read" },
  "get-draw": { table: "read" },
  "draw-action": { table: "readwrite", writes: [{ prefix: "DRAW#", actions: [PUT] }] },
  // Tasks (督导交办): the document and its events, like draws.
  "create-task": { table: "readwrite", writes: [{ prefix: "TASK#", actions: [PUT] }] },
  "list-tasks": { table: "read" },
  "get-task": { table: "read" },
  "answer-task": { table: "readwrite", writes: [{ prefix: "TASK#", actions: [PUT] }] },
  "review-task": { table: "readwrite", writes: [{ prefix: "TASK#", actions: [PUT] }] },
  // Enforcement cases: the document and its events, like draws.
  "open-case": { table: "readwrite", writes: [{ prefix: "CASE#", actions: [PUT] }] },
  "list-cases": { table: "read" },
  "get-case": { table: "read" },
  "case-action": { table: "readwrite", writes: [{ prefix: "CASE#", actions: [PUT] }] },
  // Public (双随机、一公开): reads one draw and its events.
  "public-draw": { table: "read" },
  // Scheduled (not in the route table): deployed only once its file exists (see ledger-stack.ts).
  "scheduled-digest": { ...DIGEST_DELIVERY, timeoutSeconds: 120 },
  // Bulletins (调度通报): the draft built from the figures (reads records and digests), its narrative edits,
  // and the issue (bulletin, open-draft pointer and the 第 N 期 counter SEQ#BULLETIN in one transaction).
  "list-bulletins": { table: "read" },
  "get-bulletin": { table: "read" },
  "bulletin-document": { table: "read", memoryMb: 1024, timeoutSeconds: 29 },
  "create-bulletin": { table: "readwrite", writes: [{ prefix: "BULLETIN#", actions: [PUT] }], memoryMb: 1024, timeoutSeconds: 29 },
  "patch-bulletin": { table: "readwrite", writes: [{ prefix: "BULLETIN#", actions: [PUT] }] },
  // With { deliver: true } it mails, writes the sheet and archives like the digest (delivery results: UpdateItem).
  "issue-bulletin": {
    ...DIGEST_DELIVERY,
    writes: [
      { prefix: "BULLETIN#", actions: [PUT, UPDATE] },
      { prefix: "SEQ#", actions: [UPDATE] },
    ],
    timeoutSeconds: 29,
  },
  // Daily anchor of all chain heads: reads the table; writes only into the anchor bucket (history-anchors.ts).
  "scheduled-anchor": { table: "read", memoryMb: 1024, timeoutSeconds: 300 },
  // Public disclosure (issue 18). Signboards read the record (and, for a subdistrict, its list).
  // Signboards: SVG, and PNG / PDF rendered with resvg's wasm and the CJK font subset beside the bundle
  // (one sign ≈ 0.5 s of CPU at 2880 × 1800 px; a subdistrict's PDF holds at most 40: 1769 MB is one vCPU).
  signboard: { table: "read", files: SIGN_RENDER_FILES, memoryMb: 1024, timeoutSeconds: 15 },
  signboards: { table: "read", files: SIGN_RENDER_FILES, memoryMb: 1769, timeoutSeconds: 29 },
  // Clerks' triage: reads reports; writes the report, and a suspected outfall for 新增疑似排口.
  "list-reports": { table: "read", bucket: { actions: ["s3:GetObject", "s3:GetObjectVersion"], objects: REPORT_PHOTO_OBJECTS } },
  // 转巡查 also creates the report's 督导交办 task (its document and first event: PutItem on TASK#).
  // 新增疑似排口's outfall carries a row marker (PutItem on IDEMPOTENCY#) so a retried triage creates it once.
  "triage-report": {
    table: "readwrite",
    writes: [...CREATE_WRITES, { prefix: "REPORT#", actions: [PUT] }, { prefix: "TASK#", actions: [PUT] }, { prefix: "IDEMPOTENCY#", actions: [PUT] }],
    timeoutSeconds: 15,
  },
  // Without sign-in: only new reports and the rate counters (UpdateItem ADD on RATE#, which expire by TTL).
  // PutObject only to presign the photo form (S3 checks the presigning role), under reports/.
  "submit-public-report": {
    table: "readwrite",
    writes: [{ prefix: "REPORT#", actions: [PUT] }, { prefix: "RATE#", actions: [UPDATE] }],
    bucket: { actions: ["s3:PutObject"], objects: REPORT_PHOTO_OBJECTS },
    memoryMb: 256,
  },
  // Seals the staged photo (copy), checks it, deletes a rejected copy; writes the report.
  "confirm-report-photo": {
    table: "readwrite",
    writes: [{ prefix: "REPORT#", actions: [PUT] }],
    bucket: { actions: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject"], objects: REPORT_PHOTO_OBJECTS },
    memoryMb: 1024,
    timeoutSeconds: 29,
  },
  // Public pages read only; the outfall page presigns a link to the signboard photo's confirmed version.
  "public-outfall-page": { table: "read", bucket: { actions: ["s3:GetObject", "s3:GetObjectVersion"], objects: PHOTO_OBJECTS }, memoryMb: 256 },
  "public-report-form": { memoryMb: 256 },
  "public-report-lookup": { table: "read", memoryMb: 256 },
  "public-closeouts": { table: "read", memoryMb: 1024, timeoutSeconds: 29 },
  "open-data": { table: "read", memoryMb: 1024, timeoutSeconds: 29 },
};

/**
 * The only routes allowed without the JWT authorizer, each with why (it becomes the cdk-nag
 * AwsSolutions-APIG4 acknowledgement). A route marked `public` in the route table but missing here
 * stops the synth: making a route public is a security decision for review, not a flag flip.
 */
export const PUBLIC_ROUTES: Readonly<Record<string, string>> = {
  "GET /p/draws/{id}":
    "GET /p/draws/{id} publishes one random inspection draw (双随机、一公开 requires publication): seed, frozen population of outfall codes and names, inspector pool, results and witness log; its role only reads the table.",
  "GET /health":
    "GET /health is a liveness probe for uptime monitoring: it answers status and time only, reads no ledger data, and its function's role has no DynamoDB or S3 grant.",
  "GET /ready":
    "GET /ready is a readiness probe for load balancers and deploy checks: it answers which dependency is not ready (names only, no data, no error text); its role reads the table and may only HEAD objects under health/.",
  "GET /sign-in":
    "GET /sign-in lists the OIDC providers a tool may send its user to for a browser sign-in (issuer URL and public client id, both public by nature in OAuth), needed before the user has a token; it reads only its own configuration and its role has no DynamoDB or S3 grant.",
  "GET /openapi.json":
    "GET /openapi.json serves the OpenAPI description generated from the schemas (no data), so client tools can read it before sign-in; its function's role has no DynamoDB or S3 grant.",
  // Public disclosure (issue 18): the plan requires disclosure to the public and a public reporting channel.
  "POST /v1/public/reports":
    "POST /v1/public/reports is the public reporting channel (公众监督举报) the plan requires: a body of at most 16 KB, a honeypot field, rate limits per client and per outfall in DynamoDB and a stage throttle of its own; its role may only put REPORT# items and count RATE# items.",
  "POST /v1/public/reports/{code}/photo":
    "POST /v1/public/reports/{code}/photo confirms the one photo a report asked for (JPEG/PNG/WebP up to 5 MB, uploaded with a 10-minute presigned form): a sealed copy is checked and a rejected one deleted; its role reaches only reports/* objects and REPORT# items.",
  "GET /p/report": "GET /p/report serves the empty public report form: no ledger data is read and the function has no table access.",
  "GET /p/reports/{code}":
    "GET /p/reports/{code} shows a report's status and public answer to whoever holds its unguessable lookup code; never the reporter's contact or the clerk.",
  "GET /p/closeouts": "GET /p/closeouts is the close-out publication (销号公示) the plan requires: public fields of outfalls closed or kept in the last 30 days.",
  "GET /p/open/{file}": "GET /p/open/{file} is the open data (public fields of public outfalls, CSV and GeoJSON), read-only.",
  "GET /p/{tempId}":
    "GET /p/{tempId} is the public page a signboard's QR code opens: public fields of outfalls under remediation or kept (no individual's name or phone, no notes); other ids answer the same 404.",
};

/** Per-route stage throttles of the public routes (requests per second, burst): API Gateway's own limit in
 *  front of the functions, under the stage-wide one. See infra/README.md, "Public routes". */
export const PUBLIC_ROUTE_THROTTLES: Readonly<Record<string, { rateLimit: number; burstLimit: number }>> = {
  "POST /v1/public/reports": { rateLimit: 2, burstLimit: 10 },
  "POST /v1/public/reports/{code}/photo": { rateLimit: 2, burstLimit: 10 },
  "GET /p/report": { rateLimit: 20, burstLimit: 50 },
  "GET /p/reports/{code}": { rateLimit: 10, burstLimit: 30 },
  "GET /p/closeouts": { rateLimit: 5, burstLimit: 20 },
  "GET /p/open/{file}": { rateLimit: 2, burstLimit: 5 },
  "GET /p/draws/{id}": { rateLimit: 5, burstLimit: 20 },
  "GET /p/{tempId}": { rateLimit: 20, burstLimit: 50 },
};

/** Handlers run by EventBridge Scheduler rather than by a route. */
export const SCHEDULED_HANDLERS = ["scheduled-digest", "scheduled-anchor"] as const;

/**
 * What a function's bundle is built with (esbuild `define`, infra/lib/ledger-function.ts): the composition
 * root (functions/src/config.ts) leaves out the adapters, and with them the SDK clients, that the function's
 * grants above do not allow, so a function without a bucket grant carries no S3 client.
 */
export function bundleDefines(needs: HandlerNeeds): Record<string, string> {
  return {
    "process.env.LEDGER_BUNDLE_TABLE": JSON.stringify(needs.table ? "yes" : "no"),
    "process.env.LEDGER_BUNDLE_S3": JSON.stringify(needs.bucket ? "yes" : "no"),
    // The bundled reference files are validated at synth (createApp), not at each cold start.
    "process.env.LEDGER_BUNDLE_REFERENCE": JSON.stringify("checked"),
  };
}

export const DEFAULT_MEMORY_MB = 512;
export const DEFAULT_TIMEOUT_SECONDS = 10;

export const TABLE_READ_ACTIONS = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"] as const;
export const TABLE_WRITE_ACTIONS = ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"] as const;
/** Only Query makes sense on an index. */
export const INDEX_ACTIONS = ["dynamodb:Query"] as const;
export const SECRET_ACTIONS = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"] as const;
/** SES v2 SendEmail (simple content) is authorized as ses:SendEmail; raw mail is not used. */
export const MAIL_ACTIONS = ["ses:SendEmail"] as const;
