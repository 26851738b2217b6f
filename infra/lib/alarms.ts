// Alarms on the application's own metrics (functions/src/observability, embedded metric format), where an
// operator must act: a digest that did not reach its readers, a burst of refused tokens (a broken client
// release, an expired OAuth client, or someone probing) or of out-of-scope requests (403), any role change
// (a new coordinator or admin), and requests our handlers answered with 500.
// Also here: the encrypted SNS topic every alarm publishes to, and the platform alarms (API 5xx, Lambda
// errors and throttles, DynamoDB, the digest's dead letters).
import { Aws, Duration, RemovalPolicy } from "aws-cdk-lib";
import type { HttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import { Alarm, ComparisonOperator, type IMetric, MathExpression, Metric, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { Operation, type Table } from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import { Schedule } from "aws-cdk-lib/aws-scheduler";
import { type CfnTopic, type ITopic, Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type { Queue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { METRIC, METRIC_NAMESPACE, type MetricName } from "../../functions/src/observability/metric-names.js";
import type { LedgerFunction } from "./ledger-function.js";

/** One evaluation period at or over the threshold raises it; no data is not a breach. */
function addAlarm(scope: Construct, id: string, topic: ITopic, metric: IMetric, description: string, threshold = 1): Alarm {
  const alarm = new Alarm(scope, id, {
    metric,
    threshold,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
    alarmDescription: description,
  });
  alarm.addAlarmAction(new SnsAction(topic));
  return alarm;
}

export interface OperatorAlarmsProps {
  topic: ITopic;
  /** The `service` dimension the functions emit (POWERTOOLS_SERVICE_NAME). */
  service: string;
  /** Refused tokens or unknown users in 5 minutes that count as a burst. */
  authRefusalBurst?: number;
  /** 403 R-SCOPE refusals in 5 minutes that count as a burst. */
  scopeRefusalBurst?: number;
}

export class OperatorAlarms extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperatorAlarmsProps) {
    super(scope, id);
    const period = Duration.minutes(5);
    const metric = (name: MetricName, detail: Record<string, string> = {}) =>
      new Metric({ namespace: METRIC_NAMESPACE, metricName: name, dimensionsMap: { service: props.service, ...detail }, statistic: "Sum", period });
    const alarm = (alarmId: string, name: MetricName, threshold: number, description: string, detail?: Record<string, string>) => {
      this.alarms.push(addAlarm(this, alarmId, props.topic, metric(name, detail), description, threshold));
    };
    alarm(
      "DigestDeliveryFailures",
      METRIC.digestDeliveryFailures,
      1,
      "A progress digest was not delivered on a channel (mail, sheet or archive): see the digest function's logs (\"digest failed\") and DigestDeliveries by channel",
    );
    alarm(
      "AuthRefusalBurst",
      METRIC.authRefusals,
      props.authRefusalBurst ?? 50,
      "Many requests refused for a bad token or an unknown user in 5 minutes: a broken client, a changed OAuth client id, or probing; AuthRefusals by reason tells which",
    );
    alarm(
      "RoleChanges",
      METRIC.roleChanges,
      1,
      "A user's role changed, or a coordinator's or admin's access was granted or changed (PUT /v1/users by an admin): confirm it was intended; GET /v1/audit lists who changed what",
    );
    alarm(
      "ScopeRefusalBurst",
      METRIC.refusals,
      props.scopeRefusalBurst ?? 50,
      "Many requests refused as beyond the caller's rights (403 R-SCOPE) in 5 minutes: a misconfigured user or someone probing other subdistricts' records; the logs by route and role tell which",
      { rule: "R-SCOPE" },
    );
    alarm(
      "ServerErrors",
      METRIC.serverErrors,
      1,
      "A handler answered 500 (a bug or a dependency down): find \"request failed\" in the logs by correlation id; ServerErrors by route tells where",
    );
  }
}

export interface AlarmTopicProps {
  stage: string;
  /** Subscribed by e-mail when given (context alarmEmail). */
  email?: string;
}

/** The SNS topic of all alarms, encrypted with its own key. */
export class AlarmTopic extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    // SNS needs a customer-managed key here: CloudWatch alarms cannot publish to a topic encrypted with
    // the AWS-managed aws/sns key, whose key policy cannot grant cloudwatch.amazonaws.com.
    const key = new Key(this, "Key", {
      description: "Encrypts the alarm topic of the outfall ledger",
      enableKeyRotation: true,
      // Only transient notifications are encrypted with it; nothing is lost when it is deleted.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    const cloudwatch = new ServicePrincipal("cloudwatch.amazonaws.com");
    const sourceAccount = { StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } };
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: "AllowCloudWatchAlarms",
        principals: [cloudwatch],
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
        conditions: sourceAccount,
      }),
    );
    const topic = (this.topic = new Topic(this, "Topic", { displayName: `Outfall ledger alarms (${props.stage})`, masterKey: key, enforceSSL: true }));
    topic.addToResourcePolicy(
      new PolicyStatement({ sid: "AllowCloudWatchAlarms", principals: [cloudwatch], actions: ["sns:Publish"], resources: [topic.topicArn], conditions: sourceAccount }),
    );
    // Pinned to its id from before the split: on-call subscribers keep their subscription.
    (topic.node.defaultChild as CfnTopic).overrideLogicalId("AlarmTopicD01E77F9");
    if (props.email) topic.addSubscription(new EmailSubscription(props.email));
  }
}

export interface PlatformAlarmsProps {
  topic: ITopic;
  api: HttpApi;
  table: Table;
  /** Every function by handler name. */
  functions: ReadonlyMap<string, LedgerFunction>;
  digestDeadLetters?: Queue;
}

/** Functions summed in one alarm: CloudWatch allows 10 metrics in an alarm's math expression. */
export const FUNCTIONS_PER_ALARM = 10;

/** Alarms on what AWS measures: API 5xx, every function's errors and throttles, DynamoDB, the digest. */
export class PlatformAlarms extends Construct {
  constructor(scope: Construct, id: string, props: PlatformAlarmsProps) {
    super(scope, id);
    const period = Duration.minutes(5);
    const alarm = (alarmId: string, metric: IMetric, description: string, threshold = 1) => addAlarm(this, alarmId, props.topic, metric, description, threshold);
    alarm(
      "Api5xxAlarm",
      props.api.metricServerError({ period, statistic: "Sum" }),
      "HTTP API answered 5xx (a function crashed, timed out or was throttled) 5 times or more in 5 minutes",
      5,
    );
    // Errors and throttles of every function, ten functions an alarm (the most metrics one alarm's math
    // may name): one alarm per function would cost 2 of CloudFormation's 500 resources per function. The
    // description names the functions; the Errors metric by FunctionName then tells which one.
    const groups: [string, LedgerFunction][][] = [];
    for (const entry of props.functions) {
      if (!groups.length || groups.at(-1)!.length === FUNCTIONS_PER_ALARM) groups.push([]);
      groups.at(-1)!.push(entry);
    }
    groups.forEach((group, n) => {
      const names = group.map(([handler]) => handler).join(", ");
      const sum = (label: string, of: (fn: LedgerFunction) => IMetric) =>
        new MathExpression({
          expression: group.map((_, i) => `m${i}`).join(" + "),
          usingMetrics: Object.fromEntries(group.map(([, fn], i) => [`m${i}`, of(fn)])),
          label,
          period,
        });
      alarm(`FunctionErrorsAlarm${n + 1}`, sum("Errors", (fn) => fn.fn.metricErrors({ period, statistic: "Sum" })), `Unhandled errors or timeouts (Lambda Errors >= 1 in 5 minutes) in one of: ${names}`);
      alarm(`FunctionThrottlesAlarm${n + 1}`, sum("Throttles", (fn) => fn.fn.metricThrottles({ period, statistic: "Sum" })), `Invocations throttled (account concurrency exhausted) in one of: ${names}`);
    });
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
    alarm(
      "TableThrottlesAlarm",
      props.table.metricThrottledRequestsForOperations({ operations, period }),
      "DynamoDB throttled requests on the ledger table (hot partition or on-demand limit)",
    );
    alarm("TableSystemErrorsAlarm", props.table.metricSystemErrorsForOperations({ operations, period }), "DynamoDB system errors (HTTP 500) on the ledger table");
    if (props.digestDeadLetters) {
      alarm(
        "DigestDeadLettersAlarm",
        props.digestDeadLetters.metricApproximateNumberOfMessagesVisible({ period, statistic: "Maximum" }),
        "Weekly digest failed: a message is waiting in the digest dead-letter queue",
      );
      alarm(
        "DigestNotDeliverableAlarm",
        Schedule.metricAllFailedToBeSentToDLQ(undefined, { period, statistic: "Sum" }),
        "EventBridge Scheduler could not even deliver a failed digest invocation to its dead-letter queue",
      );
    }
  }
}
