// The fields the plan requires of a record at each stage of its lifecycle (一口一档: a file is complete when
// all are filled); the progress figures count the gaps (progress.ts).
import type { Status } from "./enums.js";
import type { Outfall } from "./outfall.js";

const TRACED: readonly Status[] = ["traced", "remediating", "awaiting-acceptance", "closed", "retained"];

/** Fields the plan requires of a record at each stage (its file is complete when all are filled). */
export function missingFields(r: Outfall): string[] {
  const missing: string[] = [];
  const need = (field: string, present: unknown) => {
    if (present === undefined || present === null || present === "" || (Array.isArray(present) && present.length === 0)) missing.push(field);
  };
  need("name", r.name);
  need("community", r.community ?? r.address);
  if (r.status === "suspected" || r.status === "dismissed") return missing;
  need("outletType", r.outletType);
  need("sizeMm", r.sizeMm);
  need("dischargePattern", r.dischargePattern);
  need("surveyedAt", r.surveyedAt);
  // A plain stormwater outlet registered on the short path: its dry-weather check is its file.
  if (r.status === "retained" && !r.acceptance && (r.dryWeatherChecks?.length ?? 0) > 0) return missing;
  if (!TRACED.includes(r.status)) return missing;
  need("subcategory", r.subcategory);
  need("responsibleParties", r.responsibleParties);
  need("responsibilityBasis", r.responsibilityBasis);
  r.responsibleParties?.forEach((p, i) => {
    if (p.kind === "enterprise") need(`responsibleParties[${i}].creditCode`, p.creditCode);
  });
  if (r.status === "traced") return missing;
  need("action", r.action);
  if (r.action !== "keep") need("plan", r.plan);
  if (r.status === "remediating") return missing;
  if (r.action !== "keep") need("completedAt", r.completedAt);
  if (r.status === "awaiting-acceptance") return missing;
  need("acceptance", r.acceptance);
  if (r.status === "retained") {
    need("signboard.installed", r.signboard?.installed || undefined);
    if (r.category === "industrial") need("approval", r.approval);
  }
  return missing;
}
