import { describe, expect, it } from "vitest";
import { toCsv } from "../../functions/src/app/lists.js";
import { defuseFormula, formulaLike } from "../../functions/src/domain/formula-guard.js";

describe("formula guard", () => {
  it("sees formulas behind half-width, full-width and whitespace-led leads", () => {
    // Prepare
    const dangerous = ["=1+1", "+1", "-1+1", "@SUM(A1)", "＝HYPERLINK(\"x\")", "＋1", "－1", "＠A1", " =1", "\t=1", "\r=1", "\n=1", "　=1", "\tplain", "\rplain"];
    const safe = ["杭州某某有限公司", "SC-KX-0001", "a=b", "1-2", "", "（=）"];
    // Act / Assess
    for (const s of dangerous) expect(formulaLike(s), JSON.stringify(s)).toBe(true);
    for (const s of safe) expect(formulaLike(s), JSON.stringify(s)).toBe(false);
    expect(defuseFormula("=1+1")).toBe("'=1+1");
    expect(defuseFormula("杭州")).toBe("杭州");
  });

  it("CSV cells stay text in Excel and WPS: formula-like text defused and quoted where needed, numbers untouched", () => {
    // Prepare
    const list = {
      kind: "problems",
      title: "t",
      scope: "s",
      generatedAt: "2026-01-01T00:00:00Z",
      columns: [{ key: "name", label: "名称" }, { key: "n", label: "数量" }],
      rows: [
        { name: '=HYPERLINK("http://evil","点我")', n: -5 },
        { name: "＝1+1", n: 3 },
        { name: "\t=1+1", n: 0 },
        { name: "\r+1", n: 1 },
        { name: "普通名称", n: 2 },
      ],
    };
    // Act
    const lines = toCsv(list as never).replace(/^\uFEFF/, "").split("\r\n");
    // Assess
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://evil"",""点我"")",-5`);
    expect(lines[2]).toBe("'＝1+1,3");
    expect(lines[3]).toBe("'\t=1+1,0");
    expect(lines[4]).toBe(`"'\r+1",1`);
    expect(lines[5]).toBe("普通名称,2");
  });
});
