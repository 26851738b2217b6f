// Shapes the add-on exchanges with the API. The contracts are the API's own zod schemas, imported for their
// types only (`import type` is erased by esbuild), so the bundle carries no zod and no copy of the schemas.
import type * as z from "zod/mini";
import type {
  BatchRow as BatchRowSchema,
  BatchResponse as BatchResponseSchema,
  Me as MeSchema,
  OutfallPage as OutfallPageSchema,
  RowResult as RowResultSchema,
  Violation as ViolationSchema,
} from "../../../functions/src/contracts/api.js";
import type { Outfall } from "../../../functions/src/domain/outfall.js";

export type BatchRow = z.infer<typeof BatchRowSchema>;
export type BatchResponse = z.infer<typeof BatchResponseSchema>;
export type RowResult = z.infer<typeof RowResultSchema>;
export type Violation = z.infer<typeof ViolationSchema>;
export type Me = z.infer<typeof MeSchema>;
export type OutfallPage = Omit<z.infer<typeof OutfallPageSchema>, "items"> & { items: ServerRecord[] };

/** A record as the API answers it. `overdue` and `effectiveDeadline` are derived fields the API may add;
 *  the add-on shows them when present and ignores their absence. */
export type ServerRecord = Outfall & { overdue?: boolean; effectiveDeadline?: string };

/** Loosely typed record access by field path (the sheet works on paths such as `zones.nearVenue`). */
export type Rec = Record<string, unknown>;

/** One choice of a vocabulary or reference list: the key the API stores and the label a clerk sees. */
export interface Option {
  key: string | number;
  label: string;
  /** Other spellings accepted on input (e.g. 运河 for 京杭运河). */
  aliases?: string[];
}

/** What the add-on keeps of GET /v1/reference (a few KB, cached): labels, vocabularies, reference lists. */
export interface Reference {
  /** Vocabularies by name (category, outletType, problem, surveyLevel, …). */
  vocabularies: Record<string, Option[]>;
  /** District reference lists: subdistricts, waterBodies, subcategories, departments. */
  lists: Record<string, Option[]>;
  /** Communities by subdistrict key (a hint list, not enforced). */
  communities: Record<string, string[]>;
  /** Chinese field labels by dotted path. */
  labels: Record<string, string>;
  /** The record's editable top-level fields, as the API lists them. */
  editable: string[];
  /** Rule id → one-line Chinese description. */
  rules: Record<string, string>;
}
