import { describe, expect, it } from "vitest";
import { call } from "./client.js";
import { chinaToday, create, expectRule, photos } from "./steps.js";
import { CLERK, COORDINATOR, DEPARTMENT, ENFORCEMENT, OTHER_CLERK } from "./users.js";
import { serveInProcess } from "./in-process.js";

const inDays = (days: number) => new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
const assign = (extra: Record<string, unknown> = {}, as = COORDINATOR) =>
  call("POST", "/v1/tasks", { as, body: { title: "新塘河晴天排水督办", finding: "河长巡河发现新塘河南岸排口晴天持续出水，请查明来源并整改", assigneeKind: "街道", assignee: "凯旋", deadline: inDays(7), ...extra } });

serveInProcess();

describe("assigned tasks (督导交办)", () => {
  it("assign → the subdistrict answers with evidence → returned → answered again → accepted, each an event", async () => {
    // Prepare
    const o = await create();
    const [photoId] = await photos(o.id, "after");
    const task = await assign({ outfallId: o.id });
    // Act
    const answered = await call("POST", `/v1/tasks/${task.body.id}/answer`, { as: CLERK, body: { expectedVersion: 1, answer: "已查明为沿街餐饮混接，已封堵", photoIds: [photoId], evidence: ["凯政〔2026〕12号"] } });
    const returned = await call("POST", `/v1/tasks/${task.body.id}/review`, { as: COORDINATOR, body: { expectedVersion: 2, decision: "退回重办", note: "请补充封堵后晴天复核照片" } });
    const again = await call("POST", `/v1/tasks/${task.body.id}/answer`, { as: CLERK, body: { expectedVersion: 3, answer: "已补充晴天复核，无水" } });
    const accepted = await call("POST", `/v1/tasks/${task.body.id}/review`, { as: COORDINATOR, body: { expectedVersion: 4, decision: "approve" } });
    const mine = await call("GET", "/v1/tasks", { as: CLERK });
    // Assess
    expect(task.status, JSON.stringify(task.body)).toBe(201);
    expect(task.body).toMatchObject({ status: "assigned", assigneeKind: "subdistrict", assignee: "kaixuan", assigneeName: "凯旋街道" });
    expect(answered.body.status).toBe("answered");
    expect(returned.body.status).toBe("returned");
    expect(again.body.answers).toHaveLength(2);
    expect(accepted.body).toMatchObject({ status: "accepted", version: 5 });
    expect(mine.body.items.map((t: any) => t.id)).toContain(task.body.id);
  });

  it("refuses bad input and out-of-scope steps", async () => {
    // Prepare
    const task = (await assign({ assigneeKind: "department", assignee: "生态环境分局" })).body;
    // Act
    const past = await assign({ deadline: "2020-01-01" });
    const nobody = await assign({ assignee: "不存在街道" });
    const noFinding = await assign({ finding: "" });
    const byClerk = await assign({}, CLERK);
    const wrongAssignee = await call("POST", `/v1/tasks/${task.id}/answer`, { as: ENFORCEMENT, body: { expectedVersion: 1, answer: "已处理" } });
    const clerkReads = await call("GET", `/v1/tasks/${task.id}`, { as: CLERK });
    const returnWithoutNote = await call("POST", `/v1/tasks/${task.id}/review`, { as: COORDINATOR, body: { expectedVersion: 1, decision: "send-back" } });
    const answered = await call("POST", `/v1/tasks/${task.id}/answer`, { as: DEPARTMENT, body: { expectedVersion: 1, answer: "已立案调查" } });
    const stale = await call("POST", `/v1/tasks/${task.id}/review`, { as: COORDINATOR, body: { expectedVersion: 1, decision: "approve" } });
    const clerkReviews = await call("POST", `/v1/tasks/${task.id}/review`, { as: OTHER_CLERK, body: { expectedVersion: 2, decision: "approve" } });
    const noNote = await call("POST", `/v1/tasks/${task.id}/review`, { as: COORDINATOR, body: { expectedVersion: 2, decision: "send-back" } });
    // Assess
    expectRule(past, 400, "R-RANGE");
    expect(past.body.errors[0].message).toContain("办理期限");
    expectRule(nobody, 422, "R-REFERENCE");
    expect(nobody.body.errors[0].message).toContain("承办单位");
    expectRule(noFinding, 400, "R-REQUIRED");
    expect(noFinding.body.errors[0].message).toContain("交办事项");
    expectRule(byClerk, 403, "R-SCOPE");
    expectRule(wrongAssignee, 403, "R-SCOPE");
    expect(clerkReads.status).toBe(404);
    expectRule(returnWithoutNote, 422, "R-LIFECYCLE");
    expect(answered.status).toBe(200);
    expectRule(stale, 409, "R-VERSION");
    expectRule(clerkReviews, 403, "R-SCOPE");
    expectRule(noNote, 400, "R-REQUIRED");
  });

  it("a task past its deadline and not answered is overdue and escalates in the bulletin", async () => {
    // Prepare: a deadline of today becomes overdue tomorrow; the list says overdue by the China date.
    const today = await assign({ deadline: chinaToday(), title: "今日到期事项" });
    // Act
    const listed = await call("GET", "/v1/tasks", { as: COORDINATOR });
    const digest = await call("POST", "/v1/digests", { as: COORDINATOR });
    // Assess
    expect(today.status).toBe(201);
    expect(listed.body.items.find((t: any) => t.id === today.body.id).overdue).toBe(false);
    expect(digest.status).toBe(201);
    expect(digest.body.progress.bulletin.mode).toBe("supervision");
    expect(digest.body.progress.bulletin.supervision.overdueTasks.map((t: any) => t.id)).not.toContain(today.body.id);
    expect(digest.body.progress.bulletin.supervision.recheckUnanswered).toEqual(expect.any(Number));
  });
});
