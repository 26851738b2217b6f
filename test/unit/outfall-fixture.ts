// A minimal stored record for the pure rule tests: a traced domestic outlet in 凯旋街道.
import type { Outfall } from "../../functions/src/domain/outfall.js";

export function outfall(overrides: Partial<Outfall> = {}): Outfall {
  return {
    id: "A", tempId: "SC-KX-0001", name: "n", category: "other", subcategory: "urban-domestic-scattered", receiving: "river",
    subdistrict: "kaixuan", longitude: 120.196, latitude: 30.276, waterBody: "xintang-river", surveyLevel: 2, dryWeatherFlow: false,
    illicitConnection: false, responsibleParties: [], problems: [], signboard: { installed: false }, status: "traced", version: 1,
    createdAt: "", createdBy: "", updatedAt: "", updatedBy: "", historyHash: "", ...overrides,
  } as Outfall;
}
