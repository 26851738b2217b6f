// What a record looks like to a reader: the stored fields plus the clock-dependent derived ones
// (deadline, overdue, problem list, done), computed on every read and never stored.
import type { Principal } from "../domain/access.js";
import { deriveStatus } from "../domain/campaign.js";
import { type NextSteps, nextSteps } from "../domain/next-steps.js";
import type { Outfall } from "../domain/outfall.js";
import type { Inventory } from "../domain/enums.js";
import { inventoryOf } from "../domain/stormwater.js";
import type { Deps } from "./deps.js";

export type OutfallView = Outfall & ReturnType<typeof deriveStatus> & { inventory: Inventory };

export function present(deps: Deps, record: Outfall): OutfallView;
export function present(deps: Deps, record: Outfall | undefined): OutfallView | undefined;
export function present(deps: Deps, record: Outfall | undefined): OutfallView | undefined {
  if (!record) return undefined;
  return { ...record, ...deriveStatus(record, deps.campaign, deps.reference, deps.clock.now()), inventory: inventoryOf(record, deps.reference) };
}

/** The record as `present` shows it, with what this caller may do next and what its next steps lack. */
export function presentFor(deps: Deps, who: Principal, record: Outfall): OutfallView & NextSteps {
  return { ...present(deps, record), ...nextSteps(record, who, deps.reference) };
}

/** How list items are shown: with the caller's next steps when asked (`include=actions`). */
export function presenter(deps: Deps, who: Principal, include: "actions" | undefined): (record: Outfall) => OutfallView {
  return include === "actions" ? (r) => presentFor(deps, who, r) : (r) => present(deps, r);
}
