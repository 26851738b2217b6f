// R-SCOPE: who may do what to which outfall (domain.md §1). Checked in the use cases, whatever the entry.
import type { Role } from "./enums.js";
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

/** Undefined when allowed; otherwise the R-SCOPE violation to report. */
export function outfallScope(
  who: Principal,
  action: OutfallAction,
  subdistrict: string,
  subdistrictName = subdistrict,
  /** The clerk's own subdistrict in words, so the message says where they may act. */
  ownSubdistrictName = "本街道",
): Violation | undefined {
  switch (who.role) {
    case "admin":
    case "coordinator":
      return undefined;
    case "department":
      return action === "read"
        ? undefined
        : violation("subdistrict", "R-SCOPE", "监管部门可查看全部排污口，但不能新建或修改台账字段；验收、销号请使用流转操作");
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
