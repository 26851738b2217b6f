// The metrics the functions emit (embedded metric format) and the alarms in infra/lib/alarms.ts watch.
// Plain constants, so the CDK app imports them without pulling the logger into the synth.

export const METRIC_NAMESPACE = "OutfallLedger";
/** Every metric carries the `service` dimension; the stack sets it per stage (outfall-ledger-<stage>). */
export const DEFAULT_SERVICE = "outfall-ledger";

export const METRIC = {
  /** Spreadsheet/workbook batch rows, by `outcome` (ok, invalid, conflict, forbidden). */
  batchRows: "BatchRows",
  /** Writes refused by a rule of the plan or of the input's shape, by `rule` (R-STORM, R-SCOPE, …). */
  refusals: "Refusals",
  /** Photo confirmations, by `outcome` (confirmed, refused). */
  photoConfirmations: "PhotoConfirmations",
  /** Digest deliveries, by `channel` (archive, mail, sheet) and `outcome` (ok, failed). */
  digestDeliveries: "DigestDeliveries",
  /** Failed digest deliveries (all channels), what the on-call alarm watches. */
  digestDeliveryFailures: "DigestDeliveryFailures",
  /** Requests refused before any use case ran, by `reason` (no-token, bad-token, unknown-user). */
  authRefusals: "AuthRefusals",
  /** Authenticated requests, by `via` (google, oidc, local, personal); a `user` pseudonym property per line. */
  signIns: "SignIns",
  /** Role changes and new users with a role (app/users.ts), by `role` (the new one): alarmed. */
  roleChanges: "RoleChanges",
  /** Requests answered 500 by our own handlers (a bug or a dependency down), by `route`. */
  serverErrors: "ServerErrors",
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];
