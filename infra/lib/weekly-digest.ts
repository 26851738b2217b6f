// The weekly progress digest: its function, an EventBridge Scheduler schedule (Asia/Shanghai) and the
// dead-letter queue shared by the schedule and the function's asynchronous invocations.
import { Duration } from "aws-cdk-lib";
import { SqsDestination } from "aws-cdk-lib/aws-lambda-destinations";
import type { Schedule } from "aws-cdk-lib/aws-scheduler";
import type { Queue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { LedgerFunction } from "./ledger-function.js";
import { scheduleDeadLetters, scheduleInvocation } from "./schedule.js";

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
    this.deadLetters = scheduleDeadLetters(
      this,
      "This queue is itself the dead-letter queue of the digest schedule and of the digest function's asynchronous invocations; a message here raises an alarm and is inspected by hand.",
    );

    this.fn = props.createFunction(DIGEST_HANDLER, props.entry, "Weekly progress digest (EventBridge Scheduler)");
    // Scheduler invokes Lambda asynchronously: a digest that still fails after Lambda's own retries
    // (the handler throws when a delivery failed) lands in the same dead-letter queue as a schedule that
    // could not invoke the function at all.
    this.fn.fn.configureAsyncInvoke({ onFailure: new SqsDestination(this.deadLetters), retryAttempts: 2, maxEventAge: Duration.hours(6) });

    // The scheduled time names the digest (w-YYYYMMDDHHMM), so a retry never makes a second one.
    this.schedule = scheduleInvocation(this, {
      fn: this.fn,
      cron: props.cron,
      description: `Weekly outfall progress digest, ${props.cron} Asia/Shanghai`,
      what: "weekly digest",
      deadLetters: this.deadLetters,
      ids: { role: "SchedulerRole", schedule: "Weekly" },
    });
  }
}
