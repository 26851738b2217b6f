// The SignPrinter of app/signboard-print.ts: resvg-wasm with the embedded CJK font, pdf-lib for the PDF.
import type { SignPrinter } from "../../app/signboard-print.js";
import { rasterPdf } from "../pdf/raster-pdf.js";
import { SIGN_FONT_FAMILY, signFont } from "./sign-font.js";
import { svgRaster } from "./svg-to-png.js";

export const signPrinter: SignPrinter = {
  raster: (svg, width, as) => svgRaster(svg, { width, fonts: [signFont()], defaultFamily: SIGN_FONT_FAMILY, as }),
  pdf: rasterPdf,
};
