// The weekly progress digest: its function, an EventBridge Scheduler schedule (Asia/Shanghai) and the
// dead-letter queue shared by the schedule and the function's asynchronous invocations.
import { Aws, Duration, Stack, TimeZone } from "aws-cdk-lib";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import { SqsDestination } from "aws-cdk-lib/aws-lambda-destinations";
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput, TimeWindow } from "aws-cdk-lib/aws-scheduler";
import { LambdaInvoke } from "aws-cdk-lib/aws-scheduler-targets";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { LedgerFunction } from "./ledger-function.js";
import { acknowledge } from "./nag.js";

/** Name of the scheduled digest handler (key in HANDLER_NEEDS). */
export const DIGEST_HANDLER = "scheduled-digest";

export interface WeeklyDigestProps {
  entry: string;
  /** EventBridge Scheduler cron expression, Asia/Shanghai (config digestCron). */
  cron: string;
  createFunction(handler: string, entry: string, description: string): LedgerFunction;
}

export class WeeklyDigest extends Construct {
  readonly fn: LedgerFunction;
  readonly schedule: Schedule;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: WeeklyDigestProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.deadLetters = new Queue(this, "DeadLetters", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.deadLetters,
      "AwsSolutions-SQS3",
      "This queue is itself the dead-letter queue of the digest schedule and of the digest function's asynchronous invocations; a message here raises an alarm and is inspected by hand.",
    );

    this.fn = props.createFunction(DIGEST_HANDLER, props.entry, "Weekly progress digest (EventBridge Scheduler)");
    // Scheduler invokes Lambda asynchronously: a digest that still fails after Lambda's own retries
    // (the handler throws when a delivery failed) lands in the same dead-letter queue as a schedule that
    // could not invoke the function at all.
    this.fn.fn.configureAsyncInvoke({ onFailure: new SqsDestination(this.deadLetters), retryAttempts: 2, maxEventAge: Duration.hours(6) });

    // Our own role for the scheduler, trusted only by this account's EventBridge Scheduler; the target
    // adds lambda:InvokeFunction on the digest function and sqs:SendMessage on the dead-letter queue.
    const schedulerRole = new Role(this, "SchedulerRole", {
      assumedBy: new ServicePrincipal("scheduler.amazonaws.com", { conditions: { StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } } }),
      description: "EventBridge Scheduler: invoke the weekly digest function",
    });
    const fnLogicalId = stack.resolve(stack.getLogicalId(this.fn.fn.node.defaultChild as CfnFunction)) as string;
    acknowledge(
      schedulerRole,
      `AwsSolutions-IAM5[Resource::<${fnLogicalId}.Arn>:*]`,
      "Added by Function.grantInvoke so the schedule may also invoke published versions/aliases of the digest function (<arn>:*); it is limited to lambda:InvokeFunction on this single function.",
    );
    this.schedule = new Schedule(this, "Weekly", {
      description: `Weekly outfall progress digest, ${props.cron} Asia/Shanghai`,
      schedule: ScheduleExpression.expression(props.cron, TimeZone.ASIA_SHANGHAI),
      timeWindow: TimeWindow.off(),
      target: new LambdaInvoke(this.fn.fn, {
        role: schedulerRole,
        deadLetterQueue: this.deadLetters,
        retryAttempts: 3,
        maxEventAge: Duration.hours(2),
        // The scheduled time names the digest (w-YYYYMMDDHHMM), so a retry never makes a second one.
        input: ScheduleTargetInput.fromObject({ scheduledTime: ContextAttribute.scheduledTime }),
      }),
    });
  }
}
