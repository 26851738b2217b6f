// GET /v1/reference → the few kilobytes the add-on keeps (labels, vocabularies, reference lists), and the
// label ↔ key lookups built from them. The add-on has no copy of the vocabularies: they come from the API.
import { toHalfWidth } from "./text.js";
import type { Option, Reference } from "./types.js";

type Loose = Record<string, unknown>;

const asArray = (v: unknown): Loose[] => (Array.isArray(v) ? (v as Loose[]) : []);
const asList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

function options(list: unknown, labelKey = "label"): Option[] {
  return asArray(list)
    .filter((o) => (typeof o.key === "string" || typeof o.key === "number") && typeof o[labelKey] === "string")
    .map((o) => ({
      key: o.key as string | number,
      label: o[labelKey] as string,
      ...(Array.isArray(o.aliases) && o.aliases.length ? { aliases: (o.aliases as unknown[]).map(String) } : {}),
    }));
}

/** Keeps what the sheet needs from the reference document; fails with a Chinese message if it is not one. */
export function trimReference(doc: unknown): Reference {
  const d = (doc ?? {}) as Loose;
  const vocabIn = (d.vocabularies ?? {}) as Record<string, unknown>;
  const fields = (d.fields ?? {}) as Loose;
  if (!Object.keys(vocabIn).length || typeof fields.labels !== "object") {
    throw new Error("台账接口返回的参考数据不完整（缺少选项或字段名称），请确认接口地址是否正确");
  }
  const vocabularies: Record<string, Option[]> = {};
  for (const name of Object.keys(vocabIn)) vocabularies[name] = options(vocabIn[name]);
  const communities: Record<string, string[]> = {};
  for (const s of asArray(d.subdistricts)) {
    if (typeof s.key === "string" && Array.isArray(s.communities)) communities[s.key] = (s.communities as unknown[]).map(String);
  }
  // aliases.json (a label or key → other names clerks use) and 凯旋 for 凯旋街道: accepted like the label.
  const aliases = (typeof d.aliases === "object" && d.aliases ? d.aliases : {}) as Record<string, unknown>;
  const withAliases = (list: Option[], short?: (o: Option) => string | undefined): Option[] =>
    list.map((o) => {
      const more = [...asList(aliases[o.label]), ...asList(aliases[String(o.key)]), ...(short?.(o) ? [short(o)!] : [])];
      const all = [...(o.aliases ?? []), ...more].filter((a, i, xs) => a !== o.label && xs.indexOf(a) === i);
      return all.length ? { ...o, aliases: all } : o;
    });
  for (const name of Object.keys(vocabularies)) vocabularies[name] = withAliases(vocabularies[name]!);
  const rules: Record<string, string> = {};
  for (const r of asArray(d.rules)) if (typeof r.id === "string") rules[r.id] = String(r.description ?? "");
  return {
    vocabularies,
    lists: {
      subdistricts: withAliases(options(d.subdistricts, "name"), (o) => /^(.{2,})(街道|镇|乡)$/.exec(o.label)?.[1]),
      waterBodies: withAliases(options(d.waterBodies, "name")),
      subcategories: withAliases(options(d.subcategories, "name")),
      departments: withAliases(options(d.departments, "name")),
    },
    communities,
    labels: { ...(fields.labels as Record<string, string>) },
    editable: Array.isArray(fields.editable) ? (fields.editable as unknown[]).map(String) : [],
    rules,
  };
}

/** Label ↔ key for one vocabulary or list. Input accepts the label, the key, an alias, or the part of a
 *  label before its full-width bracket when that is unambiguous (保留 for 保留（无需整治）). */
export class Lookup {
  private readonly byInput = new Map<string, string | number>();
  private readonly byKey = new Map<string, string>();
  readonly labels: string[];

  constructor(readonly options: Option[]) {
    this.labels = options.map((o) => o.label);
    const short = new Map<string, (string | number)[]>();
    for (const o of options) {
      this.byKey.set(String(o.key), o.label);
      this.byInput.set(o.label, o.key);
      this.byInput.set(String(o.key), o.key);
      this.byInput.set(String(o.key).toLowerCase(), o.key);
      for (const a of o.aliases ?? []) this.byInput.set(a, o.key);
      const stem = o.label.split("（")[0]!.trim();
      if (stem && stem !== o.label) short.set(stem, [...(short.get(stem) ?? []), o.key]);
    }
    for (const [stem, keys] of short) if (keys.length === 1 && !this.byInput.has(stem)) this.byInput.set(stem, keys[0]!);
  }

  /** The key for what a clerk typed, or undefined when it is not a choice. */
  keyOf(input: string): string | number | undefined {
    const text = input.trim();
    return this.byInput.get(text) ?? this.byInput.get(toHalfWidth(text)) ?? this.byInput.get(toHalfWidth(text).toLowerCase());
  }

  /** The label shown for a stored key; an unknown key is shown as it is. */
  labelOf(key: unknown): string {
    return this.byKey.get(String(key)) ?? String(key);
  }
}

/** Vocabularies and lists by the name a column refers to. */
export function lookups(ref: Reference): Map<string, Lookup> {
  const out = new Map<string, Lookup>();
  for (const name of Object.keys(ref.vocabularies)) out.set(name, new Lookup(ref.vocabularies[name]!));
  for (const name of Object.keys(ref.lists)) out.set(name, new Lookup(ref.lists[name]!));
  return out;
}
