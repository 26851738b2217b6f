// The outfall ledger in AWS (architecture.md §1): HTTP API with a JWT authorizer → one Lambda function
// per handler → a single DynamoDB table and a private photo bucket; EventBridge Scheduler for the weekly
// digest once its handler exists; alarms to an encrypted SNS topic. Secure by default and checked by
// cdk-nag (infra/lib/nag.ts): every acknowledged finding below carries its reason.
import { existsSync } from "node:fs";
import {
  Annotations,
  ArnFormat,
  Aws,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Tags,
  TimeZone,
} from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import { HttpApi, HttpMethod, HttpNoneAuthorizer, type HttpStage, LogGroupLogDestination } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { AttributeType, BillingMode, Operation, ProjectionType, Table } from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import { Key } from "aws-cdk-lib/aws-kms";
import { SqsDestination } from "aws-cdk-lib/aws-lambda-destinations";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Bucket, type CfnBucket, StorageClass } from "aws-cdk-lib/aws-s3";
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput, TimeWindow } from "aws-cdk-lib/aws-scheduler";
import { LambdaInvoke } from "aws-cdk-lib/aws-scheduler-targets";
import { type CfnSecret, Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { TABLE_KEYS } from "../../functions/src/adapters/dynamodb/table.js";
import { ROUTES, type Route } from "../../functions/src/routes.js";
import type { LedgerConfig } from "./config.js";
import {
  DEFAULT_MEMORY_MB,
  DEFAULT_TIMEOUT_SECONDS,
  HANDLER_NEEDS,
  type HandlerNeeds,
  MAIL_ACTIONS,
  PUBLIC_ROUTES,
} from "./handlers.js";
import { OperatorAlarms } from "./alarms.js";
import { LedgerFunction } from "./ledger-function.js";
import { acknowledge } from "./nag.js";
import { PRIVATE_BUCKET } from "./private-bucket.js";
import { tableStatements } from "./table-grants.js";
import { ANCHOR_HANDLER, HistoryAnchors } from "./history-anchors.js";
import { handlerEntry } from "./paths.js";

export interface LedgerStackProps extends StackProps {
  config: LedgerConfig;
  /** The route table; default functions/src/routes.ts. */
  routes?: readonly Route[];
  /** Permissions and sizing per handler; default infra/lib/handlers.ts. */
  needs?: Readonly<Record<string, HandlerNeeds>>;
  /**
   * Entry file of the weekly digest. The digest function, its schedule and dead-letter queue exist
   * only when this file exists, so the stack grows with the code. (The service-account secret and the
   * mail grant come with any handler whose needs list them, e.g. request-digest.)
   * @default functions/src/handlers/scheduled-digest.ts
   */
  digestEntry?: string;
  /** Entry file of the daily history anchor; the anchor bucket, key and schedule exist only when it does.
   *  @default functions/src/handlers/scheduled-anchor.ts */
  anchorEntry?: string;
}

/** Name of the scheduled digest handler (key in HANDLER_NEEDS). */
export const DIGEST_HANDLER = "scheduled-digest";

const pascal = (name: string) => name.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

export class LedgerStack extends Stack {
  readonly config: LedgerConfig;
  /** One function per handler name. */
  readonly functions = new Map<string, LedgerFunction>();
  readonly table: Table;
  readonly photos: Bucket;
  readonly accessLogs: Bucket;
  readonly api: HttpApi;
  readonly apiStage: HttpStage;
  readonly alarmTopic: Topic;
  readonly digest?: { fn: LedgerFunction; schedule: Schedule; deadLetters: Queue };
  readonly anchors?: HistoryAnchors;

  private readonly needs: Readonly<Record<string, HandlerNeeds>>;
  private secret?: Secret;
  private readonly prod: boolean;
  private readonly logRetention: RetentionDays;
  private readonly commonEnvironment: Record<string, string>;

  constructor(scope: Construct, id: string, props: LedgerStackProps) {
    super(scope, id, props);
    const config = (this.config = props.config);
    this.needs = props.needs ?? HANDLER_NEEDS;
    this.prod = config.stage === "prod";
    // Prod keeps logs a year (China's Cybersecurity Law asks for at least six months of network logs).
    this.logRetention = this.prod ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH;
    const routes = props.routes ?? ROUTES;

    Tags.of(this).add("project", "outfall-ledger");
    Tags.of(this).add("stage", config.stage);

    if (config.authAudienceIsPlaceholder) {
      Annotations.of(this).addWarningV2(
        "ledger:placeholderClientId",
        "context googleClientId is not set: the JWT authorizer will reject every token. Pass --context googleClientId=<add-on OAuth client id>.",
      );
    }

    if (!config.digestFrom) {
      Annotations.of(this).addWarningV2(
        "ledger:digestNotMailed",
        "context digestFrom/digestTo are not set: digests are archived (and written to the sheet if digestSpreadsheetId is set) but not mailed.",
      );
    } else if (this.partition === "aws-cn") {
      Annotations.of(this).addWarningV2(
        "ledger:sesInChina",
        "Amazon SES is not offered in the China regions: the digest cannot be mailed there (infra/README.md, China).",
      );
    }

    // Fail the synth, not the first request, when a handler has no permission entry.
    const missing = [...new Set(routes.map((r) => r.handler))].filter((h) => !(h in this.needs));
    if (missing.length) {
      throw new Error(`infra/lib/handlers.ts has no entry for handler(s) ${missing.join(", ")}: add what each one needs`);
    }

    this.table = this.createTable();
    ({ photos: this.photos, accessLogs: this.accessLogs } = this.createBuckets());

    this.commonEnvironment = {
      TABLE_NAME: this.table.tableName,
      AUTH_ISSUER: config.authIssuer,
      AUTH_AUDIENCE: config.authAudience,
      AUTH_JWKS_URL: config.authJwksUrl,
      // The `service` dimension of the application's metrics, which infra/lib/alarms.ts watches.
      POWERTOOLS_SERVICE_NAME: `outfall-ledger-${config.stage}`,
    };

    this.alarmTopic = this.createAlarmTopic();
    ({ api: this.api, stage: this.apiStage } = this.createApi(routes));

    const digestEntry = props.digestEntry ?? handlerEntry(DIGEST_HANDLER);
    if (existsSync(digestEntry)) this.digest = this.createDigest(digestEntry);
    const anchorEntry = props.anchorEntry ?? handlerEntry(ANCHOR_HANDLER);
    if (existsSync(anchorEntry)) {
      this.anchors = new HistoryAnchors(this, "HistoryAnchors", {
        entry: anchorEntry,
        accessLogs: this.accessLogs,
        prod: this.prod,
        createFunction: (handler, entry, description) => this.createFunction(handler, entry, description),
      });
      new CfnOutput(this, "AnchorBucketName", { value: this.anchors.bucket.bucketName, description: "History anchors (Object Lock, compliance mode)" });
      new CfnOutput(this, "AnchorSigningKeySecretArn", {
        value: this.anchors.signingKey.secretArn,
        description: "Put the Ed25519 anchor signing key (PEM) here (aws secretsmanager put-secret-value)",
      });
    }

    this.createAlarms();
    new OperatorAlarms(this, "OperatorAlarms", { topic: this.alarmTopic, service: this.commonEnvironment.POWERTOOLS_SERVICE_NAME! });

    new CfnOutput(this, "ApiUrl", { value: this.apiStage.url, description: "Base URL of the API (the add-on's API address)" });
    new CfnOutput(this, "TableName", { value: this.table.tableName, description: "DynamoDB table (infra/scripts/add-admin.ts --table)" });
    new CfnOutput(this, "PhotoBucketName", { value: this.photos.bucketName, description: "Photo bucket (evidence, versioned)" });
    new CfnOutput(this, "AccessLogBucketName", { value: this.accessLogs.bucketName, description: "S3 server access logs of the photo bucket" });
    new CfnOutput(this, "AlarmTopicArn", { value: this.alarmTopic.topicArn, description: "SNS topic of all alarms (subscribe on-call addresses)" });
    if (this.secret) {
      new CfnOutput(this, "GoogleServiceAccountSecretArn", {
        value: this.secret.secretArn,
        description: "Put the Google service-account JSON key here (aws secretsmanager put-secret-value)",
      });
    }
  }

  // ---------------------------------------------------------------- data

  private createTable(): Table {
    const table = new Table(this, "Table", {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // Idempotency entries expire after a day (KEY-DESIGN.md).
      timeToLiveAttribute: TABLE_KEYS.timeToLiveAttribute,
    });
    for (const index of TABLE_KEYS.indexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        // GSI3 carries only the compact progress summaries (see KEY-DESIGN.md); the others whole items.
        ...(index.projection ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: index.projection } : { projectionType: ProjectionType.ALL }),
      });
    }
    return table;
  }

  private createBuckets(): { photos: Bucket; accessLogs: Bucket } {
    // SSE-S3 for both buckets, not KMS: S3 server access logging can only deliver to an SSE-S3 bucket;
    // for photos, SSE-KMS would add a KMS request to every presigned upload and download (cost, and
    // kms:GenerateDataKey/Decrypt grants on every presigning role) while protecting against nothing
    // our threat model needs beyond what private, TLS-only, IAM-scoped access already gives.
    const accessLogs = new Bucket(this, "AccessLogs", {
      ...PRIVATE_BUCKET,
      lifecycleRules: [{ id: "expire-access-logs", expiration: Duration.days(this.prod ? 400 : 90) }],
    });
    // (cdk-nag's S1 accepts a bucket that is itself the access-log destination of another bucket.)

    const photos = new Bucket(this, "Photos", {
      ...PRIVATE_BUCKET,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: "photos/",
      lifecycleRules: [
        {
          // Photos are evidence: an overwritten or deleted photo stays as a noncurrent version, moved to
          // cheaper storage after 30 days and kept ten years before it may expire.
          id: "keep-noncurrent-evidence",
          noncurrentVersionTransitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) }],
          noncurrentVersionExpiration: Duration.days(3650),
        },
        { id: "abort-incomplete-uploads", abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
    });
    return { photos, accessLogs };
  }

  // ---------------------------------------------------------------- functions

  /** Creates (once) the function of a handler with the grants its entry in handlers.ts lists; also used by
   *  constructs in other files (history-anchors.ts). */
  createFunction(handler: string, entry: string, description: string): LedgerFunction {
    const existing = this.functions.get(handler);
    if (existing) return existing;
    const needs = this.needs[handler];
    if (!needs) throw new Error(`infra/lib/handlers.ts has no entry for handler ${handler}`);
    if (!existsSync(entry)) throw new Error(`${description}: handler file ${entry} does not exist`);
    const { config } = this;
    const environment: Record<string, string> = { ...this.commonEnvironment };
    if (needs.bucket) environment.BUCKET_NAME = this.photos.bucketName;
    if (needs.secret) {
      environment.GOOGLE_SERVICE_ACCOUNT_SECRET_ARN = this.serviceAccountSecret().secretArn;
      if (config.digestSpreadsheetId) environment.DIGEST_SPREADSHEET_ID = config.digestSpreadsheetId;
    }
    if (needs.mail && config.digestFrom) {
      environment.DIGEST_FROM = config.digestFrom;
      environment.DIGEST_TO = config.digestTo.join(",");
    }
    const fn = new LedgerFunction(this, pascal(handler), {
      entry,
      description,
      memoryMb: needs.memoryMb ?? DEFAULT_MEMORY_MB,
      timeoutSeconds: needs.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
      environment,
      logRetention: this.logRetention,
      logRemovalPolicy: this.prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.grant(fn, needs);
    acknowledge(
      fn.fn.node.defaultChild!,
      "AwsSolutions-L1",
      "Runtime pinned to nodejs22.x on purpose (architecture.md §1/§3): the handlers, the local stack and CI are built and tested for Node 20/22; nodejs22.x is a supported Lambda runtime. Move to nodejs24.x together with CI.",
    );
    this.functions.set(handler, fn);
    return fn;
  }

  /** Grants exactly what infra/lib/handlers.ts lists for the handler, nothing by wildcard action. */
  private grant(fn: LedgerFunction, needs: HandlerNeeds): void {
    const role = fn.role;
    const { config } = this;
    for (const statement of tableStatements(this.table.tableArn, needs)) role.addToPrincipalPolicy(statement);
    if (needs.bucket) {
      const { actions, objects } = needs.bucket;
      role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: "BucketObjects",
          // Never s3:DeleteObjectVersion: photos are evidence, and on this versioned bucket DeleteObject
          // only adds a delete marker (the version is kept, see the lifecycle rule).
          actions: [...actions],
          resources: [this.photos.arnForObjects(objects)],
        }),
      );
      const bucketLogicalId = this.resolve(this.getLogicalId(this.photos.node.defaultChild as CfnBucket)) as string;
      acknowledge(
        role,
        `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/${objects}]`,
        `${actions.join(", ")} on the key pattern ${objects} of the photo bucket only: object keys carry ids generated at run time, so they cannot be listed in the policy; no bucket-level actions and never DeleteObjectVersion, so no stored version can be destroyed.`,
      );
    }
    if (needs.secret) this.serviceAccountSecret().grantRead(role);
    if (needs.mail && config.digestFrom) {
      const domain = config.digestFrom.split("@")[1]!;
      role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: "SendDigestMail",
          actions: [...MAIL_ACTIONS],
          // The address or its domain, whichever is the verified identity; and only as that sender.
          resources: [config.digestFrom, domain].map((identity) =>
            this.formatArn({ service: "ses", resource: "identity", resourceName: identity, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }),
          ),
          conditions: { StringEquals: { "ses:FromAddress": config.digestFrom } },
        }),
      );
    }
  }

  /** The Google service-account key, created (empty) with the first function that needs it. */
  get googleServiceAccountSecret(): Secret | undefined {
    return this.secret;
  }

  private serviceAccountSecret(): Secret {
    if (this.secret) return this.secret;
    const secret = new Secret(this, "GoogleServiceAccountKey", {
      description: "Google service-account JSON key: writes the weekly digest into the district's sheet (put by the admin)",
      removalPolicy: this.prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // Created without a value (no generated password): the admin puts the JSON key (infra/README.md).
    (secret.node.defaultChild as CfnSecret).addPropertyDeletionOverride("GenerateSecretString");
    acknowledge(
      secret,
      "AwsSolutions-SMG4",
      "The value is a key issued by Google Cloud for a service account; Secrets Manager cannot rotate it (a rotation function would need Google IAM admin rights). The admin rotates it in the Google Cloud console and puts the new key here (infra/README.md).",
    );
    this.secret = secret;
    return secret;
  }

  // ---------------------------------------------------------------- API

  private createApi(routes: readonly Route[]): { api: HttpApi; stage: HttpStage } {
    const { config } = this;
    const authorizer = new HttpJwtAuthorizer("GoogleIdToken", config.authIssuer, {
      jwtAudience: [config.authAudience],
      identitySource: ["$request.header.Authorization"],
    });
    // Secure by default: every route gets the JWT authorizer unless the route table says `public`.
    const api = new HttpApi(this, "Api", {
      description: `Outfall ledger API (${config.stage})`,
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
    });

    const accessLogGroup = new LogGroup(this, "ApiAccessLogs", {
      retention: this.logRetention,
      removalPolicy: this.prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // JSON, one object per request. No path (it can hold an e-mail: /v1/users/{email}), no claims:
    // the route key names the route without personal data.
    const format = AccessLogFormat.custom(
      JSON.stringify({
        requestId: "$context.requestId",
        time: "$context.requestTime",
        ip: "$context.identity.sourceIp",
        userAgent: "$context.identity.userAgent",
        method: "$context.httpMethod",
        route: "$context.routeKey",
        status: "$context.status",
        protocol: "$context.protocol",
        bytes: "$context.responseLength",
        latencyMs: "$context.responseLatency",
        integrationLatencyMs: "$context.integrationLatency",
        integrationStatus: "$context.integration.status",
        error: "$context.error.messageString",
        authorizerError: "$context.authorizer.error",
      }).replace('"$context.error.messageString"', "$context.error.messageString"), // already a quoted JSON string
    );
    const stage = api.addStage("DefaultStage", {
      stageName: "$default",
      autoDeploy: true,
      throttle: { rateLimit: config.apiRateLimit, burstLimit: config.apiBurstLimit },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogGroup), format },
    });

    for (const route of routes) {
      const fn = this.createFunction(route.handler, handlerEntry(route.handler), `${route.method} ${route.path} (${route.handler})`);
      const created = api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${pascal(route.handler)}${route.method}Integration`, fn.fn),
        ...(route.public ? { authorizer: new HttpNoneAuthorizer() } : {}),
      });
      if (route.public) {
        const reason = PUBLIC_ROUTES[`${route.method} ${route.path}`];
        if (!reason) {
          throw new Error(`${route.method} ${route.path} is public in the route table but not listed in PUBLIC_ROUTES (infra/lib/handlers.ts) with a reason`);
        }
        for (const r of created) acknowledge(r, "AwsSolutions-APIG4", reason);
      }
    }
    return { api, stage };
  }

  // ---------------------------------------------------------------- digest

  private createDigest(entry: string): NonNullable<LedgerStack["digest"]> {
    const deadLetters = new Queue(this, "DigestDeadLetters", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      deadLetters,
      "AwsSolutions-SQS3",
      "This queue is itself the dead-letter queue of the digest schedule and of the digest function's asynchronous invocations; a message here raises an alarm and is inspected by hand.",
    );

    const fn = this.createFunction(DIGEST_HANDLER, entry, "Weekly progress digest (EventBridge Scheduler)");
    // Scheduler invokes Lambda asynchronously: a digest that still fails after Lambda's own retries
    // (the handler throws when a delivery failed) lands in the same dead-letter queue as a schedule that
    // could not invoke the function at all.
    fn.fn.configureAsyncInvoke({ onFailure: new SqsDestination(deadLetters), retryAttempts: 2, maxEventAge: Duration.hours(6) });

    // Our own role for the scheduler, trusted only by this account's EventBridge Scheduler; the target
    // adds lambda:InvokeFunction on the digest function and sqs:SendMessage on the dead-letter queue.
    const schedulerRole = new Role(this, "DigestSchedulerRole", {
      assumedBy: new ServicePrincipal("scheduler.amazonaws.com", { conditions: { StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } } }),
      description: "EventBridge Scheduler: invoke the weekly digest function",
    });
    const fnLogicalId = this.resolve(this.getLogicalId(fn.fn.node.defaultChild as CfnFunction)) as string;
    acknowledge(
      schedulerRole,
      `AwsSolutions-IAM5[Resource::<${fnLogicalId}.Arn>:*]`,
      "Added by Function.grantInvoke so the schedule may also invoke published versions/aliases of the digest function (<arn>:*); it is limited to lambda:InvokeFunction on this single function.",
    );
    const schedule = new Schedule(this, "WeeklyDigest", {
      description: `Weekly outfall progress digest, ${this.config.digestCron} Asia/Shanghai`,
      schedule: ScheduleExpression.expression(this.config.digestCron, TimeZone.ASIA_SHANGHAI),
      timeWindow: TimeWindow.off(),
      target: new LambdaInvoke(fn.fn, {
        role: schedulerRole,
        deadLetterQueue: deadLetters,
        retryAttempts: 3,
        maxEventAge: Duration.hours(2),
        // The scheduled time names the digest (w-YYYYMMDDHHMM), so a retry never makes a second one.
        input: ScheduleTargetInput.fromObject({ scheduledTime: ContextAttribute.scheduledTime }),
      }),
    });
    return { fn, schedule, deadLetters };
  }

  // ---------------------------------------------------------------- alarms

  private createAlarmTopic(): Topic {
    // SNS needs a customer-managed key here: CloudWatch alarms cannot publish to a topic encrypted with
    // the AWS-managed aws/sns key, whose key policy cannot grant cloudwatch.amazonaws.com.
    const key = new Key(this, "AlarmTopicKey", {
      description: "Encrypts the alarm topic of the outfall ledger",
      enableKeyRotation: true,
      // Only transient notifications are encrypted with it; nothing is lost when it is deleted.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    const cloudwatch = new ServicePrincipal("cloudwatch.amazonaws.com");
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: "AllowCloudWatchAlarms",
        principals: [cloudwatch],
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
        conditions: { StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } },
      }),
    );
    const topic = new Topic(this, "AlarmTopic", { displayName: `Outfall ledger alarms (${this.config.stage})`, masterKey: key, enforceSSL: true });
    topic.addToResourcePolicy(
      new PolicyStatement({
        sid: "AllowCloudWatchAlarms",
        principals: [cloudwatch],
        actions: ["sns:Publish"],
        resources: [topic.topicArn],
        conditions: { StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } },
      }),
    );
    if (this.config.alarmEmail) topic.addSubscription(new EmailSubscription(this.config.alarmEmail));
    return topic;
  }

  private alarm(id: string, metric: IMetric, description: string, threshold = 1): Alarm {
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new SnsAction(this.alarmTopic));
    return alarm;
  }

  private createAlarms(): void {
    const period = Duration.minutes(5);
    this.alarm(
      "Api5xxAlarm",
      this.api.metricServerError({ period, statistic: "Sum" }),
      "HTTP API answered 5xx (a function crashed, timed out or was throttled) 5 times or more in 5 minutes",
      5,
    );
    for (const [handler, fn] of this.functions) {
      const name = pascal(handler);
      this.alarm(`${name}ErrorsAlarm`, fn.fn.metricErrors({ period, statistic: "Sum" }), `${handler}: unhandled errors or timeouts (Lambda Errors >= 1 in 5 minutes)`);
      this.alarm(`${name}ThrottlesAlarm`, fn.fn.metricThrottles({ period, statistic: "Sum" }), `${handler}: invocations throttled (account concurrency exhausted)`);
    }
    // The operations the adapters use (functions/src/adapters/dynamodb).
    const operations = [
      Operation.GET_ITEM,
      Operation.BATCH_GET_ITEM,
      Operation.QUERY,
      Operation.PUT_ITEM,
      Operation.UPDATE_ITEM,
      Operation.DELETE_ITEM,
      Operation.TRANSACT_WRITE_ITEMS,
    ];
    this.alarm(
      "TableThrottlesAlarm",
      this.table.metricThrottledRequestsForOperations({ operations, period }),
      "DynamoDB throttled requests on the ledger table (hot partition or on-demand limit)",
    );
    this.alarm(
      "TableSystemErrorsAlarm",
      this.table.metricSystemErrorsForOperations({ operations, period }),
      "DynamoDB system errors (HTTP 500) on the ledger table",
    );
    if (this.digest) {
      this.alarm(
        "DigestDeadLettersAlarm",
        this.digest.deadLetters.metricApproximateNumberOfMessagesVisible({ period, statistic: "Maximum" }),
        "Weekly digest failed: a message is waiting in the digest dead-letter queue",
      );
      this.alarm(
        "DigestNotDeliverableAlarm",
        Schedule.metricAllFailedToBeSentToDLQ(undefined, { period, statistic: "Sum" }),
        "EventBridge Scheduler could not even deliver a failed digest invocation to its dead-letter queue",
      );
    }
  }
}
