// The signboard font: CJK text renders as distinct glyphs with it (not tofu boxes, which would all look
// alike), and as nothing without it — so a sign's text on the server depends on the shipped font alone.
import { describe, expect, it } from "vitest";
import { signFont, SIGN_FONT_FAMILY } from "../../functions/src/adapters/resvg/sign-font.js";
import { svgRaster } from "../../functions/src/adapters/resvg/svg-to-png.js";
import { loadReference } from "../../functions/reference/index.js";

const svg = (text: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" viewBox="0 0 200 60"><rect width="200" height="60" fill="#00843d"/><text x="10" y="44" fill="#fff" font-size="36" font-family="'${SIGN_FONT_FAMILY}'">${text}</text></svg>`;
const white = (rgba: Uint8Array) => {
  let n = 0;
  for (let i = 0; i < rgba.length; i += 4) if (rgba[i]! > 200 && rgba[i + 1]! > 200 && rgba[i + 2]! > 200) n++;
  return n;
};
const render = (text: string, fonts: Uint8Array[]) => svgRaster(svg(text), { width: 200, fonts, defaultFamily: SIGN_FONT_FAMILY, as: "rgba" });

describe("signboard font", () => {
  it("draws different CJK characters as different glyphs with the font, and no text without it", async () => {
    // Prepare
    const font = signFont();
    // Act
    const [kaixuan, jiedao, none] = await Promise.all([render("凯旋街道", [font]), render("排污口牌", [font]), render("凯旋街道", [])]);
    // Assess
    expect(font.length).toBeLessThan(1.5 * 1024 * 1024);
    expect(white(kaixuan.bytes)).toBeGreaterThan(500);
    expect(white(jiedao.bytes)).toBeGreaterThan(500);
    expect(Buffer.from(kaixuan.bytes).equals(Buffer.from(jiedao.bytes))).toBe(false);
    expect(white(none.bytes)).toBe(0);
  });

  it("covers every character of the signboard's labels and of the reference data's names (a missing one draws the same box as a surely missing one)", async () => {
    // Prepare: a character from a CJK extension plane, surely not in the subset, draws the .notdef box.
    const font = signFont();
    const tofu = await render("\u{2A6D6}", [font]);
    const ref = loadReference();
    const names = [...ref.subdistricts.map((s) => s.name), ...ref.departments.map((d) => d.name), ref.district.name, "排污口标志牌扫码查看详情在线举报设立欢迎社会各界监督名称编号类型责任主体监管部门举报电话临时入河入海"];
    const chars = [...new Set(names.join(""))].filter((c) => c.codePointAt(0)! > 0x7f);
    // Act
    const missing: string[] = [];
    for (const ch of chars) if (Buffer.from((await render(ch, [font])).bytes).equals(Buffer.from(tofu.bytes))) missing.push(ch);
    // Assess
    expect(missing).toEqual([]);
  });
});
