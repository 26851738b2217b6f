import { describe, expect, it } from "vitest";
import { type RowNames, sheetUniqueMessage, sheetUniqueResult } from "../../../sheets-addon/src/core/unique-text.js";

const names: RowNames = {
  batchRow: (n) => [5, 9, 12][n - 1],
  byId: (id) => (id === "01HXYZ" ? { row: 30, tempId: "GS-0042" } : undefined),
};

describe("duplicate-code messages in the sheet's terms", () => {
  it("names the sheet row instead of the batch position", () => {
    // Act
    const text = sheetUniqueMessage("「排污口编码」A-1 与本批第 2 行重复，同一编码不能重复", names);
    // Assess
    expect(text).toBe("「排污口编码」A-1 与表中第 9 行重复，同一编码不能重复");
  });

  it("names the other record's temp id and row, never its internal id, and drops an id not in the sheet", () => {
    // Act
    const inSheet = sheetUniqueMessage("「排污口编码」A-1 已被另一个排污口（01HXYZ）使用，同一编码不能重复", names);
    const elsewhere = sheetUniqueMessage("「排污口编码」A-1 已被另一个排污口（01HOTHER）使用，同一编码不能重复", names);
    // Assess
    expect(inSheet).toBe("「排污口编码」A-1 已被另一个排污口（临时编号 GS-0042，表中第 30 行）使用，同一编码不能重复");
    expect(elsewhere).toBe("「排污口编码」A-1 已被另一个排污口使用，同一编码不能重复");
    expect(elsewhere).not.toContain("01HOTHER");
  });

  it("leaves results without R-UNIQUE as they are", () => {
    // Prepare
    const result = { index: 0, outcome: "invalid" as const, violations: [{ field: "name", rule: "R-REQUIRED", message: "「名称」为必填项" }] };
    // Act / Assess
    expect(sheetUniqueResult(result as never, names)).toBe(result);
  });
});
