// The weekly digest: its function, schedule and dead-letter queue are created only when the handler file
// exists. These tests pass a stand-in entry (test/infra/fixtures/scheduled-digest.ts) through the
// stack's digestEntry property, so they check the wiring whatever state functions/ is in.
import { Match } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROUTES } from "../../functions/src/routes.js";
import { HANDLER_NEEDS } from "../../infra/lib/handlers.js";
import { DIGEST_HANDLER } from "../../infra/lib/ledger-stack.js";
import { DIGEST_FIXTURE, type Synthesized, actionsOf, cleanUp, logicalId, roleStatements, synth } from "./synth.js";

let s: Synthesized;
const context = {
  digestFrom: "digest@hz-shangcheng.gov.cn",
  digestTo: "a@hz-shangcheng.gov.cn, b@hz-shangcheng.gov.cn",
  digestSpreadsheetId: "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
};
beforeAll(() => {
  s = synth({ context, stack: { digestEntry: DIGEST_FIXTURE } });
});
afterAll(cleanUp);

/** Handlers whose needs include digest delivery (the schedule, POST /v1/digests and issuing a bulletin). */
const deliverers = Object.entries(HANDLER_NEEDS)
  .filter(([, n]) => n.mail || n.secret)
  .map(([h]) => h)
  .sort();

describe("weekly digest", () => {
  it("schedules the digest function on Monday 08:00 Asia/Shanghai, passing the scheduled time, with retries and a dead-letter queue", () => {
    const digest = s.stack.digest!;
    expect(digest).toBeDefined();
    s.template.resourceCountIs("AWS::Scheduler::Schedule", 1);
    s.template.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "cron(0 8 ? * MON *)",
      ScheduleExpressionTimezone: "Asia/Shanghai",
      FlexibleTimeWindow: { Mode: "OFF" },
      State: "ENABLED",
      Target: {
        Arn: { "Fn::GetAtt": [logicalId(s.stack, digest.fn.fn.node.defaultChild), "Arn"] },
        DeadLetterConfig: { Arn: { "Fn::GetAtt": [logicalId(s.stack, digest.deadLetters.node.defaultChild), "Arn"] } },
        RetryPolicy: { MaximumRetryAttempts: 3 },
        Input: JSON.stringify({ scheduledTime: "<aws.scheduler.scheduled-time>" }),
      },
    });
  });

  it("lets the scheduler role invoke only the digest function and write only to its queue", () => {
    const [roleId] = Object.entries(s.json.Resources).find(
      ([, r]) => r.Type === "AWS::IAM::Role" && JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes("scheduler.amazonaws.com"),
    )!;
    const actions = roleStatements(s, roleId).statements.flatMap(actionsOf).sort();
    expect(actions).toEqual(["lambda:InvokeFunction", "sqs:SendMessage"]);
  });

  it("sends failed asynchronous invocations to the same encrypted, TLS-only queue, and alarms on it", () => {
    const queueId = logicalId(s.stack, s.stack.digest!.deadLetters.node.defaultChild);
    s.template.hasResourceProperties("AWS::SQS::Queue", { SqsManagedSseEnabled: true });
    s.template.hasResourceProperties("AWS::SQS::QueuePolicy", {
      Queues: [{ Ref: queueId }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } })]) },
    });
    s.template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": [queueId, "Arn"] } } },
    });
    s.template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "AWS/SQS",
      MetricName: "ApproximateNumberOfMessagesVisible",
      Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [queueId, "QueueName"] } }],
    });
  });

  it("gives the delivering functions the sender, recipients, spreadsheet, secret and bucket", () => {
    expect(deliverers).toEqual(["issue-bulletin", "request-digest", DIGEST_HANDLER]);
    for (const h of deliverers) {
      const fn = s.json.Resources[logicalId(s.stack, s.stack.functions.get(h)!.fn.node.defaultChild)]!;
      expect(fn.Properties.Environment.Variables, h).toMatchObject({
        DIGEST_FROM: "digest@hz-shangcheng.gov.cn",
        DIGEST_TO: "a@hz-shangcheng.gov.cn,b@hz-shangcheng.gov.cn",
        DIGEST_SPREADSHEET_ID: context.digestSpreadsheetId,
        GOOGLE_SERVICE_ACCOUNT_SECRET_ARN: { Ref: logicalId(s.stack, s.stack.googleServiceAccountSecret!.node.defaultChild) },
        BUCKET_NAME: { Ref: logicalId(s.stack, s.stack.photos.node.defaultChild) },
      });
    }
  });

  it("lets only the delivering functions read the secret, archive digests and send mail, as the configured sender only", () => {
    const secretRef = { Ref: logicalId(s.stack, s.stack.googleServiceAccountSecret!.node.defaultChild) };
    const photosId = logicalId(s.stack, s.stack.photos.node.defaultChild);
    for (const h of deliverers) {
      const { statements } = roleStatements(s, logicalId(s.stack, s.stack.functions.get(h)!.role.node.defaultChild));
      const secret = statements.filter((st) => actionsOf(st).some((a) => a.startsWith("secretsmanager:")));
      expect(secret, h).toEqual([expect.objectContaining({ Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"], Resource: secretRef })]);
      const s3 = statements.filter((st) => actionsOf(st).some((a) => a.startsWith("s3:")));
      expect(s3, h).toEqual([expect.objectContaining({ Action: "s3:PutObject", Resource: { "Fn::Join": ["", [{ "Fn::GetAtt": [photosId, "Arn"] }, "/digests/*"]] } })]);
      const mail = statements.filter((st) => actionsOf(st).some((a) => a.startsWith("ses:")));
      expect(mail, h).toHaveLength(1);
      expect(mail[0]!.Action, h).toBe("ses:SendEmail");
      expect(mail[0]!.Condition, h).toEqual({ StringEquals: { "ses:FromAddress": "digest@hz-shangcheng.gov.cn" } });
      const resources = JSON.stringify(mail[0]!.Resource);
      expect(resources, h).toContain(":identity/digest@hz-shangcheng.gov.cn");
      expect(resources, h).toContain(":identity/hz-shangcheng.gov.cn");
      expect(resources, h).not.toContain("*");
    }
    for (const handler of new Set(ROUTES.map((r) => r.handler))) {
      if (deliverers.includes(handler)) continue;
      const role = logicalId(s.stack, s.stack.functions.get(handler)!.role.node.defaultChild);
      const actions = roleStatements(s, role).statements.flatMap(actionsOf);
      expect(actions.filter((a) => /^(secretsmanager|ses|sqs):/.test(a)), handler).toEqual([]);
    }
  });

  it("takes the cron from context", () => {
    const other = synth({ context: { ...context, digestCron: "cron(30 17 ? * FRI *)" }, stack: { digestEntry: DIGEST_FIXTURE } });
    other.template.hasResourceProperties("AWS::Scheduler::Schedule", { ScheduleExpression: "cron(30 17 ? * FRI *)", ScheduleExpressionTimezone: "Asia/Shanghai" });
  });

  it("neither mails nor grants SES without a sender in the context", () => {
    const other = synth({ stack: { digestEntry: DIGEST_FIXTURE } });
    const fn = other.stack.functions.get(DIGEST_HANDLER)!;
    const env = other.json.Resources[logicalId(other.stack, fn.fn.node.defaultChild)]!.Properties.Environment.Variables;
    expect(env.DIGEST_FROM).toBeUndefined();
    expect(env.DIGEST_SPREADSHEET_ID).toBeUndefined();
    const actions = roleStatements(other, logicalId(other.stack, fn.role.node.defaultChild)).statements.flatMap(actionsOf);
    expect(actions.filter((a) => a.startsWith("ses:"))).toEqual([]);
  });
});
