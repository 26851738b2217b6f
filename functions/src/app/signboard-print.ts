// Print-ready signboards rendered on the server: the same SVG as signboard.ts, drawn with an embedded CJK
// font (no reader's fonts involved) as a PNG, or as a PDF of 480 × 300 mm pages — one outfall's, or a
// subdistrict's in files of at most SIGNS_PER_PDF pages (each page costs about half a second of
// rendering, and an API answer must come within 29 s).
import type { Outfall } from "../domain/outfall.js";
import type { ReferenceIndex } from "../domain/reference.js";
import { SIGN_MM, signboardSvg } from "./signboard.js";

/** Pixels per millimetre of a rendered sign: 2880 × 1800 px, 152.4 dpi (print needs ≥ 150). */
export const SIGN_PX_PER_MM = 6;
export const SIGN_PX = { width: SIGN_MM.width * SIGN_PX_PER_MM, height: SIGN_MM.height * SIGN_PX_PER_MM } as const;
/** Signboards in one PDF answer. */
export const SIGNS_PER_PDF = 40;

export interface Raster {
  width: number;
  height: number;
  /** A PNG file, or the pixels as RGBA (4 bytes each, rows top to bottom). */
  bytes: Uint8Array;
}

/** What renders: the SVG to pixels with the embedded font, pixels to PDF pages. */
export interface SignPrinter {
  raster(svg: string, width: number, as: "png" | "rgba"): Promise<Raster>;
  pdf(count: number, page: (index: number) => Promise<Raster>, pageMm: { width: number; height: number }, meta: { title: string; created: Date }): Promise<Uint8Array>;
}

export interface SignItem {
  record: Outfall;
  url: string;
}

export async function signboardPng(printer: SignPrinter, item: SignItem, ref: ReferenceIndex): Promise<Uint8Array> {
  return (await printer.raster(signboardSvg(item.record, ref, item.url), SIGN_PX.width, "png")).bytes;
}

/** One page per signboard, in the order given. */
export async function signboardPdf(printer: SignPrinter, items: SignItem[], ref: ReferenceIndex, title: string, created: Date): Promise<Uint8Array> {
  return printer.pdf(items.length, (i) => printer.raster(signboardSvg(items[i]!.record, ref, items[i]!.url), SIGN_PX.width, "rgba"), SIGN_MM, { title, created });
}

/** The `part`-th file (1-based) of a subdistrict's signboards and how many files there are; undefined past the last. */
export function pdfPart<T>(items: T[], part: number): { items: T[]; parts: number } | undefined {
  const parts = Math.max(1, Math.ceil(items.length / SIGNS_PER_PDF));
  if (part < 1 || part > parts) return undefined;
  return { items: items.slice((part - 1) * SIGNS_PER_PDF, part * SIGNS_PER_PDF), parts };
}
