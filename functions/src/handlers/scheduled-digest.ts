// EventBridge Scheduler → this function, weekly by default (Asia/Shanghai). The schedule passes its
// scheduled time (<aws.scheduler.scheduled-time>), which names the digest, so a retry never makes two.
import { runScheduledDigest } from "../app/digests.js";
import { runtime } from "../config.js";
import { channels } from "../delivery-config.js";
import { addLogContext, logger, withLogContext } from "../observability/log.js";

export interface ScheduledDigestEvent {
  scheduledTime?: string;
}

export const handler = (event: ScheduledDigestEvent = {}) =>
  withLogContext(async () => {
    const when = event.scheduledTime && !Number.isNaN(Date.parse(event.scheduledTime)) ? new Date(event.scheduledTime) : new Date();
    addLogContext({ route: "scheduled-digest", scheduledTime: when.toISOString() });
    try {
      const digest = await runScheduledDigest(runtime().deps, channels(), when);
      logger().info("digest delivered", { digest: digest.id, deliveries: digest.deliveries.map((d) => `${d.channel}:${d.ok}`) });
      return { id: digest.id, deliveries: digest.deliveries };
    } catch (error) {
      // The scheduler retries, and only the failed channels run again (DigestDeliveryFailures alarms).
      logger().error("digest failed", error as Error);
      throw error;
    }
  });
