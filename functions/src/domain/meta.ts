// Schema metadata (the descriptions and ids /openapi.json shows). zod/mini has no `.meta()`; this is what
// classic zod's does: a copy of the schema, registered with its metadata in the global registry. The
// z.meta() check would register too, but it makes an object a refined one, which z.pick and z.omit refuse.
import * as z from "zod/mini";

export function meta<T extends z.ZodMiniType>(schema: T, data: z.core.GlobalMeta): T {
  const copy = schema.clone() as T;
  z.globalRegistry.add(copy, data);
  return copy;
}

/** A schema (or set of schemas) built at its first use rather than when the module loads: for the schemas only
 *  validation of the reference files needs, which a Lambda bundle never runs (its files were checked at synth). */
export function builtOnFirstUse<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}
