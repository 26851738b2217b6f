import { describe, expect, it } from "vitest";
import { cleanText, excelSerialToDate, looksSwapped, noteOf, parseBool, parseCoordinate, parseDate, parsePhone } from "../../functions/src/domain/normalize.js";

describe("shared normalizer (old-ledger dirt)", () => {
  it("text: full-width digits and letters, newlines, inner and ideographic spaces; Chinese punctuation kept", () => {
    expect(cleanText(" 凯旋路\n１号　排口 ")).toEqual({ value: "凯旋路1号排口", rules: ["N-FULLWIDTH", "N-SPACE"] });
    expect(cleanText("历史遗留，区治水办同意保留")).toEqual({ value: "历史遗留，区治水办同意保留", rules: [] });
    expect(cleanText("第一步\n  第二步", true).value).toBe("第一步\n第二步");
    expect(cleanText("Pipe  A").value).toBe("Pipe A");
  });

  it("dates: Chinese, dotted, slashed, compact and Excel serials; impossible dates refused", () => {
    expect(parseDate("2024年3月5日")).toEqual({ value: "2024-03-05", rules: ["N-DATE"] });
    expect(parseDate("2024.3.5")?.value).toBe("2024-03-05");
    expect(parseDate("2024/03/05")?.value).toBe("2024-03-05");
    expect(parseDate("20240305")?.value).toBe("2024-03-05");
    expect(parseDate("２０２４－０３－０５")?.value).toBe("2024-03-05");
    expect(parseDate(45356)?.value).toBe("2024-03-05");
    expect(parseDate("45356")?.value).toBe("2024-03-05");
    expect(parseDate("2024-03-05")).toEqual({ value: "2024-03-05", rules: [] });
    expect(parseDate("2024-02-30")).toBeUndefined();
    expect(parseDate("年底")).toBeUndefined();
    expect(excelSerialToDate(1)).toBe("1899-12-31");
  });

  it("coordinates: decimal, DMS and DM in symbols or Chinese, with hemisphere words", () => {
    expect(parseCoordinate("120.1754")).toEqual({ value: 120.1754, rules: [], dms: false });
    expect(parseCoordinate("120°10'30\"")).toEqual({ value: 120.175, rules: ["N-DMS"], dms: true });
    expect(parseCoordinate("120度10分30秒")?.value).toBe(120.175);
    expect(parseCoordinate("E120°10.5'")?.value).toBe(120.175);
    expect(parseCoordinate("北纬30°16′28.2″")?.value).toBe(30.274500);
    expect(parseCoordinate("30:16:28.2")?.value).toBe(30.2745);
    expect(parseCoordinate("１２０．１７５")).toEqual({ value: 120.175, rules: ["N-FULLWIDTH"], dms: false });
    expect(parseCoordinate("120°70'")).toBeUndefined();
    expect(parseCoordinate("不详")).toBeUndefined();
  });

  it("swapped latitude/longitude is recognised (for a suggestion, never applied here)", () => {
    expect(looksSwapped(30.27, 120.17)).toBe(true);
    expect(looksSwapped(120.17, 30.27)).toBe(false);
  });

  it("phones: landlines get their area code separated, mobiles lose +86 and spaces; several kept", () => {
    expect(parsePhone("(0571)8765 4321")).toEqual({ value: "0571-87654321", rules: ["N-PHONE"] });
    expect(parsePhone("057187654321")?.value).toBe("0571-87654321");
    expect(parsePhone("010-12345678")?.value).toBe("010-12345678");
    expect(parsePhone("+86 138 0000 1111")?.value).toBe("13800001111");
    expect(parsePhone("13800001111、0571-87654321")?.value).toBe("13800001111,0571-87654321");
    expect(parsePhone("13800001111")).toEqual({ value: "13800001111", rules: [] });
    expect(parsePhone("找王师傅")).toBeUndefined();
  });

  it("booleans: 是/否, 有/无, √/×", () => {
    expect(parseBool("是")).toEqual({ value: true, rules: [] });
    expect(parseBool("有")).toEqual({ value: true, rules: ["N-BOOL"] });
    expect(parseBool("√")?.value).toBe(true);
    expect(parseBool("×")?.value).toBe(false);
    expect(parseBool("无")?.value).toBe(false);
    expect(parseBool("待查")).toBeUndefined();
  });

  it("a change is reported with its original value and a Chinese message", () => {
    expect(noteOf("longitude", ["N-DMS"], "120°10'30\"", 120.175)).toEqual({
      field: "longitude",
      rule: "N-DMS",
      original: "120°10'30\"",
      value: "120.175",
      message: "度分秒坐标已换算为十进制度",
    });
    expect(noteOf("name", [], "a", "a")).toBeUndefined();
  });
});
