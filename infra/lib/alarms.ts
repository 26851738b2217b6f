// Alarms on the application's own metrics (functions/src/observability, embedded metric format), where an
// operator must act: a digest that did not reach its readers, a burst of refused tokens (a broken client
// release, an expired OAuth client, or someone probing), and requests our handlers answered with 500.
// The platform alarms (API 5xx, Lambda errors and throttles, DynamoDB) stay in ledger-stack.ts.
import { Duration } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type { ITopic } from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";
import { METRIC, METRIC_NAMESPACE, type MetricName } from "../../functions/src/observability/metric-names.js";

export interface OperatorAlarmsProps {
  topic: ITopic;
  /** The `service` dimension the functions emit (POWERTOOLS_SERVICE_NAME). */
  service: string;
  /** Refused tokens or unknown users in 5 minutes that count as a burst. */
  authRefusalBurst?: number;
}

export class OperatorAlarms extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperatorAlarmsProps) {
    super(scope, id);
    const period = Duration.minutes(5);
    const metric = (name: MetricName) => new Metric({ namespace: METRIC_NAMESPACE, metricName: name, dimensionsMap: { service: props.service }, statistic: "Sum", period });
    const alarm = (alarmId: string, name: MetricName, threshold: number, description: string) => {
      const a = new Alarm(this, alarmId, {
        metric: metric(name),
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      a.addAlarmAction(new SnsAction(props.topic));
      this.alarms.push(a);
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
      "ServerErrors",
      METRIC.serverErrors,
      1,
      "A handler answered 500 (a bug or a dependency down): find \"request failed\" in the logs by correlation id; ServerErrors by route tells where",
    );
  }
}
