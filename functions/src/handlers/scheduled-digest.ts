// EventBridge Scheduler → this function, weekly by default (Asia/Shanghai). The schedule passes its
// scheduled time (<aws.scheduler.scheduled-time>), which names the digest, so a retry never makes two.
import { runScheduledDigest } from "../app/digests.js";
import { runtime } from "../config.js";
import { channels } from "../delivery-config.js";

export interface ScheduledDigestEvent {
  scheduledTime?: string;
}

export const handler = async (event: ScheduledDigestEvent = {}) => {
  const when = event.scheduledTime && !Number.isNaN(Date.parse(event.scheduledTime)) ? new Date(event.scheduledTime) : new Date();
  const digest = await runScheduledDigest(runtime().deps, channels(), when);
  console.log(JSON.stringify({ level: "info", digest: digest.id, deliveries: digest.deliveries.map((d) => `${d.channel}:${d.ok}`) }));
  return { id: digest.id, deliveries: digest.deliveries };
};
