import type { Role } from "../../functions/src/domain/enums.js";

/** Users the integration tests act as, one per role and subdistrict case. */
export const TEST_USERS: { email: string; role: Role; subdistrict?: string; department?: string; name?: string }[] = [
  { email: "coordinator@test", role: "coordinator", name: "测试协调员" },
  { email: "clerk.kaixuan@test", role: "clerk", subdistrict: "kaixuan", name: "凯旋经办" },
  { email: "clerk.hubin@test", role: "clerk", subdistrict: "hubin", name: "湖滨经办" },
  { email: "eco@test", role: "department", department: "eco", name: "生态环境分局" },
  { email: "enforcement@test", role: "department", department: "enforcement", name: "综合行政执法局" },
];

export const ADMIN = "admin@local";
export const COORDINATOR = "coordinator@test";
export const CLERK = "clerk.kaixuan@test";
export const OTHER_CLERK = "clerk.hubin@test";
export const DEPARTMENT = "eco@test";
export const ENFORCEMENT = "enforcement@test";
