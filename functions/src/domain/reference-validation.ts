// Validation of the district's reference files against the schemas of reference.ts: every problem is
// collected (file, entry, message) before one ReferenceDataError is thrown; valid data comes back with
// its lookup maps. Pure: no file system, no AWS.
import * as z from "zod/mini";
import { en } from "zod/locales";
import { isPointInPolygon } from "./geo.js";
import {
  type District,
  REFERENCE_FILE_NAMES,
  type ReferenceData,
  ReferenceDataError,
  type ReferenceFiles,
  type ReferenceIndex,
  type ReferenceIssue,
  referenceSchemas,
  type Subcategory,
  type Subdistrict,
  type WaterBody,
} from "./reference.js";

// zod/mini loads no locale: without this every message zod writes itself (a reference file's "Too small:
// expected array to have >=3 items") would read "Invalid input". Our own messages (refine texts, the
// Chinese violations) do not depend on it.
z.config(en());

type ListKey = Exclude<keyof ReferenceData, "district">;

const listSchemas = (): { [K in ListKey]: z.ZodMiniType<ReferenceData[K][number]> } => {
  const s = referenceSchemas();
  return {
    subdistricts: s.SubdistrictSchema,
    departments: s.DepartmentSchema,
    subcategories: s.SubcategorySchema,
    waterBodies: s.WaterBodySchema,
    venues: s.VenueSchema,
    protectedAreas: s.ProtectedAreaSchema,
  };
};

const LIST_KEYS = (Object.keys(REFERENCE_FILE_NAMES) as (keyof ReferenceData)[]).filter((k): k is ListKey => k !== "district");

/** `subdistricts[4] "南星街道"` — the entry label used in messages. */
function entryLabel(list: string, index: number, raw: unknown): string {
  const name =
    raw !== null && typeof raw === "object" && typeof (raw as { name?: unknown }).name === "string"
      ? (raw as { name: string }).name
      : raw !== null && typeof raw === "object" && typeof (raw as { key?: unknown }).key === "string"
        ? (raw as { key: string }).key
        : undefined;
  return name === undefined ? `${list}[${index}]` : `${list}[${index}] ${JSON.stringify(name)}`;
}

function pathText(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? String(p) : `.${String(p)}`;
  }
  return out;
}

function issueText(issue: z.core.$ZodIssue, path: readonly PropertyKey[]): string {
  const where = pathText(path);
  let what: string;
  if (issue.code === "unrecognized_keys") {
    what = `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`;
  } else if (issue.code === "invalid_type" && issue.input === undefined) {
    what = "is required";
  } else {
    what = issue.message;
  }
  return where === "" ? what : `${where}: ${what}`;
}

/**
 * Validates the seven reference files (already parsed from JSON) and returns them with lookup maps.
 * Throws ReferenceDataError listing every problem, each naming the file and the entry, e.g.
 * `subdistricts.json: subdistricts[4] "南星街道": shortCode "NX" is used twice (also subdistricts[3] "望江街道")`.
 * `sources` overrides the file names used in messages (a loader passes full paths).
 */
export function validateReference(
  files: ReferenceFiles,
  sources: Partial<Record<keyof ReferenceData, string>> = {},
): ReferenceIndex {
  const issues: ReferenceIssue[] = [];
  const fileOf = (k: keyof ReferenceData): string => sources[k] ?? REFERENCE_FILE_NAMES[k];
  const report = (k: keyof ReferenceData, entry: string | undefined, message: string): void => {
    issues.push(entry === undefined ? { file: fileOf(k), message } : { file: fileOf(k), entry, message });
  };

  // 1. Shape of each file.
  let district: District | undefined;
  const parsedDistrict = referenceSchemas().DistrictSchema.safeParse(files.district, { reportInput: true });
  if (parsedDistrict.success) district = parsedDistrict.data;
  else
    for (const issue of parsedDistrict.error.issues) {
      report("district", undefined, issueText(issue, issue.path));
    }

  // Each list keeps its entries at their original index; an entry that failed its schema is undefined,
  // so the cross-checks below still run on the rest and report with the right index.
  type Slots<K extends ListKey> = (ReferenceData[K][number] | undefined)[];
  const lists: Partial<{ [K in ListKey]: Slots<K> }> = {};
  const rawLists: Partial<Record<ListKey, unknown[]>> = {};
  const schemas = listSchemas();
  for (const listKey of LIST_KEYS) {
    const raw = files[listKey];
    if (!Array.isArray(raw)) {
      report(listKey, undefined, `must be a JSON array of ${listKey}, got ${raw === null ? "null" : typeof raw}`);
      continue;
    }
    rawLists[listKey] = raw;
    const schema = schemas[listKey];
    (lists as Record<ListKey, unknown[]>)[listKey] = raw.map((item, i) => {
      const r = schema.safeParse(item, { reportInput: true });
      if (r.success) return r.data;
      for (const issue of r.error.issues) report(listKey, entryLabel(listKey, i, item), issueText(issue, issue.path));
      return undefined;
    });
  }
  const each = <T>(items: readonly (T | undefined)[] | undefined, fn: (item: T, i: number) => void): void => {
    items?.forEach((item, i) => {
      if (item !== undefined) fn(item, i);
    });
  };

  // 2. Uniqueness of keys and names within each list; shortCodes.
  const unique = <T>(
    listKey: ListKey,
    items: readonly (T | undefined)[] | undefined,
    field: string,
    values: (t: T) => readonly string[],
  ): void => {
    const seen = new Map<string, number>();
    each(items, (item, i) => {
      for (const v of values(item)) {
        const first = seen.get(v);
        if (first === undefined) seen.set(v, i);
        else if (first !== i) {
          const raw = rawLists[listKey];
          report(
            listKey,
            entryLabel(listKey, i, raw?.[i]),
            `${field} ${JSON.stringify(v)} is used twice (also ${entryLabel(listKey, first, raw?.[first])})`,
          );
        }
      }
    });
  };
  for (const listKey of LIST_KEYS) {
    const items = lists[listKey] as readonly ({ key: string; name: string } | undefined)[] | undefined;
    unique(listKey, items, "key", (x) => [x.key]);
    if (listKey === "waterBodies") {
      unique(listKey, lists.waterBodies, "name", (x) => [x.name, ...(x.aliases ?? [])]);
    } else {
      unique(listKey, items, "name", (x) => [x.name]);
    }
  }
  unique("subdistricts", lists.subdistricts, "shortCode", (x) => [x.shortCode]);
  each(lists.subdistricts, (s, i) => {
    const dup = s.communities.find((c, j) => s.communities.indexOf(c) !== j);
    if (dup !== undefined) {
      report("subdistricts", entryLabel("subdistricts", i, s), `community ${JSON.stringify(dup)} is listed twice`);
    }
  });

  // 3. References between lists.
  if (lists.subcategories) {
    const subcategories = lists.subcategories.filter((s): s is Subcategory => s !== undefined);
    // Keys of every entry, valid or not, so an entry already reported for another field does not
    // also make every reference to it look broken.
    const rawKeys = (listKey: ListKey): Set<string> =>
      new Set(
        (rawLists[listKey] ?? []).flatMap((x) =>
          x !== null && typeof x === "object" && typeof (x as { key?: unknown }).key === "string"
            ? [(x as { key: string }).key]
            : [],
        ),
      );
    const subKeys = rawKeys("subcategories");
    const departmentKeys = rawLists.departments ? rawKeys("departments") : undefined;
    each(lists.subcategories, (s, i) => {
      const entry = entryLabel("subcategories", i, s);
      if (departmentKeys && !departmentKeys.has(s.department)) {
        report(
          "subcategories",
          entry,
          `department ${JSON.stringify(s.department)} is not in ${fileOf("departments")} (known: ${[...departmentKeys].join(", ")})`,
        );
      }
      if (s.parent !== undefined) {
        if (s.parent === s.key) report("subcategories", entry, `parent must not be the subcategory itself`);
        else if (!subKeys.has(s.parent)) {
          report("subcategories", entry, `parent ${JSON.stringify(s.parent)} is not a subcategory key`);
        }
      }
    });
    // Parent chains must end (no cycles).
    const byKey = new Map(subcategories.map((s) => [s.key, s]));
    each(lists.subcategories, (s, i) => {
      const seen = new Set<string>([s.key]);
      let cur = s.parent === undefined ? undefined : byKey.get(s.parent);
      while (cur) {
        if (seen.has(cur.key)) {
          if (cur.key === s.key && s.parent !== s.key) {
            report("subcategories", entryLabel("subcategories", i, s), `parent chain loops back to ${JSON.stringify(s.key)}`);
          }
          break;
        }
        seen.add(cur.key);
        cur = cur.parent === undefined ? undefined : byKey.get(cur.parent);
      }
    });
  }

  // A reach names an existing water body other than itself.
  if (rawLists.waterBodies) {
    const waterKeys = new Set(lists.waterBodies?.flatMap((w) => (w ? [w.key] : [])));
    each(lists.waterBodies, (w, i) => {
      if (w.segmentOf === undefined) return;
      if (w.segmentOf === w.key) report("waterBodies", entryLabel("waterBodies", i, w), "segmentOf must not be the water body itself");
      else if (!waterKeys.has(w.segmentOf)) report("waterBodies", entryLabel("waterBodies", i, w), `segmentOf ${JSON.stringify(w.segmentOf)} is not a water body key`);
    });
  }

  // 4. Geography: centres and venues inside the district bounds.
  if (district) {
    const bounds = district.bounds.polygon;
    const boundsFile = fileOf("district");
    each(lists.subdistricts, (s, i) => {
      if (!isPointInPolygon(s.centre, bounds)) {
        report(
          "subdistricts",
          entryLabel("subdistricts", i, s),
          `centre (${s.centre.lng}, ${s.centre.lat}) is outside the district bounds in ${boundsFile}`,
        );
      }
    });
    each(lists.venues, (v, i) => {
      if (!isPointInPolygon(v, bounds)) {
        report("venues", entryLabel("venues", i, v), `(${v.lng}, ${v.lat}) is outside the district bounds in ${boundsFile}`);
      }
    });
    // Map geometry (optional): a subdistrict's area holds its centre; a river may run past the boundary
    // (mid-stream), but not beyond the district's bounding box widened by half its size on every side.
    each(lists.subdistricts, (s, i) => {
      if (s.area && !isPointInPolygon(s.centre, s.area.polygon)) {
        report("subdistricts", entryLabel("subdistricts", i, s), `centre (${s.centre.lng}, ${s.centre.lat}) is outside its own area.polygon`);
      }
    });
    const near = nearDistrict(bounds);
    each(lists.waterBodies, (w, i) => {
      w.geometry?.lines.forEach((line, l) => {
        const far = line.findIndex(([lng, lat]) => !near(lng, lat));
        if (far >= 0) {
          const [lng, lat] = line[far]!;
          report("waterBodies", entryLabel("waterBodies", i, w), `geometry.lines[${l}][${far}] (${lng}, ${lat}) is far outside the district bounds in ${boundsFile}`);
        }
      });
    });
  }

  if (issues.length > 0) {
    // One file's problems together, in file order; within a file, in the order found.
    const order = (Object.keys(REFERENCE_FILE_NAMES) as (keyof ReferenceData)[]).map(fileOf);
    throw new ReferenceDataError(issues.map((x, n) => ({ x, n })).sort((a, b) =>
      order.indexOf(a.x.file) - order.indexOf(b.x.file) || a.n - b.n).map(({ x }) => x));
  }

  // Everything parsed (otherwise an issue would have been reported), so no slot is undefined.
  const data = { district, ...lists } as ReferenceData;
  return buildIndex(data);
}

/** Whether a point lies within the polygon's bounding box widened by half its width and height. */
function nearDistrict(polygon: readonly [number, number][]): (lng: number, lat: number) => boolean {
  const lngs = polygon.map((p) => p[0]);
  const lats = polygon.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
  const [dx, dy] = [(x1 - x0) / 2, (y1 - y0) / 2];
  return (lng, lat) => lng >= x0 - dx && lng <= x1 + dx && lat >= y0 - dy && lat <= y1 + dy;
}

/** The lookup maps over reference data already validated (validateReference's last step). */
export function buildIndex(data: ReferenceData): ReferenceIndex {
  const byKey = <T extends { key: string }>(items: readonly T[]): Map<string, T> =>
    new Map(items.map((x) => [x.key, x]));

  const subdistrictByName = new Map<string, Subdistrict>();
  for (const s of data.subdistricts) subdistrictByName.set(s.name, s);
  // Short forms (湖滨 for 湖滨街道) where they collide with no full name or other short form.
  const shortForms = new Map<string, Subdistrict[]>();
  for (const s of data.subdistricts) {
    const short = s.name.replace(/(街道|镇|乡)$/u, "");
    if (short !== s.name && short !== "") shortForms.set(short, [...(shortForms.get(short) ?? []), s]);
  }
  for (const [short, matches] of shortForms) {
    if (matches.length === 1 && !subdistrictByName.has(short)) subdistrictByName.set(short, matches[0]!);
  }

  const waterBodyByName = new Map<string, WaterBody>();
  for (const w of data.waterBodies) waterBodyByName.set(w.name, w);
  for (const w of data.waterBodies) for (const a of w.aliases ?? []) if (!waterBodyByName.has(a)) waterBodyByName.set(a, w);

  return {
    ...data,
    subdistrictByKey: byKey(data.subdistricts),
    departmentByKey: byKey(data.departments),
    subcategoryByKey: byKey(data.subcategories),
    waterBodyByKey: byKey(data.waterBodies),
    subdistrictByName,
    waterBodyByName,
    subcategoryByName: new Map(data.subcategories.map((s) => [s.name, s])),
  };
}
