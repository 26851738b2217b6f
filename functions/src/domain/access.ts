// R-SCOPE: who may do what to which outfall (domain.md §1). Checked in the use cases, whatever the entry.
import { CATEGORY, type Category, type Role } from "./enums.js";
import type { Department } from "./reference.js";
import { type Violation, violation } from "./violations.js";

export interface Principal {
  email: string;
  role: Role;
  /** Subdistrict key, for clerks. */
  subdistrict?: string;
  /** Department key, for department officers. */
  department?: string;
  name?: string;
}

export type OutfallAction = "read" | "create" | "update";

/** What a department officer's write is judged by: their department (with the categories it co-ordinates
 *  across subdistricts, departments.json `coordinatesAcross`) and the outfall's category, undefined while a new
 *  record is not yet built. */
export interface Coordination {
  department?: Pick<Department, "name" | "coordinatesAcross">;
  category?: string;
}

/** Whether the department co-ordinates outfalls of this category in every subdistrict (the plan's
 *  五(二): 市生态环境局上城分局统筹负责工业排污口的排查溯源整治). */
export function coordinatesAcross(department: Coordination["department"], category: string | undefined): boolean {
  return category !== undefined && (department?.coordinatesAcross ?? []).some((c) => c === category);
}

function departmentWrite(coordination: Coordination | undefined): Violation | undefined {
  const department = coordination?.department;
  const own = department?.coordinatesAcross ?? [];
  if (!own.length) return violation("subdistrict", "R-SCOPE", "监管部门可查看全部排污口，但不能新建或修改台账字段；验收、销号请使用流转操作");
  // A new record's category is known only once it is built; the use case asks again then.
  if (coordination!.category === undefined || coordinatesAcross(department, coordination!.category)) return undefined;
  const label = CATEGORY.labels[coordination!.category as Category] ?? coordination!.category;
  return violation(
    "category",
    "R-SCOPE",
    `${department!.name}可在各街道登记、核实、溯源和制定整治方案的是${own.map((c) => `「${CATEGORY.label(c)}」`).join("、")}；本排污口为「${label}」，由属地街道填报`,
  );
}

/** Undefined when allowed; otherwise the R-SCOPE violation to report. */
export function outfallScope(
  who: Principal,
  action: OutfallAction,
  subdistrict: string,
  subdistrictName = subdistrict,
  coordination?: Coordination,
  /** The clerk's own subdistrict in words, so the message says where they may act. */
  ownSubdistrictName = "本街道",
): Violation | undefined {
  switch (who.role) {
    case "admin":
    case "coordinator":
      return undefined;
    case "department":
      return action === "read" ? undefined : departmentWrite(coordination);
    case "clerk":
      return who.subdistrict === subdistrict
        ? undefined
        : violation(
            "subdistrict",
            "R-SCOPE",
            who.subdistrict
              ? `您是${ownSubdistrictName}经办人，只能${action === "read" ? "查看" : "填报或修改"}${ownSubdistrictName}的排污口，不能${action === "read" ? "查看" : "填报或修改"}「${subdistrictName}」的排污口`
              : `您的账号未绑定街道，不能${action === "read" ? "查看" : "填报或修改"}「${subdistrictName}」的排污口，请联系区治水办设置`,
          );
  }
}

/** The subdistricts a principal may list; undefined means all. */
export function readableSubdistricts(who: Principal): string[] | undefined {
  return who.role === "clerk" ? (who.subdistrict ? [who.subdistrict] : []) : undefined;
}

export function canManageUsers(who: Principal): boolean {
  return who.role === "coordinator" || who.role === "admin";
}
