// The hand-computed dataset of the bulletin's unit tests (bulletin.test.ts, bulletin-issue.test.ts).
import { loadCampaign, loadReference } from "../../functions/reference/index.js";
import type { Outfall } from "../../functions/src/domain/outfall.js";
import { progressInput } from "../../functions/src/domain/progress.js";
import { outfall } from "./outfall-fixture.js";

export const ref = loadReference();
export const campaign = loadCampaign();
// 2026-12-01 noon China time: every deadline of the campaign (last 2025-12-31) has passed.
export const AFTER = new Date("2026-12-01T04:00:00Z");
export const DURING = new Date("2025-06-01T04:00:00Z");
export const OLD = "2025-10-01T00:00:00.000Z";
export const RECENT = "2026-11-25T00:00:00.000Z";

export const accepted = { by: "e@x", at: "2025-06-01T00:00:00Z", result: "passed" as const };
export const o = (id: string, extra: Partial<Outfall>) =>
  outfall({ id, tempId: `SC-XX-${id}`, name: `排口${id}`, department: "enforcement", createdAt: OLD, updatedAt: RECENT, ...extra });

// Hand-computed below. Milestones: A,B,C,E take `all` (2025-12-31); D is on the 钱塘江 main stem (2024-12-31);
// G is industrial (early, 2023-12-31); H a dry-weather stormwater outlet (2024-12-31); F is dismissed.
export const records = [
  o("A", { status: "closed", action: "ban", acceptance: accepted }),
  o("B", { status: "remediating", action: "merge", sewerConnection: { plant: "七格污水处理厂" } as never }),
  o("C", { status: "awaiting-acceptance", action: "standardize" }),
  o("D", { subdistrict: "hubin", status: "confirmed", waterBody: "qiantang-river" }),
  o("E", { subdistrict: "hubin", status: "retained", action: "keep", acceptance: accepted }),
  o("F", { subdistrict: "hubin", status: "dismissed" }),
  o("G", { subdistrict: "hubin", status: "suspected", category: "industrial", subcategory: "industrial-enterprise" }),
  o("H", { status: "traced", subcategory: "urban-stormwater", dryWeatherFlow: true, createdAt: "2026-03-01T00:00:00.000Z", reopenedAt: "2026-06-01T00:00:00.000Z" }),
].map(progressInput);

