// Print-ready signboards rendered on the server: the PNG (2880 × 1800 px = 480 × 300 mm at 152.4 dpi) is a
// green sign with white glyphs whose QR code decodes to the public page; the PDF has one 480 × 300 mm page
// per signboard; both are in scope like the SVG.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import jsQR from "jsqr";
import { describe, expect, it } from "vitest";
import { decodePng, share } from "../fixtures/png-pixels.js";
import { tokenFor } from "./client.js";
import { ok, traced } from "./steps.js";
import { workerServer } from "./worker-server.js";
import { CLERK, COORDINATOR, OTHER_CLERK } from "./users.js";

const worker = workerServer();
const here = worker.call;
const GREEN: [number, number, number] = [0x00, 0x84, 0x3d];
const WHITE: [number, number, number] = [255, 255, 255];
const PX_PER_MM = 6;

async function remediating() {
  const o = await traced({}, [{ name: "景芳三区物业", kind: "residential" }]);
  return ok(o.id, "plan", { remediation: "standardize", plan: "规范排口", problems: ["no-signboard"] });
}

/** GET as bytes (the test client reads text). */
async function bytes(path: string, as: string) {
  const res = await fetch(`${worker.url()}${path}`, { headers: { authorization: `Bearer ${await tokenFor(as)}` } });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

/** Page sizes of a PDF written without object streams, in millimetres. */
function pdfPages(pdf: Buffer): { width: number; height: number }[] {
  const text = pdf.toString("latin1");
  return [...text.matchAll(/\/Type \/Page\b(?!s)[\s\S]*?\/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => ({
    width: Math.round((Number(m[1]) * 25.4) / 72),
    height: Math.round((Number(m[2]) * 25.4) / 72),
  }));
}

describe("print-ready signboards", () => {
  it("renders the PNG at 480 × 300 mm and 152 dpi: green ground, white CJK glyphs, a QR code that opens the public page", async () => {
    // Prepare
    const o = await remediating();
    // Act
    const reply = await bytes(`/v1/outfalls/${o.id}/signboard.png`, CLERK);
    // Assess
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toBe("image/png");
    mkdirSync(join(process.cwd(), ".data", "screenshots"), { recursive: true });
    writeFileSync(join(process.cwd(), ".data", "screenshots", "signboard-print.png"), reply.body); // kept as an artifact
    const png = decodePng(reply.body);
    expect([png.width, png.height]).toEqual([480 * PX_PER_MM, 300 * PX_PER_MM]);
    expect(share(png, GREEN)).toBeGreaterThan(0.5);
    // The title (排污口标志牌, 30 mm glyphs) and the name row carry white glyph pixels: the font is embedded.
    const title = { x: 90 * PX_PER_MM, y: 20 * PX_PER_MM, w: 300 * PX_PER_MM, h: 34 * PX_PER_MM };
    const name = { x: 92 * PX_PER_MM, y: 78 * PX_PER_MM, w: 200 * PX_PER_MM, h: 18 * PX_PER_MM };
    expect(share(png, WHITE, title)).toBeGreaterThan(0.05);
    expect(share(png, WHITE, name)).toBeGreaterThan(0.03);
    // The QR code (120 mm square at x 338, y 78).
    const box = { x: 330 * PX_PER_MM, y: 70 * PX_PER_MM, w: 136 * PX_PER_MM, h: 136 * PX_PER_MM };
    const crop = new Uint8ClampedArray(box.w * box.h * 4);
    for (let y = 0; y < box.h; y++) crop.set(png.data.subarray(((box.y + y) * png.width + box.x) * 4, ((box.y + y) * png.width + box.x + box.w) * 4), y * box.w * 4);
    const code = jsQR(crop, box.w, box.h);
    expect(code?.data).toBe(`${worker.url()}/p/${o.tempId}`);
  });

  it("renders one outfall's PDF as one 480 × 300 mm page, and a subdistrict's as one page per signboard", async () => {
    // Prepare
    const o = await remediating();
    // Act
    const one = await bytes(`/v1/outfalls/${o.id}/signboard.pdf`, CLERK);
    const page = await here("GET", "/v1/signboards", { as: CLERK });
    const all = await bytes("/v1/signboards?format=pdf", CLERK);
    // Assess
    expect(one.status).toBe(200);
    expect(one.headers.get("content-type")).toBe("application/pdf");
    expect(one.body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdfPages(one.body)).toEqual([{ width: 480, height: 300 }]);
    expect(all.status).toBe(200);
    const signs = (page.body as string).match(/<section class="sheet">/g)!.length;
    const count = Number(all.headers.get("x-signboard-count"));
    expect(count).toBe(Math.min(signs, 40));
    expect(Number(all.headers.get("x-signboard-parts"))).toBe(Math.ceil(signs / 40));
    const pages = pdfPages(all.body);
    expect(pages).toHaveLength(count);
    for (const p of pages) expect(p).toEqual({ width: 480, height: 300 });
  }, 180_000);

  it("keeps the scope of the SVG: no token 401, another subdistrict's clerk 403, a coordinator may; a bad part is a 400", async () => {
    // Prepare
    const o = await remediating();
    // Act
    const anonymous = await here("GET", `/v1/outfalls/${o.id}/signboard.png`);
    const anonymousPdf = await here("GET", `/v1/outfalls/${o.id}/signboard.pdf`);
    const otherPng = await here("GET", `/v1/outfalls/${o.id}/signboard.png`, { as: OTHER_CLERK });
    const otherPdf = await here("GET", `/v1/outfalls/${o.id}/signboard.pdf`, { as: OTHER_CLERK });
    const otherBatch = await here("GET", "/v1/signboards?subdistrict=凯旋&format=pdf", { as: OTHER_CLERK });
    const coordinator = await bytes(`/v1/outfalls/${o.id}/signboard.pdf`, COORDINATOR);
    const badPart = await here("GET", "/v1/signboards?format=pdf&part=99", { as: CLERK });
    const partWithoutPdf = await here("GET", "/v1/signboards?part=1", { as: CLERK });
    // Assess
    expect(anonymous.status).toBe(401);
    expect(anonymousPdf.status).toBe(401);
    expect(otherPng.status).toBe(403);
    expect(otherPdf.status).toBe(403);
    expect(otherBatch.status).toBe(403);
    expect(otherBatch.body.errors[0].rule).toBe("R-SCOPE");
    expect(coordinator.status).toBe(200);
    expect(badPart.status).toBe(400);
    expect(badPart.body.errors[0]).toMatchObject({ field: "part", rule: "R-RANGE" });
    expect(partWithoutPdf.status).toBe(400);
  });
});
