// The add-on's smaller panels over fake ports: the 举报 sheet, the 调度通报 sidebar, the personal-token dialog,
// the onEdit marker and text-safe cell formats. Their round trips against the local stack run in test/addon
// (the built bundle); here each branch of what they ask and answer is checked without a network.
import { describe, expect, it } from "vitest";
import { bulletinDocument, issueBulletin, openBulletin, refreshBulletin, saveBulletin } from "../../../sheets-addon/src/core/bulletin-session.js";
import { textFormats } from "../../../sheets-addon/src/core/cell-text.js";
import { markEdited } from "../../../sheets-addon/src/core/engine.js";
import type { HttpRequest } from "../../../sheets-addon/src/core/http.js";
import { COLOURS, STATUS_TEXT, isNoFill, isOurColour, isOurNote, NOTE_CONFLICT, statusKind } from "../../../sheets-addon/src/core/marks.js";
import { createPersonalToken, personalTokenHtml } from "../../../sheets-addon/src/core/personal-token.js";
import { REPORT_HEADER, REPORT_SHEET, pullReports, sendTriage, signboardsPage } from "../../../sheets-addon/src/core/reports.js";
import { fakeEnv, json } from "./fake-env.js";

const rcol = (label: (typeof REPORT_HEADER)[number]) => REPORT_HEADER.indexOf(label);
const reportRow = (cells: Partial<Record<(typeof REPORT_HEADER)[number], unknown>>) => REPORT_HEADER.map((h) => cells[h] ?? "");

describe("举报 sheet", () => {
  it("pulls the open reports into the sheet with the version column hidden, and says how many wait", () => {
    // Prepare
    const item = { id: "JB-1", kindLabel: "举报", description: "河边冒黑水", createdAt: "2026-11-30T01:00:00Z", statusLabel: "待处理", version: 1 };
    const { env, sent, tables, tableOptions, toasts } = fakeEnv((r) => (r.url.includes("/v1/reports?status=open") ? json(200, { items: [item] }) : undefined));
    // Act
    const pulled = pullReports(env);
    // Assess
    expect(pulled).toEqual({ count: 1 });
    expect(sent.at(-1)!.url).toBe("https://api.example.cn/v1/reports?status=open");
    const rows = tables.get(REPORT_SHEET)!;
    expect(rows[0]).toEqual([...REPORT_HEADER]);
    expect(rows[1]![rcol("问题描述")]).toBe("河边冒黑水");
    expect(rows[1]![rcol("版本")]).toBe(1);
    expect(tableOptions.get(REPORT_SHEET)!.hiddenColumns).toEqual([rcol("版本")]);
    expect(toasts.at(-1)).toContain("待处理举报 1 条");
  });

  it("says so when nothing waits", () => {
    // Prepare
    const { env, toasts } = fakeEnv(() => json(200, { items: [] }));
    // Act
    const pulled = pullReports(env);
    // Assess
    expect(pulled.count).toBe(0);
    expect(toasts.at(-1)).toBe("没有待处理的举报");
  });

  it("sends each row with a 处理结果 (answer, due date, position as given), marks it, and reports refusals per row", () => {
    // Prepare
    const bodies: Record<string, unknown>[] = [];
    const { env, sent, tables, toasts } = fakeEnv((r: HttpRequest) => {
      if (r.method !== "post") return undefined;
      const body = JSON.parse(r.payload!) as Record<string, unknown>;
      bodies.push(body);
      if (r.url.includes("JB-3")) return json(409, { title: "版本冲突", detail: "举报已被他人处理" });
      if (body.outcome === "新增疑似排口") return json(200, { status: "triaged", triage: { outfallTempId: "SC-X-001" } });
      return json(200, { status: "triaged" });
    });
    tables.set(REPORT_SHEET, [
      [...REPORT_HEADER],
      reportRow({ 查询码: "JB-1", 处理结果: "答复并关闭", 答复内容: " 已核实，非排污口 ", 版本: 2 }),
      reportRow({ 查询码: "JB-2", 处理结果: "新增疑似排口", 经度: "120.17", 纬度: "30.25", 受纳水体: "贴沙河", 版本: 1 }),
      reportRow({ 查询码: "JB-3", 处理结果: "转巡查", 巡查期限: new Date("2026-12-10T00:00:00Z"), 版本: 1 }),
      reportRow({ 查询码: "JB-4", 版本: 1 }),
    ]);
    // Act
    const summary = sendTriage(env);
    // Assess
    expect(summary).toEqual({ sent: 2, refused: 1 });
    expect(sent.filter((r) => r.method === "post").map((r) => r.url)).toEqual([
      "https://api.example.cn/v1/reports/JB-1/triage",
      "https://api.example.cn/v1/reports/JB-2/triage",
      "https://api.example.cn/v1/reports/JB-3/triage",
    ]);
    expect(bodies[0]).toEqual({ outcome: "答复并关闭", expectedVersion: 2, answer: "已核实，非排污口" });
    expect(bodies[1]).toEqual({ outcome: "新增疑似排口", expectedVersion: 1, outfall: { longitude: 120.17, latitude: 30.25, waterBody: "贴沙河" } });
    expect(bodies[2]).toEqual({ outcome: "转巡查", expectedVersion: 1, dueDate: "2026-12-10" });
    const rows = tables.get(REPORT_SHEET)!;
    expect(rows[1]![rcol("发送结果")]).toBe("已发送");
    expect(rows[2]![rcol("发送结果")]).toBe("已发送，登记为 SC-X-001");
    expect(rows[2]![rcol("状态")]).toBe("已处理");
    expect(rows[3]![rcol("发送结果")]).toContain("举报已被他人处理");
    expect(rows[4]![rcol("发送结果")]).toBe("");
    expect(toasts.at(-1)).toBe("已发送 2 条处理结果，1 条未通过（见「发送结果」列）");
  });

  it("refuses to send from an empty sheet with a hint to pull first", () => {
    // Prepare
    const { env, sent } = fakeEnv(() => undefined);
    // Act
    const act = () => sendTriage(env);
    // Assess
    expect(act).toThrow("请先点「举报：拉取待处理」");
    expect(sent).toHaveLength(0);
  });

  it("serves the signboards page with a print button, or the API's refusal in Chinese", () => {
    // Prepare
    const ok = fakeEnv(() => ({ status: 200, body: "<html><body><section>标识牌</section></body></html>", headers: {} }));
    const refused = fakeEnv(() => json(403, { title: "无权限", detail: "只能打印本街道的标识牌" }));
    // Act
    const page = signboardsPage(ok.env);
    const refusal = () => signboardsPage(refused.env);
    // Assess
    expect(page).toContain('<body><p class="no-print"');
    expect(page).toContain("打印 / 另存为 PDF");
    expect(page).toContain("<section>标识牌</section>");
    expect(refusal).toThrow("只能打印本街道的标识牌");
  });
});

describe("调度通报 sidebar", () => {
  const bulletin = (over: Record<string, unknown> = {}) => ({
    id: "BL-1",
    version: 3,
    status: "draft",
    title: "上城区入河入海排污口动态监管调度通报",
    header: { issuer: "上城区治水办", copyTo: ["区生态环境分局"] },
    narrative: { progress: "进展", problems: "问题" },
    progress: { asOf: "2026-11-30T00:00:00Z", district: { total: 336, done: 300, donePct: 89.3, overdue: 4 } },
    ...over,
  });

  it("opens a new draft (201) or the open one (200), with the figures line and the three sections", () => {
    // Prepare
    const created = fakeEnv((r) => (r.method === "post" ? json(201, bulletin()) : undefined));
    const open = fakeEnv((r) => (r.method === "post" ? json(200, bulletin()) : undefined));
    // Act
    const first = openBulletin(created.env);
    const again = openBulletin(open.env);
    // Assess
    expect(first.ok && first.message).toBe("已按当前数据起草新的调度通报（数据截至 2026-11-30：排污口 336 个，已完成整治 300 个（89.3%），逾期 4 个）");
    expect(again.ok && again.message).toBe("已打开尚未印发的调度通报草稿");
    if (!again.ok) throw new Error("expected a bulletin");
    expect(again.bulletin.number).toBe("草稿（印发时编号）");
    expect(again.bulletin.sections.map((s) => [s.label, s.text])).toEqual([["工作进展", "进展"], ["存在问题", "问题"], ["下步工作", ""]]);
  });

  it("saves only the known sections with If-Match on the version read, and passes the API's refusal on", () => {
    // Prepare
    const { env, sent } = fakeEnv((r) => (r.method === "patch" ? json(200, bulletin({ version: 4 })) : undefined));
    const stale = fakeEnv(() => json(412, { title: "版本已变化", detail: "通报已被他人修改，请重新打开" }));
    // Act
    const saved = saveBulletin(env, "BL-1", 3, { progress: "新进展", bogus: "x" } as never);
    const refused = saveBulletin(stale.env, "BL-1", 3, { progress: "新进展" });
    // Assess
    const patch = sent.find((r) => r.method === "patch")!;
    expect(patch.url).toBe("https://api.example.cn/v1/bulletins/BL-1");
    expect(patch.headers!["If-Match"]).toBe('"3"');
    expect(JSON.parse(patch.payload!)).toEqual({ narrative: { progress: "新进展" } });
    expect(saved.ok && saved.message).toBe("已保存（第 4 版）");
    expect(refused).toMatchObject({ ok: false });
    expect(!refused.ok && refused.message).toContain("通报已被他人修改");
  });

  it("refreshes the figures, issues as 第 N 期 with delivery asked, and fetches the Word document", () => {
    // Prepare
    const issued = bulletin({ status: "issued", version: 5, header: { issuer: "上城区治水办", copyTo: [], number: 7, issueDate: "2026-12-01" } });
    const doc = { fileName: "调度通报第7期.docx", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", base64: "UEsDBA==" };
    const { env, sent } = fakeEnv((r) => {
      if (r.url.endsWith("/issue")) return json(200, issued);
      if (r.url.endsWith("/document")) return json(200, doc);
      if (r.method === "patch") return json(200, bulletin({ version: 4 }));
      return undefined;
    });
    // Act
    const refreshed = refreshBulletin(env, "BL-1", 3);
    const result = issueBulletin(env, "BL-1", 4, true);
    const file = bulletinDocument(env, "BL-1");
    // Assess
    expect(refreshed.ok && refreshed.message).toContain("已按最新数据重新起草");
    expect(JSON.parse(sent.find((r) => r.method === "patch")!.payload!)).toEqual({ refresh: true });
    const issue = sent.find((r) => r.url.endsWith("/issue"))!;
    expect(JSON.parse(issue.payload!)).toEqual({ deliver: true });
    expect(issue.headers!["If-Match"]).toBe('"4"');
    expect(result.ok && result.message).toBe("已印发 第 7 期（2026-12-01），印发后不能再修改");
    expect(file).toEqual(doc);
  });
});

describe("个人令牌 dialog", () => {
  it("creates a 90-day token and shows it once, escaped, with the login command", () => {
    // Prepare
    const { env, sent } = fakeEnv((r) =>
      r.url.endsWith("/v1/tokens") ? json(201, { secret: "pt_abc<def>", token: { name: "Excel/WPS 工作簿工具", expiresAt: "2027-03-01T00:00:00Z" } }) : undefined,
    );
    // Act
    const created = createPersonalToken(env);
    const html = personalTokenHtml(created);
    // Assess
    expect(JSON.parse(sent.at(-1)!.payload!)).toEqual({ name: "Excel/WPS 工作簿工具", expiresInDays: 90 });
    expect(created).toEqual({ secret: "pt_abc<def>", name: "Excel/WPS 工作簿工具", expiresAt: "2027-03-01T00:00:00Z", apiUrl: "https://api.example.cn" });
    expect(html).toContain("有效期至 2027-03-01");
    expect(html).toContain("pt_abc&#60;def&#62;");
    expect(html).not.toContain("<def>");
    expect(html).toContain("npm run workbook -- login --api https://api.example.cn");
  });

  it("asks for the API address first when none is set", () => {
    // Prepare
    const { env, sent } = fakeEnv(() => undefined, null);
    // Act
    const act = () => createPersonalToken(env);
    // Assess
    expect(act).toThrow("还没有设置台账接口地址");
    expect(sent).toHaveLength(0);
  });
});

describe("onEdit marker", () => {
  const header = { labels: ["名称", "状态", "系统编号"], notes: ["字段：name", "字段：_sync", "字段：_id"] };

  it("marks edited data rows 待推送 (new or edited by id) and leaves conflicts and header edits alone", () => {
    // Prepare
    const edited = { firstRow: 2, rows: [["甲", "", "OUT-1"], ["乙", "", ""], ["丙", STATUS_TEXT.conflict(3, "王五", "11-30 09:00"), "OUT-3"]], firstColumn: 1, columns: 1 };
    // Act
    const marks = markEdited(header, edited);
    const onHeader = markEdited(header, { ...edited, firstRow: 1 });
    const onSyncOnly = markEdited(header, { ...edited, firstColumn: 2 });
    const noSyncColumn = markEdited({ labels: ["名称"], notes: ["字段：name"] }, edited);
    // Assess
    expect(marks).toEqual({ column: 2, values: [STATUS_TEXT.pendingEdit, STATUS_TEXT.pendingNew, STATUS_TEXT.conflict(3, "王五", "11-30 09:00")] });
    expect(onHeader).toBeUndefined();
    expect(onSyncOnly).toBeUndefined();
    expect(noSyncColumn).toBeUndefined();
  });
});

describe("text-safe cell formats", () => {
  it("formats formula-like strings as text, keeps other cells' formats, and costs nothing when none needs it", () => {
    // Prepare
    const asText = (s: string) => s.startsWith("=") || /^0\d/.test(s);
    let reads = 0;
    const current = () => {
      reads++;
      return [["0.00", "General"]];
    };
    // Act
    const formats = textFormats([["=HYPERLINK(1)", 3], ["001", "河"]], asText, current);
    const none = textFormats([["河", 1]], asText, current);
    // Assess
    expect(formats).toEqual([["@", "General"], ["@", "General"]]);
    expect(none).toBeUndefined();
    expect(reads).toBe(1);
  });
});

describe("the add-on's own marks", () => {
  it("tells each 同步状态 text's kind, and its own colours and notes from a clerk's", () => {
    // Prepare
    const texts = [
      STATUS_TEXT.invalid(2), STATUS_TEXT.conflict(3, "王五", "11-30"), STATUS_TEXT.forbidden("他街道"), STATUS_TEXT.failed("超时"), STATUS_TEXT.notSent,
      STATUS_TEXT.pendingNew, STATUS_TEXT.editedDuringPush, STATUS_TEXT.saved(2), STATUS_TEXT.pulledNew, "随手写的", null,
    ];
    // Act
    const kinds = texts.map(statusKind);
    // Assess
    expect(kinds).toEqual(["invalid", "conflict", "forbidden", "failed", "failed", "pending", "pending", "ok", "ok", "other", "other"]);
    expect([isOurColour(COLOURS.conflict.toUpperCase()), isOurColour("#00ff00"), isOurColour(null)]).toEqual([true, false, false]);
    expect([isNoFill(null), isNoFill("#FFFFFF"), isNoFill("white"), isNoFill(COLOURS.pending)]).toEqual([true, true, true, false]);
    expect([isOurNote(`${NOTE_CONFLICT}服务器已改`), isOurNote("我的备注"), isOurNote(undefined)]).toEqual([true, false, false]);
  });
});
