// What /v1/me and /v1/reference answer: the principal in words, and everything a spreadsheet needs to
// build Chinese headers and dropdowns (reference data, vocabularies with labels, rules, field labels).
import type { Principal } from "../domain/access.js";
import * as enums from "../domain/enums.js";
import { FIELD_LABELS } from "../domain/fields.js";
import { EDITABLE_FIELDS, SURVEY_LEVEL_LABELS } from "../domain/outfall.js";
import type { ReferenceIndex } from "../domain/reference.js";
import * as patrol from "../domain/supervision/patrol.js";
import { TRANSITION, ZONE } from "../domain/transition-payloads.js";
import { RULES } from "../domain/violations.js";

export function describePrincipal(ref: ReferenceIndex, who: Principal) {
  return {
    email: who.email,
    role: who.role,
    roleLabel: enums.ROLE.label(who.role),
    ...(who.subdistrict ? { subdistrict: who.subdistrict, subdistrictName: ref.subdistrictByKey.get(who.subdistrict)?.name } : {}),
    ...(who.department ? { department: who.department, departmentName: ref.departmentByKey.get(who.department)?.name } : {}),
    ...(who.name ? { name: who.name } : {}),
  };
}

const VOCABULARIES = {
  status: enums.STATUS,
  inventory: enums.INVENTORY,
  transition: TRANSITION,
  zone: ZONE,
  category: enums.CATEGORY,
  receiving: enums.RECEIVING,
  outletType: enums.OUTLET_TYPE,
  shape: enums.SHAPE,
  material: enums.MATERIAL,
  submerged: enums.SUBMERGED,
  dischargePattern: enums.DISCHARGE_PATTERN,
  surveyMethod: enums.SURVEY_METHOD,
  colour: enums.COLOUR,
  turbidity: enums.TURBIDITY,
  odour: enums.ODOUR,
  partyKind: enums.PARTY_KIND,
  responsibilityBasis: enums.RESPONSIBILITY_BASIS,
  approvalStatus: enums.APPROVAL_STATUS,
  problem: enums.PROBLEM,
  action: enums.ACTION,
  acceptanceResult: enums.ACCEPTANCE_RESULT,
  datum: enums.DATUM,
  channel: enums.CHANNEL,
  role: enums.ROLE,
  photoSlot: enums.PHOTO_SLOT,
  photoType: enums.PHOTO_TYPE,
  // A patrol's fixed lists (POST /v1/outfalls/{id}/patrols): the field app's 巡查记录 form and the spreadsheets' dropdowns.
  patrolKind: patrol.PATROL_KIND,
  patrolWeather: patrol.WEATHER,
  patrolFlow: patrol.FLOW,
  patrolColour: patrol.COLOUR,
  patrolTurbidity: patrol.TURBIDITY,
  patrolOdour: patrol.ODOUR,
  patrolOilFilm: patrol.OIL_FILM,
  patrolFloatables: patrol.FLOATABLES,
  patrolDeposits: patrol.DEPOSITS,
  patrolDamage: patrol.DAMAGE,
  patrolSignboard: patrol.SIGNBOARD_STATE,
};

export function referenceDocument(ref: ReferenceIndex) {
  return {
    district: ref.district,
    subdistricts: ref.subdistricts,
    departments: ref.departments,
    subcategories: ref.subcategories,
    waterBodies: ref.waterBodies,
    venues: ref.venues,
    protectedAreas: ref.protectedAreas,
    vocabularies: {
      ...Object.fromEntries(Object.entries(VOCABULARIES).map(([name, v]) => [name, v.keys.map((key) => ({ key, label: v.label(key as never) }))])),
      surveyLevel: Object.entries(SURVEY_LEVEL_LABELS).map(([key, label]) => ({ key: Number(key), label })),
    },
    /** Other names accepted for a label or key on input (functions/reference/aliases.json). */
    aliases: ref.labelAliases ?? {},
    rules: Object.entries(RULES).map(([id, description]) => ({ id, description })),
    fields: { editable: EDITABLE_FIELDS, labels: FIELD_LABELS },
  };
}
