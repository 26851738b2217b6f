// Loads and validates the district reference data. Without a folder (and without REFERENCE_DIR) it uses
// the JSON files bundled beside this module — imported statically so esbuild inlines them into each
// Lambda bundle; with a folder it reads the same file names from disk. See README.md here.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { isDeepStrictEqual } from "node:util";
import {
  REFERENCE_FILE_NAMES,
  ReferenceDataError,
  type ReferenceData,
  type ReferenceFiles,
  type ReferenceIndex,
} from "../src/domain/reference.js";
import { buildIndex, validateReference } from "../src/domain/reference-validation.js";
import district from "./district.json" with { type: "json" };
import subdistricts from "./subdistricts.json" with { type: "json" };
import departments from "./departments.json" with { type: "json" };
import subcategories from "./subcategories.json" with { type: "json" };
import waterBodies from "./water-bodies.json" with { type: "json" };
import venues from "./venues.json" with { type: "json" };
import protectedAreas from "./protected-areas.json" with { type: "json" };
import campaignFile from "./campaign.json" with { type: "json" };
import aliasesFile from "./aliases.json" with { type: "json" };
import monitoringLimitsFile from "./monitoring-limits.json" with { type: "json" };
import { type MonitoringLimits, validateMonitoringLimits } from "../src/domain/supervision/monitoring.js";
import { type Campaign, validateCampaign } from "../src/domain/campaign.js";
import { LabelAliasesSchema, checkLabelAliases } from "../src/domain/labels.js";
// Vocabularies declared beside the lifecycle (the transition actions) must exist before aliases are checked.
import "../src/domain/lifecycle.js";

const BUNDLED: ReferenceFiles = { district, subdistricts, departments, subcategories, waterBodies, venues, protectedAreas };
/** In a Lambda bundle (esbuild folds the define from infra/lib/handlers.ts): the bundled files passed
 *  checkBundledReference when the stack was synthesized. Read at each call, so that tests can set it. */
const bundleChecked = () => process.env.LEDGER_BUNDLE_REFERENCE === "checked";

let bundled: ReferenceIndex | undefined;
const fromDirs = new Map<string, ReferenceIndex>();

/**
 * The validated reference data with lookup maps. `dir` (else `process.env.REFERENCE_DIR`) names a folder
 * holding district.json, subdistricts.json, departments.json, subcategories.json, water-bodies.json,
 * venues.json and protected-areas.json; without either, the files bundled with the code are used.
 * Results are memoized (per folder); throws ReferenceDataError naming the file and entry at fault.
 */
export function loadReference(dir?: string): ReferenceIndex {
  const folder = dir ?? (process.env.REFERENCE_DIR || undefined);
  if (folder === undefined) {
    // A Lambda bundle's files were checked when the stack was synthesized (checkBundledReference; the
    // define comes from infra/lib/handlers.ts), so its first request only builds the lookup maps:
    // validating them and checking the aliases took ~10 ms of every cold start.
    bundled ??= bundleChecked()
      ? { ...buildIndex(BUNDLED as ReferenceData), labelAliases: aliasesFile as ReferenceIndex["labelAliases"] }
      : withAliases(validateReference(BUNDLED), aliasesFile, "aliases.json");
    return bundled;
  }
  const abs = resolve(folder);
  const cached = fromDirs.get(abs);
  if (cached) return cached;
  const index = loadFromDir(abs);
  fromDirs.set(abs, index);
  return index;
}

/**
 * Validates reference files and checks that they are already in the form validation returns (no text to
 * trim, no ring to close, no default to fill in): what lets a Lambda bundle index its bundled files without
 * validating them. The CDK app checks the bundled ones before it synthesizes anything (createApp).
 */
export function checkAsValidated(files: ReferenceFiles, extra: BundledExtras = BUNDLED_EXTRAS): void {
  const index = withAliases(validateReference(files), extra.aliases, "aliases.json");
  const validated: [string, unknown, unknown][] = [
    ...(Object.keys(files) as (keyof ReferenceFiles)[]).map((k): [string, unknown, unknown] => [REFERENCE_FILE_NAMES[k], index[k], files[k]]),
    ["aliases.json", index.labelAliases, extra.aliases],
    ["campaign.json", validateCampaign(extra.campaign, index), extra.campaign],
    ["monitoring-limits.json", validateMonitoringLimits(extra.monitoringLimits), extra.monitoringLimits],
  ];
  const changed = validated.filter(([, after, before]) => !isDeepStrictEqual(after, before));
  if (changed.length)
    throw new ReferenceDataError(
      changed.map(([file]) => ({ file, message: "validation changes this file's data (text to trim, a ring to close or a default to fill in): write it as validation returns it" })),
    );
}

/** The bundled files besides the reference lists, which a checked bundle also takes as they are. */
export interface BundledExtras {
  aliases: unknown;
  campaign: unknown;
  monitoringLimits: unknown;
}
const BUNDLED_EXTRAS: BundledExtras = { aliases: aliasesFile, campaign: campaignFile, monitoringLimits: monitoringLimitsFile };

export const checkBundledReference = (): void => checkAsValidated(BUNDLED);

let bundledCampaign: Campaign | undefined;

/** The campaign's deadline rules: `campaign.json` from `dir` (else REFERENCE_DIR), else the bundled file. */
export function loadCampaign(dir?: string): Campaign {
  const folder = dir ?? (process.env.REFERENCE_DIR || undefined);
  const ref = loadReference(folder);
  if (folder === undefined) return (bundledCampaign ??= bundleChecked() ? (campaignFile as Campaign) : validateCampaign(campaignFile, ref));
  const path = join(resolve(folder), "campaign.json");
  return validateCampaign(JSON.parse(readFileSync(path, "utf8").replace(/^\uFEFF/, "")), ref, path);
}

let bundledLimits: MonitoringLimits | undefined;

/** Monitoring indicators and limit sets: `monitoring-limits.json` from `dir` (else REFERENCE_DIR) when the
 *  folder has one, else the bundled file (optional in a district's folder, like aliases.json). */
export function loadMonitoringLimits(dir?: string): MonitoringLimits {
  const folder = dir ?? (process.env.REFERENCE_DIR || undefined);
  const path = folder === undefined ? undefined : join(resolve(folder), "monitoring-limits.json");
  if (path && existsSync(path)) return validateMonitoringLimits(JSON.parse(readFileSync(path, "utf8").replace(/^\uFEFF/, "")), path);
  return (bundledLimits ??= bundleChecked() ? (monitoringLimitsFile as MonitoringLimits) : validateMonitoringLimits(monitoringLimitsFile));
}

/** The index with the district's label aliases (aliases.json, optional in a REFERENCE_DIR), checked
 *  against every vocabulary and reference list. */
function withAliases(index: ReferenceIndex, raw: unknown, source: string): ReferenceIndex {
  if (raw === undefined) return index;
  const parsed = LabelAliasesSchema.safeParse(raw);
  const problems = parsed.success
    ? checkLabelAliases(parsed.data, index)
    : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  if (problems.length) throw new ReferenceDataError(problems.map((message) => ({ file: source, message })));
  return { ...index, labelAliases: parsed.data! };
}

/** Forgets memoized results (tests; an admin tool after replacing files). */
export function clearReferenceCache(): void {
  bundled = undefined;
  bundledCampaign = undefined;
  bundledLimits = undefined;
  fromDirs.clear();
}

function loadFromDir(abs: string): ReferenceIndex {
  const files: Partial<Record<keyof ReferenceData, unknown>> = {};
  const sources: Partial<Record<keyof ReferenceData, string>> = {};
  const problems: { file: string; message: string }[] = [];
  for (const [k, name] of Object.entries(REFERENCE_FILE_NAMES) as [keyof ReferenceData, string][]) {
    const path = join(abs, name);
    sources[k] = path;
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (err) {
      problems.push({ file: path, message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}` });
      continue;
    }
    try {
      files[k] = JSON.parse(text.replace(/^\uFEFF/, "")) as unknown;
    } catch (err) {
      problems.push({ file: path, message: `not valid JSON: ${(err as Error).message}` });
    }
  }
  if (problems.length > 0) throw new ReferenceDataError(problems);
  const aliasesPath = join(abs, "aliases.json");
  const aliases = existsSync(aliasesPath) ? (JSON.parse(readFileSync(aliasesPath, "utf8").replace(/^\uFEFF/, "")) as unknown) : undefined;
  return withAliases(validateReference(files as ReferenceFiles, sources), aliases, aliasesPath);
}

export type * from "../src/domain/reference.js";
export { ReferenceDataError } from "../src/domain/reference.js";
