// `npm run font:subset`: builds the CJK font the server renders signboards with (PNG and PDF,
// functions/src/adapters/resvg/sign-font.ts) and writes it to functions/assets/fonts/.
//
// Source: WenQuanYi Micro Hei (文泉驿微米黑, Apache-2.0 or GPL-3+ with font exception; Debian's
// fonts-wqy-microhei, which .ci/run installs for the browser tests anyway), face 0 of its TTC. The whole font
// is 5 MB; the subset keeps printable ASCII, every character of GB 2312 (6763 hanzi in both levels plus its
// symbols and punctuation: practically every name a clerk types) and every character of the reference data
// and of the signboard's own labels, in 1.3 MB of TrueType. Names with rarer characters fall back to the
// renderer's missing-glyph box; the SVG signboard (the reader's own fonts) still shows them.
// The output is committed, so neither a build nor a Lambda needs the system font; run this again when the
// reference data gains a character outside GB 2312.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import subsetFont from "subset-font";
import { SIGN_FONT_ASSET } from "../functions/src/adapters/resvg/sign-font.js";
import { REPO_ROOT } from "../infra/lib/paths.js";

const SOURCE = process.argv[2] ?? "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";
const OUT = join(REPO_ROOT, SIGN_FONT_ASSET);
/** Characters kept besides GB 2312: the reference data's and the signboard's labels. */
const CHARS_FROM = [join(REPO_ROOT, "functions/reference"), join(REPO_ROOT, "functions/src/app/signboard.ts")];

/** Every character GB 2312 encodes (rows 0xA1–0xF7, cells 0xA1–0xFE), decoded with the WHATWG GBK decoder. */
function gb2312Chars(): string[] {
  const gbk = new TextDecoder("gbk");
  const out: string[] = [];
  for (let row = 0xa1; row <= 0xf7; row++) {
    for (let cell = 0xa1; cell <= 0xfe; cell++) {
      const ch = gbk.decode(new Uint8Array([row, cell]));
      if (ch !== "\ufffd") out.push(ch);
    }
  }
  return out;
}

/** Face `index` of a TrueType collection as a standalone font (tables copied, offsets rewritten); a plain font as is. */
function ttcFace(ttc: Buffer, index = 0): Buffer {
  if (ttc.toString("latin1", 0, 4) !== "ttcf") return ttc;
  const at = ttc.readUInt32BE(12 + 4 * index);
  const count = ttc.readUInt16BE(at + 4);
  const tables = Array.from({ length: count }, (_, i) => {
    const r = at + 12 + 16 * i;
    return { record: ttc.subarray(r, r + 8), offset: ttc.readUInt32BE(r + 8), length: ttc.readUInt32BE(r + 12) };
  });
  const pad = (n: number) => (n + 3) & ~3;
  const out = Buffer.alloc(12 + 16 * count + tables.reduce((sum, t) => sum + pad(t.length), 0));
  ttc.copy(out, 0, at, at + 12);
  let pos = 12 + 16 * count;
  for (const [i, t] of tables.entries()) {
    t.record.copy(out, 12 + 16 * i); // tag and checksum
    out.writeUInt32BE(pos, 12 + 16 * i + 8);
    out.writeUInt32BE(t.length, 12 + 16 * i + 12);
    ttc.copy(out, pos, t.offset, t.offset + t.length);
    pos += pad(t.length);
  }
  return out;
}

const chars = new Set(gb2312Chars());
for (let c = 0x20; c < 0x7f; c++) chars.add(String.fromCharCode(c));
for (const from of CHARS_FROM) {
  const files = from.endsWith(".ts") ? [from] : readdirSync(from).filter((f) => f.endsWith(".json")).map((f) => join(from, f));
  for (const file of files) for (const ch of readFileSync(file, "utf8")) if (ch.codePointAt(0)! >= 0x80) chars.add(ch);
}
const font = await subsetFont(ttcFace(readFileSync(SOURCE)), [...chars].join(""), { targetFormat: "truetype" });
writeFileSync(OUT, font);
process.stdout.write(`${SIGN_FONT_ASSET}: ${chars.size} characters, ${font.length} bytes\n`);
