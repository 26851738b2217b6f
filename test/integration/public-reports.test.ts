// Public reports without sign-in (JSON and the HTML form), their limits, and the clerks' triage in scope.
import { describe, expect, it } from "vitest";
import { loadCampaign } from "../../functions/reference/index.js";
import { chinaDate } from "../../functions/src/domain/campaign.js";
import { createOutfall } from "../../functions/src/app/outfalls.js";
import { reportOutfallMarker, reportTaskId } from "../../functions/src/app/public-reports.js";
import { createFile } from "../../functions/src/app/supervision-files.js";
import type { Task } from "../../functions/src/app/tasks.js";
import { runtime } from "../../functions/src/config.js";
import { tableItemCount } from "./client.js";
import { jpeg, png } from "../fixtures/images.js";
import { create, ok, traced } from "./steps.js";
import { workerServer } from "./worker-server.js";
import { CLERK, COORDINATOR, DEPARTMENT, OTHER_CLERK } from "./users.js";

const worker = workerServer();
const here = worker.call;

let nextIp = 1;
/** Each test reports from clients of its own (the local server takes X-Forwarded-For from loopback). */
const client = () => ({ "x-forwarded-for": `198.51.100.${nextIp++}` });

async function publicOutfall() {
  const o = await traced();
  return ok(o.id, "plan", { remediation: "standardize", plan: "规范排口", problems: ["no-signboard"] });
}

const report = (body: Record<string, unknown>, headers = client()) => here("POST", "/v1/public/reports", { body, headers });

describe("public reports", () => {
  it("stores a report without a token, shows it at its lookup code and to the clerks of its subdistrict only", async () => {
    // Prepare
    const o = await publicOutfall();
    // Act
    const sent = await report({ reportKind: "pollution", outfallCode: o.tempId, description: "晴天有黑臭污水排出", contact: "13900002222" });
    const lookup = await here("GET", `/p/reports/${sent.body.code}`);
    const own = await here("GET", "/v1/reports", { as: CLERK });
    const other = await here("GET", "/v1/reports", { as: OTHER_CLERK });
    const coordinator = await here("GET", "/v1/reports", { as: COORDINATOR });
    const department = await here("GET", "/v1/reports", { as: DEPARTMENT });
    const anonymous = await here("GET", "/v1/reports");
    // Assess
    expect(sent.status).toBe(201);
    expect(sent.body.code).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
    expect(lookup.status).toBe(200);
    expect(lookup.body).toContain("待处理");
    expect(lookup.body).not.toContain("13900002222");
    expect(own.body.items.find((r: any) => r.id === sent.body.code)).toMatchObject({ subdistrict: "kaixuan", outfallTempId: o.tempId, status: "open", contact: "13900002222" });
    expect(other.body.items.some((r: any) => r.id === sent.body.code)).toBe(false);
    expect(coordinator.body.items.some((r: any) => r.id === sent.body.code)).toBe(true);
    expect(department.status).toBe(403);
    expect(anonymous.status).toBe(401);
  });

  it("lets only the subdistrict's clerk triage: answer and close shows the answer at the lookup code; a second triage is refused", async () => {
    // Prepare
    const sent = await report({ reportKind: "data-error", subdistrict: "凯旋", description: "地图上的位置偏了约 50 米" });
    const code = sent.body.code;
    // Act
    const byOther = await here("POST", `/v1/reports/${code}/triage`, { as: OTHER_CLERK, body: { outcome: "answer", answer: "已核实", expectedVersion: 1 } });
    const missing = await here("POST", `/v1/reports/${code}/triage`, { as: CLERK, body: { outcome: "答复并关闭", expectedVersion: 1 } });
    const answered = await here("POST", `/v1/reports/${code}/triage`, { as: CLERK, body: { outcome: "答复并关闭", answer: "已核实并更正坐标，感谢您的反映", expectedVersion: 1 } });
    const again = await here("POST", `/v1/reports/${code}/triage`, { as: CLERK, body: { outcome: "answer", answer: "再答", expectedVersion: 2 } });
    const lookup = await here("GET", `/p/reports/${code}`);
    // Assess
    expect(byOther.status).toBe(403);
    expect(byOther.body.errors[0].rule).toBe("R-SCOPE");
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0]).toMatchObject({ field: "answer", rule: "R-REQUIRED" });
    expect(missing.body.errors[0].message).toContain("答复内容");
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: "answer", triage: { outcome: "answer", by: CLERK } });
    expect(again.status).toBe(409);
    expect(lookup.body).toContain("已答复");
    expect(lookup.body).toContain("已核实并更正坐标，感谢您的反映");
    expect(lookup.body).not.toContain(CLERK);
  });

  it("turns a report into a patrol (with a due date) or a new suspected outfall of the report's subdistrict", async () => {
    // Prepare
    const a = await report({ reportKind: "pollution", subdistrict: "kaixuan", description: "河边新出现一个排水口" });
    const b = await report({ reportKind: "pollution", subdistrict: "kaixuan", description: "桥下排口经常冒泡" });
    // Act
    const pastDate = await here("POST", `/v1/reports/${b.body.code}/triage`, { as: CLERK, body: { outcome: "转巡查", dueDate: "2000-01-01", expectedVersion: 1 } });
    const patrol = await here("POST", `/v1/reports/${b.body.code}/triage`, { as: CLERK, body: { outcome: "转巡查", dueDate: "2099-01-31", expectedVersion: 1 } });
    const suspected = await here("POST", `/v1/reports/${a.body.code}/triage`, {
      as: CLERK,
      body: { outcome: "新增疑似排口", expectedVersion: 1, outfall: { longitude: 120.197, latitude: 30.277, waterBody: "xintang-river" } },
    });
    const created = await here("GET", `/v1/outfalls/${suspected.body.triage?.outfallId}`, { as: CLERK });
    const lookup = await here("GET", `/p/reports/${a.body.code}`);
    // Assess
    expect(pastDate.status).toBe(400);
    expect(pastDate.body.errors[0]).toMatchObject({ field: "dueDate", rule: "R-RANGE" });
    expect(pastDate.body.errors[0].message).toContain("巡查期限");
    expect(patrol.body).toMatchObject({ status: "patrol", triage: { outcome: "patrol", dueDate: "2099-01-31" } });
    expect(suspected.status).toBe(200);
    expect(created.body).toMatchObject({ status: "suspected", subdistrict: "kaixuan" });
    expect(lookup.body).toContain(created.body.tempId);
  });

  it("转巡查 assigns one 督导交办 task to the report's subdistrict, due after the campaign's reportPatrolDays, however often retried; its answer shows at the lookup code", async () => {
    // Prepare
    const sent = await report({ reportKind: "pollution", subdistrict: "凯旋", description: "雨后排口冒黑水", location: "新塘河景芳段" });
    const code = sent.body.code;
    const today = chinaDate(new Date());
    const due = new Date(Date.parse(`${today}T00:00:00Z`) + loadCampaign().reportPatrolDays! * 86_400_000).toISOString().slice(0, 10);
    // Act
    const byOther = await here("POST", `/v1/reports/${code}/triage`, { as: OTHER_CLERK, body: { outcome: "patrol", expectedVersion: 1 } });
    const patrol = await here("POST", `/v1/reports/${code}/triage`, { as: CLERK, body: { outcome: "转巡查", expectedVersion: 1 } });
    const retried = await here("POST", `/v1/reports/${code}/triage`, { as: CLERK, body: { outcome: "转巡查", expectedVersion: 1 } });
    const taskId = patrol.body.triage?.taskId;
    const task = await here("GET", `/v1/tasks/${taskId}`, { as: CLERK });
    const ownList = await here("GET", "/v1/tasks?limit=200", { as: CLERK });
    const otherList = await here("GET", "/v1/tasks?limit=200", { as: OTHER_CLERK });
    const otherTask = await here("GET", `/v1/tasks/${taskId}`, { as: OTHER_CLERK });
    const before = await here("GET", `/p/reports/${code}`);
    const otherAnswer = await here("POST", `/v1/tasks/${taskId}/answer`, { as: OTHER_CLERK, body: { expectedVersion: 1, answer: "不是我街道的" } });
    const answered = await here("POST", `/v1/tasks/${taskId}/answer`, { as: CLERK, body: { expectedVersion: 1, answer: "已现场巡查：排口为雨水口，雨后冲刷底泥所致，已清淤", evidence: ["巡查记录 2026-12-01"] } });
    const after = await here("GET", `/p/reports/${code}`);
    // Assess
    expect(byOther.status).toBe(403);
    expect(patrol.status).toBe(200);
    expect(patrol.body).toMatchObject({ status: "patrol", triage: { outcome: "patrol", dueDate: due, taskId: expect.any(String) } });
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(patrol.body);
    expect(task.status).toBe(200);
    expect(task.body).toMatchObject({ id: taskId, reportId: code, assigneeKind: "subdistrict", assignee: "kaixuan", deadline: due, status: "assigned", version: 1 });
    expect(task.body.finding).toContain("雨后排口冒黑水");
    expect(ownList.body.items.filter((t: { id: string }) => t.id === taskId)).toHaveLength(1);
    expect(otherList.body.items.some((t: { id: string }) => t.id === taskId)).toBe(false);
    expect(otherTask.status).toBe(404);
    expect(before.body).toContain("已交属地街道巡查");
    expect(before.body).toContain(due);
    expect(otherAnswer.status).toBe(403);
    expect(answered.status).toBe(200);
    expect(after.body).toContain("街道已反馈巡查结果");
    expect(after.body).toContain("已现场巡查：排口为雨水口，雨后冲刷底泥所致，已清淤");
    expect(after.body).not.toContain(CLERK);
    expect(after.body).not.toContain("巡查记录 2026-12-01");
  });

  it("finishes a 转巡查 whose task an interrupted attempt already wrote (report still open) with that task, adding none", async () => {
    // Prepare: the state a crash between the task's write and the report's leaves behind.
    const sent = await report({ reportKind: "pollution", subdistrict: "凯旋", description: "排口有异味" });
    const code = sent.body.code;
    const { deps } = runtime();
    const who = { email: CLERK, role: "clerk" as const, subdistrict: "kaixuan" };
    const fields = { title: "举报转巡查（中断的第一次）", finding: "排口有异味", reportId: code, assigneeKind: "subdistrict" as const, assignee: "kaixuan", assigneeName: "凯旋街道", deadline: "2099-01-31", status: "assigned" as const, createdBy: CLERK, answers: [], reviews: [] };
    await createFile<Task>(deps, "task", who as never, fields, "assigned", {}, reportTaskId(code));
    // Act
    const patrol = await here("POST", `/v1/reports/${code}/triage`, { as: CLERK, body: { outcome: "patrol", dueDate: "2099-01-31", expectedVersion: 1 } });
    const list = await here("GET", "/v1/tasks?limit=500", { as: COORDINATOR });
    // Assess
    expect(patrol.status).toBe(200);
    expect(patrol.body.triage.taskId).toBe(reportTaskId(code));
    const tasks = list.body.items.filter((t: { reportId?: string }) => t.reportId === code);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ title: "举报转巡查（中断的第一次）", version: 1 });
  });

  it("finishes a 新增疑似排口 whose outfall an interrupted attempt already wrote (report still open) with that outfall, and answers a retry as the first", async () => {
    // Prepare: the state a crash between the outfall's write and the report's leaves behind.
    const sent = await report({ reportKind: "pollution", subdistrict: "凯旋", description: "桥洞里有一根新管子在排水" });
    const code = sent.body.code;
    const { deps } = runtime();
    const stored = (await deps.reports.get(code))!;
    const who = { email: CLERK, role: "clerk" as const, subdistrict: "kaixuan" };
    const outfall = { longitude: 120.198, latitude: 30.278, waterBody: "xintang-river" };
    const interrupted = await createOutfall(deps, who as never, { surveyLevel: 1, subdistrict: "kaixuan", status: "suspected", ...outfall }, "api", { ...reportOutfallMarker(stored), written: new Map() });
    const body = { outcome: "新增疑似排口", expectedVersion: 1, outfall };
    // Act
    const triaged = await here("POST", `/v1/reports/${code}/triage`, { as: CLERK, body });
    const retried = await here("POST", `/v1/reports/${code}/triage`, { as: CLERK, body });
    const list = await here("GET", `/v1/outfalls?subdistrict=kaixuan&updatedSince=${encodeURIComponent(new Date(Date.parse(interrupted.createdAt) - 1000).toISOString())}&limit=500`, { as: CLERK });
    // Assess
    expect(triaged.status).toBe(200);
    expect(triaged.body.triage).toMatchObject({ outfallId: interrupted.id, outfallTempId: interrupted.tempId });
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(triaged.body);
    const near = list.body.items.filter((o: { longitude: number; latitude: number }) => o.longitude === outfall.longitude && o.latitude === outfall.latitude);
    expect(near.map((o: { id: string }) => o.id)).toEqual([interrupted.id]);
  });

  it("answers 429 with Retry-After past the per-client limit, and past the per-outfall limit from many clients; nothing is stored then", async () => {
    // Prepare
    const o = await publicOutfall();
    const one = client();
    for (let i = 0; i < 5; i++) expect((await report({ reportKind: "pollution", outfallCode: o.tempId, description: `第${i}次反映异味` }, one)).status).toBe(201);
    // Act
    const before = await tableItemCount();
    const perClient = await report({ reportKind: "pollution", outfallCode: o.tempId, description: "第六次反映异味" }, one);
    const afterClient = await tableItemCount();
    for (let c = 0; c < 3; c++) {
      const h = client();
      for (let i = 0; i < 5; i++) expect((await report({ reportKind: "pollution", outfallCode: o.tempId, description: `其他人反映 ${c}-${i}` }, h)).status).toBe(201);
    }
    const perOutfall = await report({ reportKind: "pollution", outfallCode: o.tempId, description: "第二十一条举报" });
    const elsewhere = await report({ reportKind: "pollution", subdistrict: "kaixuan", description: "另一处问题不受该排口限制" });
    // Assess
    expect(perClient.status).toBe(429);
    expect(perClient.headers.get("retry-after")).toBe("3600");
    expect(perClient.body.errors[0].rule).toBe("R-RATE-LIMIT");
    expect(afterClient).toBe(before);
    expect(perOutfall.status).toBe(429);
    expect(perOutfall.body.errors[0].message).toContain("排污口");
    expect(elsewhere.status).toBe(201);
  });

  it("refuses a filled honeypot, an unknown or non-public outfall code and oversized text without storing anything", async () => {
    // Prepare
    const hidden = await create();
    const before = await tableItemCount();
    // Act
    const bot = await report({ reportKind: "pollution", subdistrict: "kaixuan", description: "正常的描述文字", website: "http://spam.example" });
    const notPublic = await report({ reportKind: "pollution", outfallCode: hidden.tempId, description: "这个排口在排污" });
    const long = await report({ reportKind: "pollution", subdistrict: "kaixuan", description: "长".repeat(1001) });
    const huge = await here("POST", "/v1/public/reports", { raw: JSON.stringify({ description: "x".repeat(20_000) }), headers: { "content-type": "application/json", ...client() } });
    // Assess
    expect(bot.status).toBe(400);
    expect(bot.body.errors[0].rule).toBe("R-SPAM");
    expect(notPublic.status).toBe(422);
    expect(notPublic.body.errors[0]).toMatchObject({ field: "outfallCode", rule: "R-REFERENCE" });
    expect(long.status).toBe(400);
    expect(long.body.errors[0].message).toContain("问题描述");
    expect(huge.status).toBe(413);
    expect(await tableItemCount()).toBe(before);
  });

  it("takes the HTML form without scripts: 303 to the lookup page; a refusal comes back as the form with the message", async () => {
    // Prepare
    const o = await publicOutfall();
    const form = (fields: Record<string, string>) =>
      fetch(`${worker.url()}/v1/public/reports`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", ...client() }, body: new URLSearchParams(fields).toString() });
    // Act
    const sent = await form({ reportKind: "pollution", outfallCode: o.tempId, description: "排口下游有油膜", location: "", contact: "", website: "" });
    const refused = await form({ reportKind: "pollution", outfallCode: o.tempId, description: "短", website: "" });
    const refusedPage = await refused.text();
    // Assess
    expect(sent.status).toBe(303);
    expect(sent.headers.get("location")).toMatch(/^\/p\/reports\/[2-9A-HJKMNP-Z]{10}$/);
    expect(refused.status).toBe(400);
    expect(refused.headers.get("content-type")).toContain("text/html");
    expect(refusedPage).toContain("问题描述");
    expect(refusedPage).toContain('<form method="post" action="/v1/public/reports"');
  });

  it("puts open reports per subdistrict into the digest", async () => {
    // Prepare
    await report({ reportKind: "pollution", subdistrict: "hubin", description: "湖边排口有泡沫" });
    const open = (await here("GET", "/v1/reports", { as: COORDINATOR })).body.items.filter((r: any) => r.subdistrict === "hubin").length;
    // Act
    const digest = (await here("POST", "/v1/digests", { as: COORDINATOR })).body;
    const page = await here("GET", `/v1/digests/${digest.id}?format=html`, { as: COORDINATOR });
    // Assess
    expect(digest.progress.openReports.bySubdistrict).toContainEqual({ key: "hubin", name: "湖滨街道", count: open });
    expect(page.body).toContain("公众举报");
    expect(page.body).toContain(`湖滨街道 ${open} 条`);
  });

  it("takes one photo through a presigned form: checked at confirmation, linked for the clerk; a wrong file is refused and deleted", async () => {
    // Prepare
    const bytes = jpeg();
    const sent = await report({ reportKind: "pollution", subdistrict: "kaixuan", description: "排口旁有白色泡沫", photo: { contentType: "image/jpeg", size: bytes.length } });
    const upload = async (ticket: any, data: Buffer, type: string) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(ticket.fields as Record<string, string>)) form.append(k, v);
      form.append(ticket.fileField, new Blob([data], { type }), "photo");
      return (await fetch(ticket.url, { method: "POST", body: form })).status;
    };
    const liar = await report({ reportKind: "pollution", subdistrict: "kaixuan", description: "声称是 JPEG 的 PNG", photo: { contentType: "image/jpeg", size: png().length } });
    const tooBig = await report({ reportKind: "pollution", subdistrict: "kaixuan", description: "过大的照片", photo: { contentType: "image/jpeg", size: 6 * 1024 * 1024 } });
    // Act
    const stored = await upload(sent.body.photoUpload, bytes, "image/jpeg");
    const confirmed = await here("POST", sent.body.photoUpload.confirmUrl);
    await upload(liar.body.photoUpload, png(), "image/jpeg");
    const refused = await here("POST", liar.body.photoUpload.confirmUrl);
    const none = await here("POST", "/v1/public/reports/ZZZZZZZZZZ/photo");
    const listed = (await here("GET", "/v1/reports", { as: CLERK })).body.items.find((r: any) => r.id === sent.body.code);
    const photo = await fetch(listed.photoUrl);
    // Assess
    expect(sent.status).toBe(201);
    expect(stored).toBeLessThan(300);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.photo.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(refused.status).toBe(422);
    expect(none.status).toBe(404);
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.errors[0].field).toBe("photo.size");
    expect(photo.status).toBe(200);
    expect(Buffer.from(await photo.arrayBuffer()).equals(bytes)).toBe(true);
  });
});
