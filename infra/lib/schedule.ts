// An EventBridge Scheduler schedule (Asia/Shanghai) invoking one function with its scheduled time, through
// a role of its own and with a dead-letter queue: shared by the weekly digest and the daily history anchor.
// Created in the caller's scope under the ids it names, so the resources keep their logical ids.
import { Aws, Duration, Stack, TimeZone } from "aws-cdk-lib";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput, TimeWindow } from "aws-cdk-lib/aws-scheduler";
import { LambdaInvoke } from "aws-cdk-lib/aws-scheduler-targets";
import { type IQueue, Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import type { LedgerFunction } from "./ledger-function.js";
import { acknowledge } from "./nag.js";

export interface ScheduledInvocationProps {
  fn: LedgerFunction;
  /** EventBridge Scheduler cron expression, evaluated in Asia/Shanghai. */
  cron: string;
  description: string;
  /** What the function is, in the role's description and the nag reason ("weekly digest"). */
  what: string;
  deadLetters: IQueue;
  /** Construct ids of the role and the schedule in `scope`. */
  ids: { role: string; schedule: string };
}

/** The dead-letter queue of a schedule, as `DeadLetters` in `scope` (so its logical id stays); `reason` says
 *  why it carries no dead-letter queue of its own (cdk-nag SQS3). */
export function scheduleDeadLetters(scope: Construct, reason: string): Queue {
  const queue = new Queue(scope, "DeadLetters", { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
  acknowledge(queue, "AwsSolutions-SQS3", reason);
  return queue;
}

/** The function is invoked with `{ scheduledTime }`, which names what it makes, so a retry adds nothing. */
export function scheduleInvocation(scope: Construct, props: ScheduledInvocationProps): Schedule {
  const stack = Stack.of(scope);
  // Our own role for the scheduler, trusted only by this account's EventBridge Scheduler; the target
  // adds lambda:InvokeFunction on the function and sqs:SendMessage on the dead-letter queue.
  const role = new Role(scope, props.ids.role, {
    assumedBy: new ServicePrincipal("scheduler.amazonaws.com", { conditions: { StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } } }),
    description: `EventBridge Scheduler: invoke the ${props.what} function`,
  });
  const fnLogicalId = stack.resolve((props.fn.fn.node.defaultChild as CfnFunction).logicalId) as string;
  acknowledge(
    role,
    `AwsSolutions-IAM5[Resource::<${fnLogicalId}.Arn>:*]`,
    `Added by Function.grantInvoke so the schedule may also invoke published versions/aliases of the ${props.what.split(" ").at(-1)} function (<arn>:*); it is limited to lambda:InvokeFunction on this single function.`,
  );
  return new Schedule(scope, props.ids.schedule, {
    description: props.description,
    schedule: ScheduleExpression.expression(props.cron, TimeZone.ASIA_SHANGHAI),
    timeWindow: TimeWindow.off(),
    target: new LambdaInvoke(props.fn.fn, {
      role,
      deadLetterQueue: props.deadLetters,
      retryAttempts: 3,
      maxEventAge: Duration.hours(2),
      input: ScheduleTargetInput.fromObject({ scheduledTime: ContextAttribute.scheduledTime }),
    }),
  });
}
