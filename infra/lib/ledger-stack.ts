// The outfall ledger in AWS (architecture.md §1): HTTP API with a JWT authorizer → one Lambda function
// per handler → a single DynamoDB table and a private photo bucket; EventBridge Scheduler for the weekly
// digest once its handler exists; alarms to an encrypted SNS topic. Secure by default and checked by
// cdk-nag (infra/lib/nag.ts): every acknowledged finding below carries its reason.
import { existsSync } from "node:fs";
import { Annotations, ArnFormat, CfnOutput, RemovalPolicy, Stack, type StackProps, Tags, Token } from "aws-cdk-lib";
import type { HttpApi, HttpStage } from "aws-cdk-lib/aws-apigatewayv2";
import type { Table } from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import type { Bucket, CfnBucket } from "aws-cdk-lib/aws-s3";
import { type CfnSecret, Secret } from "aws-cdk-lib/aws-secretsmanager";
import type { Topic } from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";
import { ROUTES, type Route } from "../../functions/src/routes.js";
import { AlarmTopic, OperatorAlarms, PlatformAlarms } from "./alarms.js";
import type { LedgerConfig } from "./config.js";
import { DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS, HANDLER_NEEDS, bundleDefines, type HandlerNeeds, MAIL_ACTIONS } from "./handlers.js";
import { ANCHOR_HANDLER, HistoryAnchors } from "./history-anchors.js";
import { LedgerApi, pascal } from "./ledger-api.js";
import { LedgerFunction } from "./ledger-function.js";
import { acknowledge } from "./nag.js";
import { handlerEntry } from "./paths.js";
import { LedgerStorage } from "./storage.js";
import { tableStatements } from "./table-grants.js";
import { WebApp } from "./web-app.js";
import { DIGEST_HANDLER, WeeklyDigest } from "./weekly-digest.js";

export { DIGEST_HANDLER };

/** A handler behind sign-in verifies personal tokens (GetItem, within "read") and marks their last use
 *  (UpdateItem on TOKEN#, at most once a minute per token): functions/src/app/tokens.ts. */
export function withTokenTouch(needs: HandlerNeeds): HandlerNeeds {
  const touch = { prefix: "TOKEN#" as const, actions: ["dynamodb:UpdateItem" as const] };
  return { ...needs, table: "readwrite", writes: [...(needs.writes ?? []), touch] };
}

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
  readonly digest?: WeeklyDigest;
  readonly anchors?: HistoryAnchors;
  /** The field app's hosting; absent in the China regions (no CloudFront Functions or origin access control there). */
  readonly webApp?: WebApp;

  private readonly needs: Readonly<Record<string, HandlerNeeds>>;
  private secret?: Secret;
  private readonly prod: boolean;
  private readonly logRetention: RetentionDays;
  private readonly commonEnvironment: Record<string, string>;
  /** Handlers behind sign-in: they verify personal tokens and mark their last use. */
  private readonly authenticated: Set<string>;

  constructor(scope: Construct, id: string, props: LedgerStackProps) {
    super(scope, id, props);
    const config = (this.config = props.config);
    this.needs = props.needs ?? HANDLER_NEEDS;
    this.prod = config.stage === "prod";
    // Prod keeps logs a year (China's Cybersecurity Law asks for at least six months of network logs).
    this.logRetention = this.prod ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH;
    const routes = props.routes ?? ROUTES;
    this.authenticated = new Set(routes.filter((r) => !r.public).map((r) => r.handler));

    Tags.of(this).add("project", "outfall-ledger");
    Tags.of(this).add("stage", config.stage);

    if (config.authAudienceIsPlaceholder) {
      Annotations.of(this).addWarningV2(
        "ledger:placeholderClientId",
        "context googleClientId is not set: Google sign-in will reject every token. Pass --context googleClientId=<add-on OAuth client id> (or googleSignIn=false with oidcProviders).",
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

    // Functions are created in the stack's own scope (createFunction), the rest in constructs of their own.
    ({ table: this.table, photos: this.photos, accessLogs: this.accessLogs } = new LedgerStorage(this, "Storage", { prod: this.prod }));

    this.commonEnvironment = {
      TABLE_NAME: this.table.tableName,
      // Every trusted issuer (Google, the district's OIDC providers): the functions verify tokens themselves
      // (infra/README.md, "Sign-in"); personal tokens are looked up in the table.
      AUTH_ISSUERS: JSON.stringify(config.issuers),
      // The `service` dimension of the application's metrics, which infra/lib/alarms.ts watches.
      POWERTOOLS_SERVICE_NAME: `outfall-ledger-${config.stage}`,
    };

    this.alarmTopic = new AlarmTopic(this, "Alarms", { stage: config.stage, email: config.alarmEmail }).topic;
    const createFunction = (handler: string, entry: string, description: string) => this.createFunction(handler, entry, description);
    ({ api: this.api, stage: this.apiStage } = new LedgerApi(this, "Http", { config, routes, prod: this.prod, logRetention: this.logRetention, createFunction }));

    const digestEntry = props.digestEntry ?? handlerEntry(DIGEST_HANDLER);
    if (existsSync(digestEntry)) this.digest = new WeeklyDigest(this, "Digest", { entry: digestEntry, cron: config.digestCron, createFunction });
    const anchorEntry = props.anchorEntry ?? handlerEntry(ANCHOR_HANDLER);
    if (existsSync(anchorEntry)) {
      this.anchors = new HistoryAnchors(this, "HistoryAnchors", {
        entry: anchorEntry,
        accessLogs: this.accessLogs,
        prod: this.prod,
        createFunction,
      });
      new CfnOutput(this, "AnchorBucketName", { value: this.anchors.bucket.bucketName, description: "History anchors (Object Lock, compliance mode)" });
      new CfnOutput(this, "AnchorSigningKeySecretArn", {
        value: this.anchors.signingKey.secretArn,
        description: "Put the Ed25519 anchor signing key (PEM) here (aws secretsmanager put-secret-value)",
      });
    }

    new PlatformAlarms(this, "PlatformAlarms", {
      topic: this.alarmTopic,
      api: this.api,
      table: this.table,
      functions: this.functions,
      digestDeadLetters: this.digest?.deadLetters,
    });
    new OperatorAlarms(this, "OperatorAlarms", { topic: this.alarmTopic, service: this.commonEnvironment.POWERTOOLS_SERVICE_NAME! });

    if (!Token.isUnresolved(this.region) && this.region.startsWith("cn-")) {
      Annotations.of(this).addWarningV2(
        "ledger:webAppInChina",
        "CloudFront in the China regions has no Functions or origin access control and needs an ICP-filed domain: the field app (/app/) is not hosted by this stack there (serve webapp/dist from the district's own web server).",
      );
    } else {
      this.webApp = new WebApp(this, "WebApp", { api: this.api, photos: this.photos, accessLogs: this.accessLogs });
      new CfnOutput(this, "AppUrl", { value: `https://${this.webApp.distribution.distributionDomainName}/app/`, description: "The field app (一张图, capture); upload webapp/dist to WebAppBucketName under app/" });
      new CfnOutput(this, "WebAppBucketName", { value: this.webApp.bucket.bucketName, description: "Field app files (private, read by CloudFront only)" });
    }
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

  // ---------------------------------------------------------------- functions

  /** Creates (once) the function of a handler with the grants its entry in handlers.ts lists; also used by
   *  constructs in other files (history-anchors.ts). */
  createFunction(handler: string, entry: string, description: string): LedgerFunction {
    const existing = this.functions.get(handler);
    if (existing) return existing;
    const listed = this.needs[handler];
    if (!listed) throw new Error(`infra/lib/handlers.ts has no entry for handler ${handler}`);
    const needs = this.authenticated.has(handler) ? withTokenTouch(listed) : listed;
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
      ...(needs.files ? { files: needs.files } : {}),
      define: bundleDefines(needs),
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
      // `logicalId`, not getLogicalId(): the bucket's id is pinned (storage.ts), which only the former honours.
      const bucketLogicalId = this.resolve((this.photos.node.defaultChild as CfnBucket).logicalId) as string;
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
}
