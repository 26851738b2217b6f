// A PDF of full-page images (the printed signboards), with pdf-lib. Each page is one raster, stored as RGB
// deflated by Node's zlib (pdf-lib's own PNG embedding decodes and re-deflates in JavaScript, several
// times slower for a 2880 × 1800 page) and drawn over the whole page.
import { deflateSync } from "node:zlib";
import { PDFDocument, concatTransformationMatrix, drawObject, popGraphicsState, pushGraphicsState } from "pdf-lib";
import type { Raster } from "../../app/signboard-print.js";

const POINTS_PER_MM = 72 / 25.4;

export interface PdfMeta {
  title: string;
  /** Fixed creation date (deterministic output for the same input). */
  created: Date;
}

/** One page per raster (RGBA pixels), each `pageMm` in size; rasters are asked for one at a time. */
export async function rasterPdf(count: number, raster: (index: number) => Promise<Raster>, pageMm: { width: number; height: number }, meta: PdfMeta): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(meta.title);
  doc.setCreator("outfall-ledger");
  doc.setProducer("outfall-ledger (pdf-lib)");
  doc.setCreationDate(meta.created);
  doc.setModificationDate(meta.created);
  const [w, h] = [pageMm.width * POINTS_PER_MM, pageMm.height * POINTS_PER_MM];
  for (let i = 0; i < count; i++) {
    const { width, height, bytes } = await raster(i);
    const rgb = new Uint8Array(width * height * 3);
    for (let p = 0, q = 0; p < bytes.length; p += 4, q += 3) {
      rgb[q] = bytes[p]!;
      rgb[q + 1] = bytes[p + 1]!;
      rgb[q + 2] = bytes[p + 2]!;
    }
    const image = doc.context.stream(deflateSync(rgb), {
      Type: "XObject",
      Subtype: "Image",
      Width: width,
      Height: height,
      ColorSpace: "DeviceRGB",
      BitsPerComponent: 8,
      Filter: "FlateDecode",
    });
    const page = doc.addPage([w, h]);
    const name = page.node.newXObject("Sign", doc.context.register(image));
    page.pushOperators(pushGraphicsState(), concatTransformationMatrix(w, 0, 0, h, 0, 0), drawObject(name), popGraphicsState());
  }
  return doc.save({ useObjectStreams: false });
}

