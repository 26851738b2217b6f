// SVG → PNG with resvg compiled to WebAssembly (@resvg/resvg-wasm), for the digest e-mail's map and the
// printed signboards (PNG, and the pixels of the PDF's pages).
//
// Why the wasm build and not @resvg/resvg-js (native, napi): Lambda runs arm64 while developers and CI
// build on x64, and npm installs only the host's native binary, so a native addon would need a
// cross-platform install step and `nodeModules` handling in the bundle; the wasm file is the same
// everywhere. Why it is not inlined into the bundle: 2.4 MB of wasm as base64 would triple the digest
// bundle; instead infra copies index_bg.wasm beside the bundle of the functions that mail digests
// (HandlerNeeds.files in infra/lib/handlers.ts) and this module reads it from there, or from
// node_modules when run from source (tests, the local stack).
//
// svgToPng loads no fonts (resvg-wasm has no system fonts): the map's SVG carries no text, its legend goes
// beside the image as HTML. svgRaster takes font buffers: the signboards are drawn with the CJK subset of
// sign-font.ts, which infra copies beside the bundle like the wasm.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Resvg, initWasm } from "@resvg/resvg-wasm";
import type { Raster } from "../../app/signboard-print.js";

export const RESVG_WASM = "index_bg.wasm";

let ready: Promise<void> | undefined;

function wasmBytes(): Buffer {
  const beside = fileURLToPath(new URL(RESVG_WASM, import.meta.url));
  if (existsSync(beside)) return readFileSync(beside);
  return readFileSync(createRequire(import.meta.url).resolve(`@resvg/resvg-wasm/${RESVG_WASM}`));
}

async function initialized(): Promise<void> {
  ready ??= initWasm(wasmBytes()).catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  await ready;
}

/** The SVG drawn `width` pixels wide (height by its aspect ratio) with only the given fonts. */
export async function svgRaster(svg: string, options: { width: number; fonts: Uint8Array[]; defaultFamily: string; as: "png" | "rgba" }): Promise<Raster> {
  await initialized();
  const resvg = new Resvg(svg, {
    fitTo: { mode: "width", value: options.width },
    font: { fontBuffers: options.fonts, defaultFontFamily: options.defaultFamily, sansSerifFamily: options.defaultFamily },
  });
  const image = resvg.render();
  try {
    return { width: image.width, height: image.height, bytes: options.as === "png" ? image.asPng() : image.pixels };
  } finally {
    image.free();
    resvg.free();
  }
}

/** A PNG of the SVG at its own size (`scale` 2 for sharp images on high-density screens). */
export async function svgToPng(svg: string, scale = 1): Promise<Uint8Array> {
  await initialized();
  const resvg = new Resvg(svg, { fitTo: scale === 1 ? { mode: "original" } : { mode: "zoom", value: scale }, font: { loadSystemFonts: false } });
  const image = resvg.render();
  try {
    return image.asPng();
  } finally {
    image.free();
    resvg.free();
  }
}
