// The CJK font the server renders signboards with (PNG and PDF). resvg-wasm has no system fonts, so the
// font is given as a buffer: WenQuanYi Micro Hei (Apache-2.0) cut to GB 2312, printable ASCII and the
// reference data's characters by `npm run font:subset` (local/subset-font.ts), 1.3 MB. Like resvg's wasm it
// is not inlined into the bundle: infra copies it beside the bundle of the functions that render
// signboards (HandlerNeeds.files), and this module reads it from there, or from the repository when run
// from source (tests, the local stack).
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const SIGN_FONT_FILE = "wqy-microhei-gb2312.ttf";
/** Path from the repository root; its licence notice sits beside it. */
export const SIGN_FONT_ASSET = `functions/assets/fonts/${SIGN_FONT_FILE}`;
/** The family name inside the font (first in the signboard SVG's font-family list). */
export const SIGN_FONT_FAMILY = "WenQuanYi Micro Hei";

let cached: Uint8Array | undefined;

export function signFont(): Uint8Array {
  if (cached) return cached;
  const beside = fileURLToPath(new URL(SIGN_FONT_FILE, import.meta.url));
  cached = readFileSync(existsSync(beside) ? beside : fileURLToPath(new URL(`../../../assets/fonts/${SIGN_FONT_FILE}`, import.meta.url)));
  return cached;
}
