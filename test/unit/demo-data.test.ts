import { describe, expect, it } from "vitest";
import { loadReference } from "../../functions/reference/index.js";
import { checkCreditCode } from "../../functions/src/domain/credit-code.js";
import { STATUS } from "../../functions/src/domain/enums.js";
import { isPointInPolygon } from "../../functions/src/domain/geo.js";
import type { Outfall } from "../../functions/src/domain/outfall.js";
import { buildNewOutfall } from "../../functions/src/domain/record.js";
import { planRules } from "../../functions/src/domain/rules.js";
import { inventoryOf } from "../../functions/src/domain/stormwater.js";
import {
  DEMO_AS_OF,
  DEMO_START,
  DEMO_USERS,
  generateDemoOutfalls,
  type DemoOutfall,
} from "../../local/demo/generate.js";

const ref = loadReference();
const rows = generateDemoOutfalls(ref);
/** Local calendar date (China Standard Time) of a +08:00 timestamp or a YYYY-MM-DD date. */
const day = (s: string): string => s.slice(0, 10);
const isStorm = (row: DemoOutfall): boolean =>
  row.values.subcategory !== undefined && ref.subcategoryByKey.get(row.values.subcategory)?.stormwater === true;

describe("generateDemoOutfalls", () => {
  it("produces at least 300 rows, each accepted by buildNewOutfall", () => {
    // Prepare: the default dataset and the bundled reference data (above)

    // Act
    const results = rows.map((row) => ({ row, result: buildNewOutfall(row.values, ref) }));
    const failures = results.filter((x) => !x.result.ok);

    // Assess
    expect(rows.length).toBeGreaterThanOrEqual(300);
    expect(failures.map((x) => (x.result.ok ? undefined : x.result.violations))).toEqual([]);
  });

  it("spreads the rows equally over all subdistricts", () => {
    // Prepare
    const counts = new Map<string, number>();

    // Act
    for (const row of rows) counts.set(row.values.subdistrict!, (counts.get(row.values.subdistrict!) ?? 0) + 1);

    // Assess
    expect([...counts.keys()].sort()).toEqual(ref.subdistricts.map((s) => s.key).sort());
    expect(new Set(counts.values())).toEqual(new Set([24]));
  });

  it("uses all eight lifecycle states, mostly done", () => {
    // Prepare
    const states = rows.map((r) => r.lifecycle.status);

    // Act
    const done = states.filter((s) => s === "closed" || s === "retained").length;

    // Assess
    expect(new Set(states)).toEqual(new Set(STATUS.keys));
    expect(done / rows.length).toBeGreaterThan(0.6);
  });

  it("is deterministic for a seed and differs for another seed", () => {
    // Prepare
    const options = { count: 56, seed: 7 };

    // Act
    const a = generateDemoOutfalls(ref, options);
    const b = generateDemoOutfalls(ref, options);
    const c = generateDemoOutfalls(ref, { ...options, seed: 8 });

    // Assess
    expect(a).toEqual(b);
    expect(generateDemoOutfalls(ref)).toEqual(rows);
    expect(c).not.toEqual(a);
  });

  it("honours a small count and still covers every state when it can", () => {
    // Prepare
    const count = 16;

    // Act
    const small = generateDemoOutfalls(ref, { count, seed: 1 });

    // Assess
    expect(small).toHaveLength(count);
    expect(new Set(small.map((r) => r.lifecycle.status))).toEqual(new Set(STATUS.keys));
    expect(small.every((r) => buildNewOutfall(r.values, ref).ok)).toBe(true);
  });

  it("never bans or merges an urban stormwater outlet (R-STORM)", () => {
    // Prepare
    const storm = rows.filter(isStorm);

    // Act
    const sealed = storm.filter((r) => r.values.action === "ban" || r.values.action === "merge");

    // Assess
    expect(storm.length / rows.length).toBeGreaterThan(0.35);
    expect(sealed).toEqual([]);
    expect(storm.some((r) => r.lifecycle.status === "closed")).toBe(false);
  });

  it("gives every enterprise party a valid unified social credit code of the district", () => {
    // Prepare
    const parties = rows.flatMap((r) => r.values.responsibleParties ?? []).filter((p) => p.kind === "enterprise");

    // Act
    const problems = parties.map((p) => (p.creditCode === undefined ? "missing" : checkCreditCode(p.creditCode)));

    // Assess
    expect(parties.length).toBeGreaterThan(5);
    expect(problems.filter((p) => p !== undefined)).toEqual([]);
    expect(parties.every((p) => p.creditCode!.slice(2, 8) === ref.district.code)).toBe(true);
    expect(new Set(parties.map((p) => p.creditCode)).size).toBe(parties.length);
  });

  it("keeps dates in order and within the demo period", () => {
    // Prepare
    const violations: string[] = [];

    // Act
    rows.forEach((r, i) => {
      const chain = [
        r.values.surveyedAt,
        r.lifecycle.completedAt,
        r.lifecycle.acceptance && day(r.lifecycle.acceptance.at),
        r.lifecycle.closedAt && day(r.lifecycle.closedAt),
        day(r.updatedAt),
      ].filter((d): d is string => d !== undefined);
      for (let k = 1; k < chain.length; k++) if (chain[k - 1]! > chain[k]!) violations.push(`${i}: ${chain.join(" ≤ ")}`);
      if (r.createdAt > r.updatedAt) violations.push(`${i}: created ${r.createdAt} after updated ${r.updatedAt}`);
      if (r.lifecycle.acceptance && r.lifecycle.closedAt && r.lifecycle.acceptance.at > r.lifecycle.closedAt) {
        violations.push(`${i}: accepted after closed`);
      }
      for (const d of [day(r.createdAt), ...chain]) if (d < DEMO_START || d > DEMO_AS_OF) violations.push(`${i}: ${d} out of range`);
      for (const t of [r.createdAt, r.updatedAt, r.lifecycle.acceptance?.at, r.lifecycle.closedAt]) {
        if (t !== undefined && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/.test(t)) violations.push(`${i}: bad timestamp ${t}`);
      }
    });

    // Assess
    expect(violations).toEqual([]);
  });

  it("fills the fields each state needs", () => {
    // Prepare
    const byStatus = (s: string) => rows.filter((r) => r.lifecycle.status === s);

    // Act
    const suspected = byStatus("suspected");
    const closed = byStatus("closed");
    const retained = byStatus("retained");
    const remediating = byStatus("remediating");
    const awaiting = byStatus("awaiting-acceptance");

    // Assess
    expect(suspected.every((r) => r.values.surveyLevel === 1 && ["remote-sensing", "aerial"].includes(r.values.surveyMethod!))).toBe(true);
    expect(rows.filter((r) => r.lifecycle.status !== "suspected").every((r) => r.values.surveyLevel !== 1 && r.values.surveyedBy)).toBe(true);
    expect(closed.every((r) => ["ban", "merge"].includes(r.values.action!) && r.lifecycle.completedAt && r.lifecycle.acceptance?.result === "passed" && r.lifecycle.closedAt && r.lifecycle.closedBy)).toBe(true);
    const [shortPath, longPath] = [retained.filter((r) => !r.lifecycle.acceptance), retained.filter((r) => r.lifecycle.acceptance)];
    expect(longPath.every((r) => ["standardize", "keep"].includes(r.values.action!) && r.values.signboard?.installed && r.values.signboard.installedAt && r.lifecycle.acceptance?.result === "passed")).toBe(true);
    expect(shortPath.every((r) => isStorm(r) && !r.values.dryWeatherFlow && r.values.action === "keep" && r.lifecycle.dryWeatherChecks?.at(-1)?.flowObserved === false)).toBe(true);
    expect(retained.filter((r) => r.values.action === "standardize").every((r) => r.lifecycle.completedAt)).toBe(true);
    expect([...remediating, ...awaiting].every((r) => r.values.action && r.values.plan && (r.values.action === "keep" || r.values.problems!.length > 0))).toBe(true);
    expect(awaiting.filter((r) => r.values.action !== "keep").every((r) => r.lifecycle.completedAt)).toBe(true);
    expect(rows.filter((r) => ["traced", "remediating", "awaiting-acceptance", "closed", "retained"].includes(r.lifecycle.status) && !shortPath.includes(r)).every((r) => r.values.responsibleParties?.length === 1 && r.values.responsibilityBasis)).toBe(true);
    expect(rows.filter((r) => r.values.responsibilityBasis === "designated").every((r) => r.values.designationNote)).toBe(true);
  });

  it("places every point near its subdistrict, inside the district, with 6 decimals, on a known water body", () => {
    // Prepare
    const bounds = ref.district.bounds.polygon;

    // Act
    const bad = rows.filter((r) => {
      const p = { lng: r.values.longitude!, lat: r.values.latitude! };
      const centre = ref.subdistrictByKey.get(r.values.subdistrict!)!.centre;
      const dx = (p.lng - centre.lng) * 111_320 * Math.cos((centre.lat * Math.PI) / 180);
      const dy = (p.lat - centre.lat) * 111_320;
      return (
        !isPointInPolygon(p, bounds) ||
        Math.hypot(dx, dy) > 1250 ||
        Math.round(p.lng * 1e6) / 1e6 !== p.lng ||
        Math.round(p.lat * 1e6) / 1e6 !== p.lat ||
        !ref.waterBodyByKey.has(r.values.waterBody!) ||
        !ref.subdistrictByKey.get(r.values.subdistrict!)!.communities.includes(r.values.community!)
      );
    });

    // Assess
    expect(bad).toEqual([]);
  });

  it("names about a fifth of the outfalls explicitly, and uniquely", () => {
    // Prepare
    const named = rows.filter((r) => r.values.name !== undefined);

    // Act
    const share = named.length / rows.length;

    // Assess
    expect(share).toBeGreaterThan(0.1);
    expect(share).toBeLessThan(0.3);
    expect(new Set(named.map((r) => r.values.name)).size).toBe(named.length);
  });
});

describe("DEMO_USERS", () => {
  it("has the coordinator, one officer per department and one clerk per subdistrict, but no admin", () => {
    // Prepare
    const emails = DEMO_USERS.map((u) => u.email);

    // Act
    const clerks = DEMO_USERS.filter((u) => u.role === "clerk");
    const officers = DEMO_USERS.filter((u) => u.role === "department");

    // Assess
    expect(emails).toContain("coordinator@local");
    expect(emails).not.toContain("admin@local");
    expect(new Set(emails).size).toBe(emails.length);
    expect(officers.map((u) => u.department).sort()).toEqual(ref.departments.map((d) => d.key).sort());
    expect(clerks.map((u) => u.subdistrict).sort()).toEqual(ref.subdistricts.map((s) => s.key).sort());
    expect(clerks.every((u) => u.email === `${u.subdistrict}@local`)).toBe(true);
  });

  it("names as acceptor and closer only department users that exist", () => {
    // Prepare
    const officers = new Set(DEMO_USERS.filter((u) => u.role === "department").map((u) => u.email));

    // Act
    const actors = rows.flatMap((r) => [r.lifecycle.acceptance?.by, r.lifecycle.closedBy]).filter((x) => x !== undefined);

    // Assess
    expect(actors.length).toBeGreaterThan(0);
    expect(actors.every((a) => officers.has(a))).toBe(true);
  });

  it("passes every plan rule of domain.md §5 that holds for a record on its own", () => {
    // Prepare
    const admin = { email: "seed@local", role: "admin" as const };

    // Act
    const broken = rows.flatMap((row) => {
      const built = buildNewOutfall(row.values, ref);
      if (!built.ok) return [{ status: row.lifecycle.status, values: row.values, violations: built.violations }];
      const record = { ...built.value, ...row.lifecycle, id: "x", tempId: "SC-X-0001" } as unknown as Outfall;
      const violations = planRules(record, { actor: admin, ref, sameCreditCode: new Map() });
      return violations.length ? [{ status: row.lifecycle.status, values: row.values, violations }] : [];
    });

    // Assess
    expect(broken).toEqual([]);
  });

  it("exercises both inventories, the stormwater short path and the dry-weather re-check", () => {
    // Prepare
    const inventories = new Set(rows.map((r) => inventoryOf({ subcategory: r.values.subcategory }, ref)));
    const checked = rows.filter((r) => r.lifecycle.dryWeatherChecks?.length);

    // Act
    const shortPath = rows.filter((r) => r.lifecycle.status === "retained" && !r.lifecycle.acceptance);
    const rechecked = rows.filter((r) => r.values.dryWeatherFlow && r.lifecycle.status === "retained");
    const stillFlowing = rows.filter((r) => r.lifecycle.status === "awaiting-acceptance" && r.lifecycle.dryWeatherChecks?.at(-1)?.flowObserved);

    // Assess
    expect(inventories).toEqual(new Set(["outfall", "stormwater"]));
    expect(shortPath.length).toBeGreaterThan(5);
    expect(rechecked.length).toBeGreaterThan(0);
    expect(rechecked.every((r) => r.lifecycle.dryWeatherChecks!.some((c) => c.checkedAt > r.lifecycle.completedAt! && !c.flowObserved))).toBe(true);
    expect(rechecked.every((r) => r.lifecycle.dryWeatherChecks!.at(-1)!.checkedAt < day(r.lifecycle.acceptance!.at))).toBe(true);
    expect(stillFlowing.length).toBeGreaterThan(0);
    for (const r of checked) {
      for (const c of r.lifecycle.dryWeatherChecks!) {
        const photo = r.lifecycle.photos!.find((p) => p.id === c.photoId)!;
        expect(day(photo.takenAt!)).toBe(c.checkedAt); // photo taken on the check date
      }
    }
  });

  it("records merges into the sewer, flood safety, dismissals with evidence, transition periods and 区住建局 outfalls", () => {
    // Prepare
    const cap = "2027-12-31";
    const construction = new Set(ref.subcategories.filter((s) => s.department === "construction").map((s) => s.key));

    // Act
    const merges = rows.filter((r) => r.values.action === "merge");
    const dismissed = rows.filter((r) => r.lifecycle.status === "dismissed");
    const transitions = rows.filter((r) => r.values.transitionUntil);
    const byConstruction = rows.filter((r) => construction.has(r.values.subcategory ?? ""));

    // Assess
    expect(merges.length).toBeGreaterThan(0);
    expect(merges.every((r) => r.values.sewerConnection?.network && r.values.sewerConnection.connectionPoint)).toBe(true);
    expect(rows.some((r) => r.values.floodSafety?.affects && r.values.floodSafety.measures)).toBe(true);
    expect(dismissed.length).toBeGreaterThan(0);
    expect(dismissed.every((r) => r.lifecycle.dismissal!.note.length >= 10 && r.lifecycle.dismissal!.photoIds.length === 1 && r.lifecycle.photos?.[0]?.id === r.lifecycle.dismissal!.photoIds[0])).toBe(true);
    expect(transitions.length).toBeGreaterThan(0);
    expect(transitions.every((r) => r.values.transitionUntil!.until <= cap && r.values.transitionUntil!.reason)).toBe(true);
    expect(byConstruction.length).toBeGreaterThan(0);
  });
});
