import { describe, expect, it } from "vitest";
import { ADMIN, CLERK, COORDINATOR, DEPARTMENT } from "./users.js";
import { call } from "./client.js";

const uniqueEmail = (tag: string) => `${tag}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@test`;

describe("users", () => {
  it("a coordinator adds a clerk, who can then use the API for their subdistrict", async () => {
    // Prepare
    const email = uniqueEmail("new-clerk");
    // Act
    const created = await call("PUT", `/v1/users/${email}`, { as: COORDINATOR, body: { role: "clerk", subdistrict: "dinglan", name: "丁兰新经办" } });
    const me = await call("GET", "/v1/me", { as: email });
    const listed = await call("GET", "/v1/users", { as: COORDINATOR });
    // Assess
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email, role: "clerk", subdistrict: "dinglan", version: 1, active: true, updatedBy: COORDINATOR });
    expect(me.body).toMatchObject({ role: "clerk", subdistrictName: "丁兰街道" });
    expect(listed.body.items.map((u: any) => u.email)).toContain(email);
  });

  it("changing an existing user needs If-Match; a stale one is a 409; disabling locks the user out", async () => {
    // Prepare
    const email = uniqueEmail("dept");
    await call("PUT", `/v1/users/${email}`, { as: COORDINATOR, body: { role: "department", department: "construction" } });
    // Act
    const noVersion = await call("PUT", `/v1/users/${email}`, { as: COORDINATOR, body: { role: "department", department: "eco" } });
    const changed = await call("PUT", `/v1/users/${email}`, { as: COORDINATOR, body: { role: "department", department: "eco" }, headers: { "if-match": "1" } });
    const stale = await call("PUT", `/v1/users/${email}`, { as: COORDINATOR, body: { role: "department", department: "construction" }, headers: { "if-match": "1" } });
    const disabled = await call("PUT", `/v1/users/${email}`, { as: COORDINATOR, body: { role: "department", department: "eco", active: false }, headers: { "if-match": "2" } });
    const locked = await call("GET", "/v1/me", { as: email });
    // Assess
    expect(noVersion.status).toBe(412);
    expect(changed.status).toBe(200);
    expect(changed.body.department).toBe("eco");
    expect(stale.status).toBe(409);
    expect(disabled.status).toBe(200);
    expect(locked.status).toBe(403);
  });

  it("refuses inconsistent entries with R-USER and bad e-mails with R-FORMAT", async () => {
    // Prepare / Act
    const clerkWithoutSubdistrict = await call("PUT", `/v1/users/${uniqueEmail("x")}`, { as: ADMIN, body: { role: "clerk" } });
    const unknownDepartment = await call("PUT", `/v1/users/${uniqueEmail("x")}`, { as: ADMIN, body: { role: "department", department: "police" } });
    const badEmail = await call("PUT", "/v1/users/not-an-email", { as: ADMIN, body: { role: "coordinator" } });
    const badRole = await call("PUT", `/v1/users/${uniqueEmail("x")}`, { as: ADMIN, body: { role: "boss" } });
    // Assess
    expect(clerkWithoutSubdistrict.status).toBe(422);
    expect(clerkWithoutSubdistrict.body.errors[0]).toMatchObject({ field: "subdistrict", rule: "R-USER" });
    expect(unknownDepartment.status).toBe(422);
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.errors[0]).toMatchObject({ field: "email", rule: "R-FORMAT" });
    expect(badRole.status).toBe(400);
    expect(badRole.body.errors[0]).toMatchObject({ field: "role", rule: "R-ENUM" });
  });

  it("only coordinators and admins manage users, and only admins make admins", async () => {
    // Prepare / Act
    const byClerk = await call("GET", "/v1/users", { as: CLERK });
    const byDepartment = await call("PUT", `/v1/users/${uniqueEmail("x")}`, { as: DEPARTMENT, body: { role: "coordinator" } });
    const adminByCoordinator = await call("PUT", `/v1/users/${uniqueEmail("x")}`, { as: COORDINATOR, body: { role: "admin" } });
    const adminByAdmin = await call("PUT", `/v1/users/${uniqueEmail("x")}`, { as: ADMIN, body: { role: "admin" } });
    // Assess
    expect(byClerk.status).toBe(403);
    expect(byDepartment.status).toBe(403);
    expect(adminByCoordinator.status).toBe(403);
    expect(adminByAdmin.status).toBe(201);
  });
});
