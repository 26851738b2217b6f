// Labels accepted wherever keys are. A clerk types 凯旋 or 凯旋街道 for `kaixuan`, 运河 for `grand-canal`,
// 封堵 for `ban`, 近景 for `near`: before strict validation every input (bodies, transition payloads,
// query filters) is rewritten from Chinese labels and documented aliases to keys, guided by the zod schema
// that will validate it. Enums find their vocabulary among every `vocabulary()` made (enums.ts); fields
// named after a reference list (subdistrict, waterBody, subcategory, department) look in that list.
// Aliases are data (functions/reference/aliases.json, water-body `aliases`). Responses carry keys only.
// Pure: no I/O.
import * as z from "zod/mini";
import { meta } from "./meta.js";
import { type Vocabulary, registeredVocabularies, vocabularyOf } from "./enums.js";
import type { ReferenceIndex } from "./reference.js";

/** aliases.json: a label or key (of any vocabulary or reference list) → other names clerks use for it. */
export const LabelAliasesSchema = z.record(z.string().check(z.trim(), z.minLength(1)), z.array(z.string().check(z.trim(), z.minLength(1))).check(z.minLength(1)));
export type LabelAliases = NonNullable<ReferenceIndex["labelAliases"]>;

/** Reference lists, by the name of the input field that holds one of their keys. */
const REFERENCE_FIELDS = {
  subdistrict: "subdistricts",
  waterBody: "waterBodies",
  subcategory: "subcategories",
  department: "departments",
} as const;
type ReferenceField = keyof typeof REFERENCE_FIELDS;
const isReferenceField = (field: string | undefined): field is ReferenceField => field !== undefined && field in REFERENCE_FIELDS;

/** Full-width and half-width forms, case and surrounding space do not matter: 保留(无需整治) = 保留（无需整治）. */
const fold = (s: string) => s.normalize("NFKC").trim().toLowerCase();

interface Target {
  /** `vocabulary 「…」` or the reference file, for messages about the alias data. */
  name: string;
  entries: { key: string; names: string[] }[];
}

function vocabularyTarget(v: Vocabulary<string>, only?: readonly string[]): Target {
  const keys = only ?? v.keys;
  return { name: `vocabulary ${v.keys.join("|")}`, entries: keys.map((k) => ({ key: k, names: [k, (v.labels as Record<string, string>)[k]!] })) };
}

function referenceTarget(ref: ReferenceIndex, field: ReferenceField): Target {
  const list = REFERENCE_FIELDS[field];
  const byName: Map<string, { key: string }> | undefined =
    field === "subdistrict" ? ref.subdistrictByName : field === "waterBody" ? ref.waterBodyByName : undefined;
  const entries = (ref[list] as readonly { key: string; name: string; aliases?: string[] }[]).map((x) => ({
    key: x.key,
    names: [x.key, x.name, ...(x.aliases ?? [])],
  }));
  // Short forms (凯旋 for 凯旋街道) come with the reference index.
  for (const [name, x] of byName ?? []) entries.find((e) => e.key === x.key)?.names.push(name);
  return { name: list, entries };
}

/** folded name → key, with the aliases whose canonical name is in the target. Throws on an ambiguous alias. */
function lookup(target: Target, aliases: LabelAliases | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const e of target.entries) for (const n of e.names) if (!map.has(fold(n))) map.set(fold(n), e.key);
  for (const [canonical, others] of Object.entries(aliases ?? {})) {
    const key = map.get(fold(canonical));
    if (key === undefined) continue;
    for (const alias of others) {
      const existing = map.get(fold(alias));
      if (existing !== undefined && existing !== key) {
        throw new LabelAliasError(`「${alias}」 (alias of 「${canonical}」) already means "${existing}" in ${target.name}`);
      }
      map.set(fold(alias), key);
    }
  }
  return map;
}

export class LabelAliasError extends Error {}

const cache = new WeakMap<ReferenceIndex, Map<string, Map<string, string>>>();

function memo(ref: ReferenceIndex, id: string, build: () => Target): Map<string, string> {
  let perRef = cache.get(ref);
  if (!perRef) cache.set(ref, (perRef = new Map()));
  let map = perRef.get(id);
  if (!map) perRef.set(id, (map = lookup(build(), ref.labelAliases)));
  return map;
}

/** Per enum or literal schema: its keys as strings, the vocabulary they belong to and the lookup's cache id
 *  (computed once: toKeys runs on every field of every pushed row). */
const ENUM_INFO = new WeakMap<object, { strings: string[]; vocab: Vocabulary<string> | undefined; id: string }>();

/** The key a value names among the enum keys of `def` (by key, label or alias), or undefined. */
function enumKey(def: object, keys: () => readonly unknown[], value: string, ref: ReferenceIndex): string | undefined {
  let info = ENUM_INFO.get(def);
  if (!info) {
    const strings = keys().map(String);
    ENUM_INFO.set(def, (info = { strings, vocab: vocabularyOf(strings), id: `enum:${strings.join("|")}` }));
  }
  const { strings, vocab } = info;
  const map = memo(ref, info.id, () => (vocab ? vocabularyTarget(vocab, strings) : { name: strings.join("|"), entries: strings.map((k) => ({ key: k, names: [k] })) }));
  return map.get(fold(value));
}

/** The key a value names in a reference list (by key, name, short name or alias), or undefined. */
export function referenceKey(ref: ReferenceIndex, field: ReferenceField, value: string): string | undefined {
  return memo(ref, `ref:${field}`, () => referenceTarget(ref, field)).get(fold(value));
}

/** Query parameters holding a comma list of items: the item schema, for normalization and validation. */
const LIST_ITEMS = new WeakMap<z.ZodMiniType, z.ZodMiniType>();

/** A comma-separated filter (`status=整治中,待验收`): each item is checked against `item`, whose label or
 *  alias is accepted like its key. Separators may be full-width (，、). */
export function commaList(item: z.ZodMiniType): z.ZodMiniType<string> {
  const schema = meta(z.string().check(z.maxLength(2000), z.superRefine((raw, ctx) => {
    for (const part of raw.split(",")) {
      const result = item.safeParse(part, { reportInput: true });
      if (!result.success) for (const issue of result.error.issues) ctx.addIssue({ ...issue, input: part } as never);
    }
  })), { description: "comma-separated list" });
  LIST_ITEMS.set(schema, item);
  return schema;
}

type Def = { type: string; [k: string]: any };
const defOf = (schema: z.ZodMiniType) => (schema as unknown as { _zod: { def: Def } })._zod.def;
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * `value` with every label or alias rewritten to its key where `schema` expects a key; anything it does
 * not recognise is left as it is, for the schema to report (its message lists the labels). Never mutates.
 */
export function toKeys(schema: z.ZodMiniType, value: unknown, ref: ReferenceIndex, field?: string): unknown {
  const def = defOf(schema);
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "nonoptional":
    case "catch":
      return toKeys(def.innerType, value, ref, field);
    case "pipe":
      return toKeys(def.in, value, ref, field);
    case "object": {
      if (!isPlainObject(value)) return value;
      const shape = def.shape as Record<string, z.ZodMiniType>;
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, Object.prototype.hasOwnProperty.call(shape, k) ? toKeys(shape[k]!, v, ref, k) : v]));
    }
    case "array":
      return Array.isArray(value) ? value.map((v) => toKeys(def.element, v, ref, field)) : value;
    case "enum":
      return typeof value === "string" ? (enumKey(def, () => Object.values(def.entries), value, ref) ?? value) : value;
    case "literal": {
      if (typeof value !== "string") return value;
      const values = def.values as unknown[];
      const key = enumKey(def, () => values, value, ref);
      return key === undefined ? value : values.find((v) => String(v) === key);
    }
    case "string": {
      if (typeof value !== "string") return value;
      const item = LIST_ITEMS.get(schema);
      if (item) return value.split(/[,，、]/).map((part) => toKeys(item, part.trim(), ref, field)).join(",");
      return isReferenceField(field) ? (referenceKey(ref, field, value) ?? value) : value;
    }
    default:
      return value;
  }
}

/** The names a clerk may use for a reference field, for messages: 湖滨街道、清波街道、… */
export function referenceChoices(ref: ReferenceIndex, field: ReferenceField): string {
  return (ref[REFERENCE_FIELDS[field]] as readonly { name: string }[]).map((x) => x.name).join("、");
}

/**
 * Checks aliases.json against the vocabularies and reference lists: every canonical name must be a label
 * or key somewhere, and no alias may mean two things in one vocabulary or list. Returns the problems.
 */
export function checkLabelAliases(aliases: LabelAliases, ref: ReferenceIndex): string[] {
  const problems: string[] = [];
  const targets: Target[] = [
    ...registeredVocabularies().map((v) => vocabularyTarget(v)),
    ...(Object.keys(REFERENCE_FIELDS) as ReferenceField[]).map((f) => referenceTarget(ref, f)),
  ];
  // Every name folded once (this runs at each cold start: scanning all names per alias took ~4 ms).
  const known = new Set(targets.flatMap((t) => t.entries.flatMap((e) => e.names.map(fold))));
  for (const canonical of Object.keys(aliases)) {
    if (!known.has(fold(canonical))) problems.push(`「${canonical}」 is neither a label nor a key of any vocabulary or reference list`);
  }
  for (const t of targets) {
    try {
      lookup(t, aliases);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  return problems;
}
