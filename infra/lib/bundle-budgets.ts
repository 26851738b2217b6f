// How big each function's bundle may be, against its SDK floor: an empty handler that constructs only the
// SDK clients the function's grants allow (infra/lib/handlers.ts), built with the same esbuild options.
// test/infra/bundling.test.ts asserts these on the bundles `cdk synth` builds; `npm run bench -- --only
// bundles` reports the same ratios beside cold import times (issue 20).
import type { BuildOptions } from "esbuild";
import type { HandlerNeeds } from "./handlers.js";
import { ESM_REQUIRE_BANNER, NEVER_LOADED } from "./ledger-function.js";

/** The SDK clients a floor constructs, by what the function's role may reach. */
export const FLOOR_CLIENTS = {
  dynamodb: `import { DynamoDBClient } from "@aws-sdk/client-dynamodb"; import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb"; clients.push(DynamoDBDocumentClient.from(new DynamoDBClient({})));`,
  s3: `import { S3Client } from "@aws-sdk/client-s3"; clients.push(new S3Client({}));`,
  ses: `import { SESv2Client } from "@aws-sdk/client-sesv2"; clients.push(new SESv2Client({}));`,
  secrets: `import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager"; clients.push(new SecretsManagerClient({}));`,
} as const;
export type FloorClient = keyof typeof FLOOR_CLIENTS;

export function floorClients(needs: HandlerNeeds): FloorClient[] {
  return [
    ...(needs.table ? (["dynamodb"] as const) : []),
    ...(needs.bucket ? (["s3"] as const) : []),
    ...(needs.mail ? (["ses"] as const) : []),
    ...(needs.secret ? (["secrets"] as const) : []),
  ];
}

/** The floor's source: resolved from the repository root, bundled like a handler. */
export const floorSource = (clients: readonly FloorClient[]) =>
  `const clients = [];\n${clients.map((c) => FLOOR_CLIENTS[c]).join("\n")}\nexport const handler = async () => ({ statusCode: 200, body: String(clients.length) });\n`;

/**
 * Issue 20's target: a bundle at most 1.4× its floor. Not met yet by any function (API handlers 1.53–1.85×,
 * median 1.71×): beyond the SDK floor (341 KB for DynamoDB) every API handler carries zod/mini (~36 KB),
 * the domain and the adapters it composes (~80–105 KB), the inlined reference data (~37 KB) and jose
 * (19 KB). The ceilings below are what the bundles measure now plus a few percent, so that a client or a library creeping back (the S3
 * client alone is +0.36× of the DynamoDB floor) fails the infra tests; lower them as bundles shrink.
 */
export const TARGET_RATIO = 1.4;

/** Bundle size over floor size, at most. */
export const DEFAULT_CEILING = 1.92;

export interface BudgetException {
  /** Ratio ceiling, or KB when `absoluteKb` (the floor of a function without clients is an empty file). */
  ceiling: number;
  absoluteKb?: boolean;
  reason: string;
}

const NO_CLIENTS: BudgetException = {
  ceiling: 600,
  absoluteKb: true,
  reason:
    "No table or bucket grant, so its floor is an empty handler (0.2 KB) and a ratio means nothing; it still carries the shared HTTP stack (middy, zod, the reference data it validates at start, jose) and the DynamoDB client, which @aws-sdk/lib-dynamodb's module side effects (paginators) keep in every bundle that imports an adapter.",
};
const DIGEST_SENDER: BudgetException = {
  ceiling: 2.3,
  reason: "Delivers digests: the Google Sheets client (@googleapis/sheets with google-auth-library, gaxios, node-fetch, qs, ~270 KB) besides SES and Secrets Manager.",
};

export const BUDGET_EXCEPTIONS: Readonly<Record<string, BudgetException>> = {
  health: NO_CLIENTS,
  openapi: NO_CLIENTS,
  "sign-in": NO_CLIENTS,
  "public-report-form": NO_CLIENTS,
  "request-digest": DIGEST_SENDER,
  "scheduled-digest": DIGEST_SENDER,
  "issue-bulletin": DIGEST_SENDER,
  "export-ledger": { ceiling: 4.05, reason: "Writes the provincial layouts as workbooks: exceljs with jszip and bluebird (~450 KB)." },
  "bulletin-document": { ceiling: 2.5, reason: "Writes the bulletin as a Word document: docx (~230 KB)." },
  "scheduled-anchor": { ceiling: 2.25, reason: "Writes anchors to its own write-once bucket (an S3 client outside the photo bucket's grant, so not in its floor) and signs them." },
  signboards: { ceiling: 3.35, reason: "Draws QR codes (qrcode, pngjs ~57 KB) and renders print PNG/PDF: resvg-wasm glue and pdf-lib (~530 KB); the wasm and the font ship beside the bundle." },
  signboard: { ceiling: 3.35, reason: "Draws a QR code (qrcode, pngjs ~57 KB) and renders print PNG/PDF: resvg-wasm glue and pdf-lib (~530 KB); the wasm and the font ship beside the bundle." },
};

/** The ceiling a function's bundle must stay under: its ratio (or KB) and why. */
export const budgetOf = (handler: string): BudgetException =>
  BUDGET_EXCEPTIONS[handler] ?? { ceiling: DEFAULT_CEILING, reason: "API handler: SDK floor plus zod, the domain, reference data and jose" };

/** The esbuild options the stack bundles with (ledger-function.ts), for the floors and the bench's builds. */
export const STACK_BUILD_OPTIONS: BuildOptions = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  mainFields: ["module", "main"],
  banner: { js: ESM_REQUIRE_BANNER },
  external: NEVER_LOADED,
  minify: true,
  logLevel: "error",
};
