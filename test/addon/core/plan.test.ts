import { describe, expect, it } from "vitest";
import { COLOURS, NOTE_INVALID } from "../../../sheets-addon/src/core/marks.js";
import { type Where, columnForViolation, planPull, resultPlan } from "../../../sheets-addon/src/core/plan.js";
import { analyseRows } from "../../../sheets-addon/src/core/rows.js";
import { compileWrites } from "../../../sheets-addon/src/core/writes.js";
import { ctx, fullRecord, gridOf, layout, positions, syncedCells } from "./fixture.js";

function setup(rows: Record<string, unknown>[]) {
  const grid = gridOf(rows);
  const w: Where = { layout, positions, grid, ctx };
  const analysis = analyseRows(grid, positions, ctx);
  return { grid, w, analysis };
}

const edited = () => ({ ...syncedCells(fullRecord()), sizeMm: "600" });

describe("batch results → annotations", () => {
  it("ok: the row rewritten from the server's record (normalized values), with new version and hash", () => {
    // Prepare
    const { w, analysis } = setup([edited()]);
    const server = fullRecord({ version: 4, sizeMm: "600", longitude: 120.196124, name: "服务器补全的名称" });
    // Act
    const { plan } = resultPlan(w, analysis[0] as any, { row: 2, edited: false }, { index: 0, outcome: "ok", id: server.id, tempId: server.tempId, version: 4, record: server } as any);
    // Assess
    expect(plan.full).toBe(true);
    expect(plan.set).toMatchObject({ _version: 4, sizeMm: "600", longitude: 120.196124, name: "服务器补全的名称", _sync: "✓ 已保存（第4版）" });
    expect(plan.set._hash).toMatch(/^h1:/);
    const after = setup([{ ...edited(), ...plan.set }]).analysis[0]!;
    expect(after.kind).toBe("clean");
  });

  it("ok while the clerk kept typing: only id and version taken, the row stays to be pushed", () => {
    const { w, analysis } = setup([edited()]);
    const { plan } = resultPlan(w, analysis[0] as any, { row: 2, edited: true }, { index: 0, outcome: "ok", id: "x", tempId: "SC-KX-0001", version: 4, record: fullRecord({ version: 4 }) } as any);
    expect(plan.full).toBe(false);
    expect(plan.set).toEqual({ _sync: expect.stringMatching(/^✎/), _id: "x", _version: 4, tempId: "SC-KX-0001" });
  });

  it("invalid: each violation noted on its cell with the rule id; unplaceable ones go to the status", () => {
    // Prepare
    const { w, analysis } = setup([edited()]);
    const violations = [
      { field: "sizeMm", rule: "R-FORMAT", message: "「尺寸（毫米）」格式不正确" },
      { field: "responsibleParties[2].creditCode", rule: "R-CREDIT-CODE", message: "须填写18位统一社会信用代码" },
      { field: "", rule: "R-MALFORMED", message: "请求格式错误" },
    ];
    // Act
    const { plan } = resultPlan(w, analysis[0] as any, { row: 2, edited: false }, { index: 0, outcome: "invalid", violations } as any);
    // Assess
    expect(plan.notes.sizeMm).toBe(`${NOTE_INVALID}【R-FORMAT】「尺寸（毫米）」格式不正确`);
    expect(plan.backgrounds.sizeMm).toBe(COLOURS.invalid);
    expect(plan.notes["responsibleParties[1+]"]).toContain("【R-CREDIT-CODE】");
    expect(String(plan.set._sync)).toMatch(/^✗ 有误 3 处[^]*【R-MALFORMED】请求格式错误/);
    expect(plan.set._version).toBeUndefined();
  });

  it("maps violation fields to columns", () => {
    const w = { layout, positions };
    expect(columnForViolation("transitionUntil.until", w)).toBe("transitionUntil.until");
    expect(columnForViolation("zones", w)).toBe("zones.nearVenue");
    expect(columnForViolation("responsibleParties[0].kind", w)).toBe("responsibleParties[0].kind");
    expect(columnForViolation("responsibleParties[1]", w)).toBe("responsibleParties[1+]");
    expect(columnForViolation("problems[3]", w)).toBe("problems");
    expect(columnForViolation("datum", w)).toBe("datum");
    expect(columnForViolation("version", w)).toBeUndefined();
  });

  it("conflict: nothing overwritten, the server's values offered per cell with who changed what", () => {
    // Prepare: mine changed sizeMm; theirs changed plan and sizeMm
    const { w, analysis } = setup([edited()]);
    const current = fullRecord({ version: 5, plan: "对方的方案", sizeMm: "900", updatedBy: "colleague@test" });
    // Act
    const { plan, conflict } = resultPlan(w, analysis[0] as any, { row: 2, edited: false }, { index: 0, outcome: "conflict", violations: [], current } as any);
    // Assess
    expect(plan.full).toBe(false);
    expect(Object.keys(plan.set)).toEqual(["_sync"]);
    expect(String(plan.set._sync)).toMatch(/^⇄ 冲突：服务器已是第5版（colleague@test/);
    expect(plan.backgrounds.sizeMm).toBe(COLOURS.conflict);
    expect(plan.notes.plan).toContain("对方的方案");
    expect(conflict!.diffs).toEqual([
      { column: "sizeMm", label: "尺寸（毫米）", mine: "600", theirs: "900", side: "both" },
      { column: "plan", label: "整治方案", mine: "雨污分流改造", theirs: "对方的方案", side: "theirs" },
    ]);
  });

  it("clears the add-on's own marks when a row is saved, but keeps a clerk's own notes and colours", () => {
    // Prepare: our invalid mark on sizeMm, the clerk's own note and colour on plan
    const { grid, w, analysis } = setup([edited()]);
    const at = (k: string) => positions.get(k)!;
    grid.notes[0]![at("sizeMm")] = `${NOTE_INVALID}【R-FORMAT】旧的错误`;
    grid.backgrounds[0]![at("sizeMm")] = COLOURS.invalid;
    grid.notes[0]![at("plan")] = "我自己的备注";
    grid.backgrounds[0]![at("plan")] = "#00ff00";
    const record = fullRecord({ version: 4, sizeMm: "600", overdue: false });
    // Act
    const { plan } = resultPlan(w, analysis[0] as any, { row: 2, edited: false }, { index: 0, outcome: "ok", id: record.id, tempId: record.tempId, version: 4, record } as any);
    // Assess
    expect(plan.notes.sizeMm).toBe("");
    expect(plan.backgrounds.sizeMm).toBeNull();
    expect(plan.notes.plan).toBeUndefined();
    expect(plan.backgrounds.plan).toBeUndefined();
  });

  it("highlights an overdue row, and a row without the derived field not at all", () => {
    const { w, analysis } = setup([edited(), { ...edited(), _id: "b" }]);
    const ok = (record: Record<string, unknown>, i: number) =>
      resultPlan(w, analysis[i] as any, { row: 2 + i, edited: false }, { index: i, outcome: "ok", id: record.id, tempId: "t", version: 4, record } as any).plan;
    expect(ok(fullRecord({ overdue: true }), 0).backgrounds.name).toBe(COLOURS.overdue);
    expect(ok(fullRecord({ overdue: undefined }), 1).backgrounds.name).toBeUndefined();
  });

  it("compiles plans into whole-row writes for rewritten rows and single-column runs for status cells", () => {
    // Prepare
    const { grid, w, analysis } = setup([edited(), edited(), edited(), edited()]);
    const record = fullRecord({ version: 4, sizeMm: "600" });
    const ok = resultPlan(w, analysis[0] as any, { row: 2, edited: false }, { index: 0, outcome: "ok", id: record.id, tempId: "t", version: 4, record } as any).plan;
    const ok2 = { ...ok, row: 3 };
    const bad = (row: number) => resultPlan(w, analysis[row - 2] as any, { row, edited: false }, { index: 0, outcome: "invalid", violations: [{ field: "sizeMm", rule: "R-FORMAT", message: "m" }] } as any).plan;
    // Act
    const writes = compileWrites(grid, positions, [ok, ok2, bad(4), bad(5)]);
    // Assess
    expect(writes.values.map((b) => [b.row, b.column, b.cells.length, b.cells[0]!.length])).toEqual([
      [2, 1, 2, grid.width],
      [4, positions.get("_sync")! + 1, 2, 1],
    ]);
    expect(writes.notes.map((b) => [b.row, b.cells.length])).toEqual([[4, 2]]); // rows 2–3 had no marks to clear
    expect(writes.lastRow).toBe(5);
  });
});

describe("pull → merge plan", () => {
  it("appends new records sorted by temp id, updates clean rows, keeps rows with unpushed edits, dedupes by id and version", () => {
    // Prepare
    const clean = syncedCells(fullRecord({ id: "clean", version: 2 }));
    const dirty = { ...syncedCells(fullRecord({ id: "dirty", version: 2 })), plan: "我的未推送修改" };
    const same = syncedCells(fullRecord({ id: "same", version: 2 }));
    const { w, analysis } = setup([clean, dirty, same]);
    const records = [
      fullRecord({ id: "clean", version: 3, plan: "服务器的新方案" }),
      fullRecord({ id: "clean", version: 2 }),
      fullRecord({ id: "dirty", version: 3 }),
      fullRecord({ id: "same", version: 2 }),
      fullRecord({ id: "n2", tempId: "SC-KX-0009", version: 1 }),
      fullRecord({ id: "n1", tempId: "SC-KX-0008", version: 1 }),
    ];
    // Act
    const pulled = planPull(w, analysis, records as any, { full: false });
    // Assess
    expect(pulled).toMatchObject({ added: 2, updated: 1, kept: 1, unchanged: 1 });
    const byRow = new Map(pulled.plans.map((p) => [p.row, p]));
    expect(byRow.get(2)!.set).toMatchObject({ plan: "服务器的新方案", _version: 3, _sync: "↓ 已更新到第3版" });
    expect(byRow.get(3)!.full).toBe(false);
    expect(String(byRow.get(3)!.set._sync)).toMatch(/^⇄ 服务器已有第3版/);
    expect(byRow.has(4)).toBe(false);
    expect([byRow.get(5)!.set._id, byRow.get(6)!.set._id]).toEqual(["n1", "n2"]);
  });

  it("marks rows the server no longer lists on a full pull", () => {
    const { w, analysis } = setup([syncedCells(fullRecord({ id: "gone" }))]);
    const pulled = planPull(w, analysis, [], { full: true });
    expect(String(pulled.plans[0]!.set._sync)).toMatch(/^？服务器上已没有/);
  });
});
