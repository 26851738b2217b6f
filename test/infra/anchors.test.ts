// Least privilege on the table (writes limited by partition-key prefix) and the history anchors: the
// Object Lock bucket in compliance mode, the daily schedule and the anchor function's narrow grants.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROUTES } from "../../functions/src/routes.js";
import { HANDLER_NEEDS } from "../../infra/lib/handlers.js";
import { ANCHOR_CRON, ANCHOR_HANDLER } from "../../infra/lib/history-anchors.js";
import { handlerEntry } from "../../infra/lib/paths.js";
import { withTokenTouch } from "../../infra/lib/ledger-stack.js";
import { type Statement, type Synthesized, actionsOf, cleanUp, logicalId, roleStatements, synth } from "./synth.js";

let s: Synthesized;
let prod: Synthesized;
beforeAll(() => {
  // cdk-nag runs in every synth: a finding would throw here.
  s = synth({ stack: { anchorEntry: handlerEntry(ANCHOR_HANDLER) } });
  prod = synth({ context: { stage: "prod" }, stack: { anchorEntry: handlerEntry(ANCHOR_HANDLER) } });
});
afterAll(cleanUp);

const WRITES = ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"];
const handlers = [...new Set(ROUTES.map((r) => r.handler)), ANCHOR_HANDLER];

/** For one function: each DynamoDB write action → the partition-key patterns it is allowed on. */
function writePatterns(x: Synthesized, handler: string): Map<string, string[]> {
  const fn = x.stack.functions.get(handler)!;
  const { statements } = roleStatements(x, logicalId(x.stack, fn.role.node.defaultChild));
  const found = new Map<string, string[]>();
  for (const st of statements as (Statement & { Condition?: any })[]) {
    for (const action of actionsOf(st).filter((a) => WRITES.includes(a))) {
      // Every write statement carries the key condition; none may write without one.
      expect(st.Condition?.["ForAllValues:StringLike"]?.["dynamodb:LeadingKeys"], `${handler} ${action}`).toBeDefined();
      expect(st.Condition?.Null, `${handler} ${action}`).toEqual({ "dynamodb:LeadingKeys": "false" });
      found.set(action, [...(found.get(action) ?? []), ...st.Condition["ForAllValues:StringLike"]["dynamodb:LeadingKeys"]]);
    }
  }
  return found;
}

const writers = (x: Synthesized, pattern: string, action?: string) =>
  handlers.filter((h) => [...writePatterns(x, h)].some(([a, patterns]) => (!action || a === action) && patterns.includes(pattern))).sort();

describe("least privilege on the table", () => {
  it("limits every write action of every function to the key prefixes its map entry lists", () => {
    for (const h of handlers) {
      const expected = new Map<string, string[]>();
      const needs = ROUTES.some((r) => r.handler === h && !r.public) ? withTokenTouch(HANDLER_NEEDS[h]!) : HANDLER_NEEDS[h]!;
      for (const w of needs.writes ?? []) for (const a of w.actions) expected.set(a, [...(expected.get(a) ?? []), `${w.prefix}*`]);
      expect(Object.fromEntries(writePatterns(s, h)), h).toEqual(Object.fromEntries(expected));
    }
  });

  it("lets only put-user write users, and only the batch function and triage (its outfall's row marker) write idempotency items", () => {
    expect(writers(s, "USER#*")).toEqual(["put-user"]);
    expect(writers(s, "IDEMPOTENCY#*")).toEqual(["batch-outfalls", "triage-report"]);
  });

  it("lets only record-writing functions put in a record's partition (history), and none update it", () => {
    expect(writers(s, "OUTFALL#*", "dynamodb:PutItem")).toEqual(
      ["batch-outfalls", "confirm-photo", "create-outfall", "patch-outfall", "record-monitoring", "record-patrol", "request-photo-upload", "supersede-photo", "transition-outfall", "triage-report"].sort(),
    );
    expect(writers(s, "OUTFALL#*", "dynamodb:UpdateItem")).toEqual([]);
    expect(writers(s, "OUTFALL#*", "dynamodb:DeleteItem")).toEqual(["confirm-photo"]);
    expect(writePatterns(s, ANCHOR_HANDLER).size).toBe(0);
    // A read-only route writes nothing but a personal token's last use (withTokenTouch).
    expect(Object.fromEntries(writePatterns(s, "progress"))).toEqual({ "dynamodb:UpdateItem": ["TOKEN#*"] });
  });
});

describe("history anchors", () => {
  const bucketOf = (x: Synthesized) => x.json.Resources[logicalId(x.stack, x.stack.anchors!.bucket.node.defaultChild)]!;

  it("keeps anchors in a bucket with Object Lock in compliance mode, versioned, private, logged and retained", () => {
    const bucket = bucketOf(s);
    expect(bucket.DeletionPolicy).toBe("Retain");
    expect(bucket.Properties).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: "Enabled", Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: 30 } } },
      VersioningConfiguration: { Status: "Enabled" },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(s.stack, s.stack.accessLogs.node.defaultChild) } },
    });
    expect(bucketOf(prod).Properties.ObjectLockConfiguration.Rule.DefaultRetention).toEqual({ Mode: "COMPLIANCE", Days: 3650 });
  });

  it("gives the anchor function s3:PutObject on anchors/* only, the signing key, and no table write", () => {
    const fn = s.stack.anchors!.fn;
    const { statements } = roleStatements(s, logicalId(s.stack, fn.role.node.defaultChild));
    const s3 = statements.filter((st) => actionsOf(st).some((a) => a.startsWith("s3:")));
    expect(s3.flatMap(actionsOf)).toEqual(["s3:PutObject"]);
    expect(s3[0]!.Resource).toEqual({ "Fn::Join": ["", [{ "Fn::GetAtt": [logicalId(s.stack, s.stack.anchors!.bucket.node.defaultChild), "Arn"] }, "/anchors/*"]] });
    expect(statements.flatMap(actionsOf)).toContain("secretsmanager:GetSecretValue");
    const env = s.json.Resources[logicalId(s.stack, fn.fn.node.defaultChild)]!.Properties.Environment.Variables;
    expect(env.ANCHOR_BUCKET).toEqual({ Ref: logicalId(s.stack, s.stack.anchors!.bucket.node.defaultChild) });
    expect(env.ANCHOR_SIGNING_KEY_SECRET).toEqual({ Ref: logicalId(s.stack, s.stack.anchors!.signingKey.node.defaultChild) });
    // No other function can touch the anchor bucket
    for (const h of handlers.filter((x) => x !== ANCHOR_HANDLER)) {
      const role = s.stack.functions.get(h)!.role;
      const resources = JSON.stringify(roleStatements(s, logicalId(s.stack, role.node.defaultChild)).statements);
      expect(resources, h).not.toContain(logicalId(s.stack, s.stack.anchors!.bucket.node.defaultChild));
    }
  });

  it("runs the anchor daily in Asia/Shanghai, passing the scheduled time, with retries and a dead-letter queue", () => {
    const schedule = s.json.Resources[logicalId(s.stack, s.stack.anchors!.schedule.node.defaultChild)]!;
    expect(schedule.Properties).toMatchObject({
      ScheduleExpression: ANCHOR_CRON,
      ScheduleExpressionTimezone: "Asia/Shanghai",
      Target: { RetryPolicy: { MaximumRetryAttempts: 3 }, Input: JSON.stringify({ scheduledTime: "<aws.scheduler.scheduled-time>" }) },
    });
    expect(schedule.Properties.Target.DeadLetterConfig.Arn).toEqual({ "Fn::GetAtt": [logicalId(s.stack, s.stack.anchors!.deadLetters.node.defaultChild), "Arn"] });
  });
});
