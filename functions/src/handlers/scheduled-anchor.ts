// EventBridge Scheduler → this function, daily: the chain heads of all outfalls into a signed manifest in
// the Object Lock bucket. The scheduled time names the manifest, so a retried run writes nothing new.
import { anchorConfig } from "../anchor-config.js";
import { anchorHeads } from "../app/anchors.js";
import { runtime } from "../config.js";

export interface ScheduledAnchorEvent {
  scheduledTime?: string;
}

let config: ReturnType<typeof anchorConfig> | undefined;

export const handler = async (event: ScheduledAnchorEvent = {}) => {
  const when = event.scheduledTime && !Number.isNaN(Date.parse(event.scheduledTime)) ? new Date(event.scheduledTime) : new Date();
  config ??= anchorConfig();
  const result = await anchorHeads(runtime().deps, config.store, await config.signer(), when);
  console.log(JSON.stringify({ level: "info", anchor: result.name, outfalls: result.count, created: result.created }));
  return result;
};
