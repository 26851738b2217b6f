// Template assertions on the synthesized stack (bundling skipped: these tests are about resources and
// their security properties; test/infra/bundling.test.ts bundles every handler for real).
import { Match } from "aws-cdk-lib/assertions";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TABLE_KEYS } from "../../functions/src/adapters/dynamodb/table.js";
import { METRIC, METRIC_NAMESPACE } from "../../functions/src/observability/metric-names.js";
import { ROUTES } from "../../functions/src/routes.js";
import { HANDLER_NEEDS, INDEX_ACTIONS, PHOTO_OBJECTS, SECRET_ACTIONS, TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS } from "../../infra/lib/handlers.js";
import { withTokenTouch } from "../../infra/lib/ledger-stack.js";
import { writeGrants } from "../../infra/lib/table-grants.js";
import { type Synthesized, TEST_CLIENT_ID, actionsOf, cleanUp, logicalId, roleStatements, synth } from "./synth.js";

let s: Synthesized;
beforeAll(() => {
  s = synth();
});
afterAll(cleanUp);

const handlers = [...new Set(ROUTES.map((r) => r.handler))];
/** What active tracing grants every function (on "*": X-Ray has no resource-level permissions). */
const TRACE_ACTIONS = ["xray:PutTelemetryRecords", "xray:PutTraceSegments"];
/** What a handler's role holds: its entry, plus last-used writes on personal tokens behind sign-in. */
const needsOf = (h: string) => (ROUTES.some((r) => r.handler === h && !r.public) ? withTokenTouch(HANDLER_NEEDS[h]!) : HANDLER_NEEDS[h]!);
const resourcesOf = (type: string) => Object.entries(s.json.Resources).filter(([, r]) => r.Type === type);

describe("DynamoDB table", () => {
  it("uses the key design of table.ts, on demand, with PITR, deletion protection, TTL and retained", () => {
    const tables = resourcesOf("AWS::DynamoDB::Table");
    expect(tables).toHaveLength(1);
    const [, table] = tables[0]!;
    expect(table.DeletionPolicy).toBe("Retain");
    expect(table.UpdateReplacePolicy).toBe("Retain");
    expect(table.Properties).toMatchObject({
      BillingMode: "PAY_PER_REQUEST",
      DeletionProtectionEnabled: true,
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: TABLE_KEYS.timeToLiveAttribute, Enabled: true },
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: "HASH" },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: "RANGE" },
      ],
    });
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(
      TABLE_KEYS.indexes.map((i) => ({
        IndexName: i.name,
        KeySchema: [
          { AttributeName: i.partitionKey, KeyType: "HASH" },
          { AttributeName: i.sortKey, KeyType: "RANGE" },
        ],
        Projection: i.projection ? { ProjectionType: "INCLUDE", NonKeyAttributes: i.projection } : { ProjectionType: "ALL" },
      })),
    );
  });
});

describe("stateful resources", () => {
  // A changed logical id makes CloudFormation create a new, empty table or bucket and orphan the old one.
  // The literals are the ids the stack had before it was split into constructs (infra/lib/storage.ts).
  it("keeps the logical ids of the table and the buckets, whatever construct creates them", () => {
    const ids = (type: string) => resourcesOf(type).map(([id]) => id);

    expect(ids("AWS::DynamoDB::Table")).toEqual(["TableCD117FA1"]);
    // The field app's bucket holds only built files (test/infra/web-app.test.ts); the evidence buckets are pinned.
    const appBucket = logicalId(s.stack, s.stack.webApp!.bucket.node.defaultChild);
    expect(ids("AWS::S3::Bucket").filter((id) => id !== appBucket).sort()).toEqual(["AccessLogs8B620ECA", "PhotosB9552D0D"]);
    expect(logicalId(s.stack, s.stack.table.node.defaultChild)).toBe("TableCD117FA1");
    expect(logicalId(s.stack, s.stack.googleServiceAccountSecret!.node.defaultChild)).toBe("GoogleServiceAccountKeyE8196E12");
  });
});

describe("S3 buckets", () => {
  it("keeps photos private, encrypted, versioned, logged and retained, with evidence-keeping lifecycle", () => {
    const photosId = logicalId(s.stack, s.stack.photos.node.defaultChild);
    const logsId = logicalId(s.stack, s.stack.accessLogs.node.defaultChild);
    const photos = s.json.Resources[photosId]!;
    expect(photos.DeletionPolicy).toBe("Retain");
    expect(photos.Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: "Enabled" },
      LoggingConfiguration: { DestinationBucketName: { Ref: logsId } },
    });
    const rules = photos.Properties.LifecycleConfiguration.Rules as any[];
    const evidence = rules.find((r) => r.NoncurrentVersionExpiration);
    expect(evidence.NoncurrentVersionExpiration.NoncurrentDays).toBe(3650);
    expect(evidence.NoncurrentVersionTransitions).toEqual([{ StorageClass: "STANDARD_IA", TransitionInDays: 30 }]);
    // Nothing ever expires current photos: only exports (copies of the ledger left for download) expire.
    expect(rules.filter((r) => r.ExpirationInDays !== undefined)).toEqual([
      { Id: "expire-exports", Prefix: "exports/", Status: "Enabled", ExpirationInDays: 1, NoncurrentVersionExpiration: { NoncurrentDays: 1 } },
    ]);
  });

  it("lets only the add-on's sidebar origin and the field app's distribution post uploads to the photo bucket from a browser (CORS)", () => {
    const photos = s.json.Resources[logicalId(s.stack, s.stack.photos.node.defaultChild)]!;
    const distribution = logicalId(s.stack, s.stack.webApp!.distribution.node.defaultChild);
    expect(photos.Properties.CorsConfiguration).toEqual({
      CorsRules: [
        { AllowedOrigins: ["https://*.googleusercontent.com"], AllowedMethods: ["POST"], AllowedHeaders: ["*"], MaxAge: 3600 },
        { AllowedOrigins: [{ "Fn::Join": ["", ["https://", { "Fn::GetAtt": [distribution, "DomainName"] }]] }], AllowedMethods: ["POST"], AllowedHeaders: ["*"], MaxAge: 3600 },
      ],
    });
  });

  it("encrypts, blocks public access and retains the access-log bucket", () => {
    const logs = s.json.Resources[logicalId(s.stack, s.stack.accessLogs.node.defaultChild)]!;
    expect(logs.DeletionPolicy).toBe("Retain");
    expect(logs.Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
  });

  it("denies every request without TLS (and below TLS 1.2) on both buckets", () => {
    for (const bucket of [s.stack.photos, s.stack.accessLogs]) {
      s.template.hasResourceProperties("AWS::S3::BucketPolicy", {
        Bucket: { Ref: logicalId(s.stack, bucket.node.defaultChild) },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: "Deny", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
            Match.objectLike({ Effect: "Deny", Action: "s3:*", Condition: { NumericLessThan: { "s3:TlsVersion": 1.2 } } }),
          ]),
        },
      });
    }
  });
});

describe("HTTP API", () => {
  it("has no gateway authorizer: every function verifies tokens itself, against every trusted issuer", () => {
    s.template.resourceCountIs("AWS::ApiGatewayV2::Authorizer", 0);
    for (const h of handlers) {
      const props = s.json.Resources[logicalId(s.stack, s.stack.functions.get(h)!.fn.node.defaultChild as CfnFunction)]!.Properties;
      expect(JSON.parse(props.Environment.Variables.AUTH_ISSUERS), h).toEqual([
        expect.objectContaining({ issuer: "https://accounts.google.com", audiences: [TEST_CLIENT_ID], jwksUrl: "https://www.googleapis.com/oauth2/v3/certs" }),
      ]);
    }
  });

  it("deploys exactly the routes of the route table, each acknowledged for APIG4 with why it is safe", () => {
    const deployed = resourcesOf("AWS::ApiGatewayV2::Route");
    expect(deployed.map(([, r]) => r.Properties.RouteKey).sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    for (const [, route] of deployed) {
      expect(route.Properties.AuthorizationType, route.Properties.RouteKey).toBe("NONE");
      const reasons = JSON.stringify(route.Metadata?.cdk_nag ?? {});
      const isPublic = ROUTES.some((r) => `${r.method} ${r.path}` === route.Properties.RouteKey && r.public);
      expect(reasons, route.Properties.RouteKey).toContain(isPublic ? "AwsSolutions-APIG4" : "Authorization is enforced inside the function");
    }
  });

  it("throttles the default stage and writes JSON access logs without paths or claims to a log group with retention", () => {
    const [[, stage]] = resourcesOf("AWS::ApiGatewayV2::Stage") as [[string, any]];
    expect(stage.Properties).toMatchObject({ StageName: "$default", AutoDeploy: true, DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 } });
    const { DestinationArn, Format } = stage.Properties.AccessLogSettings;
    const fields = JSON.parse((Format as string).replace("$context.error.messageString", '"x"'));
    expect(fields).toMatchObject({ requestId: "$context.requestId", route: "$context.routeKey", status: "$context.status" });
    expect(Format).not.toMatch(/\$context\.path|\$context\.authorizer\.claims/);
    const logGroup = s.json.Resources[DestinationArn["Fn::GetAtt"][0]]!;
    expect(logGroup.Type).toBe("AWS::Logs::LogGroup");
    expect(logGroup.Properties.RetentionInDays).toBe(30);
  });
});

describe("size", () => {
  it("stays under CloudFormation's 500 resources a stack, with room for more routes", () => {
    // Each function costs about 7 (function, role, policy, log group, route, integration, permission).
    const count = Object.keys(s.json.Resources).length;
    console.info(`resources in the stack: ${count} of 500`);
    expect(count).toBeLessThan(500 - 3 * 7);
  });
});

describe("functions", () => {
  it("traces every function actively with X-Ray", () => {
    const functions = resourcesOf("AWS::Lambda::Function").filter(([, r]) => r.Properties.Handler === "index.handler");
    expect(functions.length).toBeGreaterThanOrEqual(handlers.length);
    for (const [id, fn] of functions) expect(fn.Properties.TracingConfig, id).toEqual({ Mode: "Active" });
  });

  it("creates one function per handler with our defaults: Node.js 22, arm64, ESM bundle, own log group, sizing from the map", () => {
    s.template.resourceCountIs("AWS::Lambda::Function", handlers.length);
    for (const h of handlers) {
      const fn = s.stack.functions.get(h)!;
      const props = s.json.Resources[logicalId(s.stack, fn.fn.node.defaultChild)]!.Properties;
      expect(props, h).toMatchObject({
        Runtime: "nodejs22.x",
        Architectures: ["arm64"],
        Handler: "index.handler",
        MemorySize: HANDLER_NEEDS[h]!.memoryMb ?? 512,
        Timeout: HANDLER_NEEDS[h]!.timeoutSeconds ?? 10,
        Role: { "Fn::GetAtt": [logicalId(s.stack, fn.role.node.defaultChild), "Arn"] },
        LoggingConfig: { LogGroup: { Ref: logicalId(s.stack, fn.logGroup.node.defaultChild) } },
      });
      expect(props.Environment.Variables, h).toMatchObject({
        NODE_OPTIONS: "--enable-source-maps",
        TABLE_NAME: { Ref: logicalId(s.stack, s.stack.table.node.defaultChild) },
        AUTH_ISSUERS: expect.stringContaining("https://accounts.google.com"),
      });
      expect("BUCKET_NAME" in props.Environment.Variables, h).toBe(Boolean(HANDLER_NEEDS[h]!.bucket));
      expect("GOOGLE_SERVICE_ACCOUNT_SECRET_ARN" in props.Environment.Variables, h).toBe(Boolean(HANDLER_NEEDS[h]!.secret));
      // No sender in the context: nobody gets the mail settings.
      expect("DIGEST_FROM" in props.Environment.Variables, h).toBe(false);
      const logGroup = s.json.Resources[logicalId(s.stack, fn.logGroup.node.defaultChild)]!;
      expect(logGroup.Properties.RetentionInDays, h).toBe(30);
    }
  });

  it("grants each function only what the permission map lists (verified per function)", () => {
    const tableId = logicalId(s.stack, s.stack.table.node.defaultChild);
    const photosId = logicalId(s.stack, s.stack.photos.node.defaultChild);
    const secretId = logicalId(s.stack, s.stack.googleServiceAccountSecret!.node.defaultChild);
    for (const h of handlers) {
      const needs = needsOf(h);
      const fn = s.stack.functions.get(h)!;
      const { statements, managed } = roleStatements(s, logicalId(s.stack, fn.role.node.defaultChild));
      expect(managed, `${h}: no managed policies`).toEqual([]);
      const granted = new Map<string, unknown[]>();
      for (const st of statements) {
        expect(st.Effect, h).toBe("Allow");
        for (const a of actionsOf(st)) {
          expect(a, `${h}: no wildcard actions`).not.toMatch(/\*/);
          granted.set(a, [...(granted.get(a) ?? []), ...(Array.isArray(st.Resource) ? st.Resource : [st.Resource])]);
        }
      }
      const expected = new Set<string>(["logs:CreateLogStream", "logs:PutLogEvents", ...TRACE_ACTIONS]);
      if (needs.table) for (const a of [...TABLE_READ_ACTIONS, ...writeGrants(needs).keys()]) expected.add(a);
      for (const a of needs.bucket?.actions ?? []) expected.add(a);
      if (needs.secret) for (const a of SECRET_ACTIONS) expected.add(a);
      // (mail: no grant without a sender in the context; see digest.test.ts)
      expect([...granted.keys()].sort(), h).toEqual([...expected].sort());

      // Resources: the function's own log group, the table (+ named indexes for Query), the photo objects;
      // "*" only for the X-Ray actions, which have no resource-level permissions.
      for (const [action, resources] of granted) expect(resources.includes("*"), `${h} ${action} on *`).toBe(TRACE_ACTIONS.includes(action));
      expect(granted.get("logs:PutLogEvents"), h).toEqual([{ "Fn::GetAtt": [logicalId(s.stack, fn.logGroup.node.defaultChild), "Arn"] }]);
      const tableArn = { "Fn::GetAtt": [tableId, "Arn"] };
      const indexArns = TABLE_KEYS.indexes.map((i) => ({ "Fn::Join": ["", [tableArn, `/index/${i.name}`]] }));
      for (const [action, resources] of granted) {
        if (!action.startsWith("dynamodb:")) continue;
        expect(resources, `${h} ${action}`).toEqual((INDEX_ACTIONS as readonly string[]).includes(action) ? [tableArn, ...indexArns] : [tableArn]);
      }
      for (const [action, resources] of granted) {
        if (action.startsWith("s3:")) {
          expect(resources, `${h} ${action}`).toEqual([{ "Fn::Join": ["", [{ "Fn::GetAtt": [photosId, "Arn"] }, `/${needs.bucket!.objects}`]] }]);
        }
        if (action.startsWith("secretsmanager:")) expect(resources, `${h} ${action}`).toEqual([{ Ref: secretId }]);
      }
    }
  });

  it("lets a signed-in read-only function write nothing but a personal token's last use (UpdateItem on TOKEN#)", () => {
    const fn = s.stack.functions.get("me")!;
    const writes = roleStatements(s, logicalId(s.stack, fn.role.node.defaultChild)).statements.filter((st) => actionsOf(st).some((a) => (TABLE_WRITE_ACTIONS as readonly string[]).includes(a)));
    expect(writes).toEqual([expect.objectContaining({ Action: "dynamodb:UpdateItem", Condition: expect.objectContaining({ "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["TOKEN#*"] } }) })]);
  });

  it("gives read-only functions no write action and no S3 access, and public functions nothing but their logs (the readiness probe reads)", () => {
    for (const h of handlers) {
      const needs = needsOf(h);
      const fn = s.stack.functions.get(h)!;
      const actions = roleStatements(s, logicalId(s.stack, fn.role.node.defaultChild)).statements.flatMap(actionsOf);
      if (needs.table !== "readwrite") for (const a of TABLE_WRITE_ACTIONS) expect(actions, h).not.toContain(a);
      if (!needs.bucket) expect(actions.filter((a) => a.startsWith("s3:")), h).toEqual([]);
      // Public routes with data (issue 18) are checked in test/infra/public-routes.test.ts.
      if (ROUTES.some((r) => r.handler === h && r.public) && !needs.table && !needs.bucket) expect(actions.sort(), h).toEqual(["logs:CreateLogStream", "logs:PutLogEvents", ...TRACE_ACTIONS]);
      if (!needs.secret) expect(actions.filter((a) => a.startsWith("secretsmanager:")), h).toEqual([]);
      expect(actions.filter((a) => a.startsWith("ses:")), h).toEqual([]);
    }
  });

  it("grants S3 per function when the map asks for it (seam: a custom map)", () => {
    const custom = synth({ stack: { needs: { ...HANDLER_NEEDS, "get-outfall": { table: "read", bucket: { actions: ["s3:GetObject"], objects: PHOTO_OBJECTS } } } } });
    const fn = custom.stack.functions.get("get-outfall")!;
    const actions = roleStatements(custom, logicalId(custom.stack, fn.role.node.defaultChild)).statements.flatMap(actionsOf);
    expect(actions).toContain("s3:GetObject");
    expect(actions).not.toContain("s3:PutObject");
    const props = custom.json.Resources[logicalId(custom.stack, fn.fn.node.defaultChild as CfnFunction)]!.Properties;
    expect(props.Environment.Variables.BUCKET_NAME).toEqual({ Ref: logicalId(custom.stack, custom.stack.photos.node.defaultChild) });
  });
});

describe("alarms and outputs", () => {
  it("sends every alarm to one KMS-encrypted, TLS-only SNS topic", () => {
    const topicId = logicalId(s.stack, s.stack.alarmTopic.node.defaultChild);
    const topic = s.json.Resources[topicId]!;
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    s.template.hasResourceProperties("AWS::KMS::Key", { EnableKeyRotation: true });
    s.template.hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } })]) },
    });
    for (const [id, alarm] of resourcesOf("AWS::CloudWatch::Alarm")) expect(alarm.Properties.AlarmActions, id).toEqual([{ Ref: topicId }]);
  });

  it("watches API 5xx, errors and throttles of every function, and DynamoDB throttles and system errors", () => {
    const alarms = resourcesOf("AWS::CloudWatch::Alarm").map(([, a]) => a.Properties);
    const single = (namespace: string, metric: string) => alarms.filter((a) => a.Namespace === namespace && a.MetricName === metric);
    expect(single("AWS/ApiGateway", "5xx")).toHaveLength(1);
    const math = alarms.filter((a) => a.Metrics).map((a) => JSON.stringify(a.Metrics));
    // Every function's Errors and Throttles are in exactly one summed alarm each.
    for (const h of handlers) {
      const fnRef = JSON.stringify({ Name: "FunctionName", Value: { Ref: logicalId(s.stack, s.stack.functions.get(h)!.fn.node.defaultChild) } });
      for (const metric of ["Errors", "Throttles"]) {
        expect(math.filter((m) => m.includes(`"MetricName":"${metric}"`) && m.includes(fnRef)), `${h} ${metric}`).toHaveLength(1);
      }
    }
    expect(math.filter((m) => m.includes('"ThrottledRequests"'))).toHaveLength(1);
    expect(math.filter((m) => m.includes('"SystemErrors"'))).toHaveLength(1);
  });

  it("alarms on the application's metrics where an operator must act: digest delivery, auth refusal bursts, 500s", () => {
    const alarms = resourcesOf("AWS::CloudWatch::Alarm").map(([, a]) => a.Properties).filter((a) => a.Namespace === METRIC_NAMESPACE);
    const service = [{ Name: "service", Value: "outfall-ledger-dev" }];
    const on = (name: string) => alarms.filter((a) => a.MetricName === name && JSON.stringify(a.Dimensions) === JSON.stringify(service));
    expect(on(METRIC.digestDeliveryFailures)).toEqual([expect.objectContaining({ Threshold: 1, Statistic: "Sum", Period: 300 })]);
    expect(on(METRIC.authRefusals)).toEqual([expect.objectContaining({ Threshold: 50, Statistic: "Sum", Period: 300 })]);
    expect(on(METRIC.serverErrors)).toEqual([expect.objectContaining({ Threshold: 1, ComparisonOperator: "GreaterThanOrEqualToThreshold" })]);
    expect(on(METRIC.roleChanges)).toEqual([expect.objectContaining({ Threshold: 1, Statistic: "Sum", Period: 300 })]);
    const scope = alarms.filter((a) => a.MetricName === METRIC.refusals);
    expect(scope).toEqual([expect.objectContaining({ Threshold: 50, Period: 300 })]);
    expect(scope[0].Dimensions).toHaveLength(2);
    expect(scope[0].Dimensions).toEqual(expect.arrayContaining([...service, { Name: "rule", Value: "R-SCOPE" }]));
    expect(alarms).toHaveLength(5);
    // …and the functions emit that service name.
    for (const h of handlers) {
      const props = s.json.Resources[logicalId(s.stack, s.stack.functions.get(h)!.fn.node.defaultChild as CfnFunction)]!.Properties;
      expect(props.Environment.Variables.POWERTOOLS_SERVICE_NAME, h).toBe("outfall-ledger-dev");
    }
  });

  it("outputs the API URL, table, bucket and topic", () => {
    expect(Object.keys(s.json.Outputs ?? {})).toEqual(expect.arrayContaining(["ApiUrl", "TableName", "PhotoBucketName", "AlarmTopicArn"]));
  });

  it("has no schedule, queue or digest function while the digest handler does not exist", () => {
    for (const type of ["AWS::Scheduler::Schedule", "AWS::SQS::Queue"]) s.template.resourceCountIs(type, 0);
    expect(s.stack.functions.has("scheduled-digest")).toBe(false);
  });

  it("creates the service-account secret empty (the admin puts the key), for the handlers that need it", () => {
    const secrets = resourcesOf("AWS::SecretsManager::Secret");
    expect(secrets).toHaveLength(1);
    const [, secret] = secrets[0]!;
    expect(secret.Properties.SecretString).toBeUndefined();
    expect(secret.Properties.GenerateSecretString).toBeUndefined();
    expect(Object.keys(s.json.Outputs ?? {})).toContain("GoogleServiceAccountSecretArn");
  });
});

describe("partition", () => {
  it("hard-codes no commercial-partition ARN", () => {
    expect(JSON.stringify(s.json)).not.toMatch(/arn:aws:/);
  });
});
