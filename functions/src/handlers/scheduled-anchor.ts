// EventBridge Scheduler → this function, daily: the chain heads of all outfalls into a signed manifest in
// the Object Lock bucket. The scheduled time names the manifest, so a retried run writes nothing new.
import { anchorConfig } from "../anchor-config.js";
import { anchorHeads } from "../app/anchors.js";
import { runtime } from "../config.js";
import { addLogContext, logger, withLogContext } from "../observability/log.js";

export interface ScheduledAnchorEvent {
  scheduledTime?: string;
}

let config: ReturnType<typeof anchorConfig> | undefined;

export const handler = (event: ScheduledAnchorEvent = {}) =>
  withLogContext(async () => {
    const when = event.scheduledTime && !Number.isNaN(Date.parse(event.scheduledTime)) ? new Date(event.scheduledTime) : new Date();
    addLogContext({ route: "scheduled-anchor", scheduledTime: when.toISOString() });
    config ??= anchorConfig();
    const result = await anchorHeads(runtime().deps, config.store, await config.signer(), when);
    logger().info("history anchored", { anchor: result.name, outfalls: result.count, created: result.created });
    return result;
  });
