// The demo dataset loads only into an empty ledger; every demo record carries `demo: true`.
import type { Deps } from "../../functions/src/app/deps.js";
import { importRecords } from "../../functions/src/app/import.js";
import type { Principal } from "../../functions/src/domain/access.js";
import { SEEDER_EMAIL, ensureUser } from "../users.js";
import { DEMO_USERS, generateDemoOutfalls } from "./generate.js";
import { uploadDemoPhotos } from "./photos.js";
import { seedSupervision } from "./supervision.js";

const SEEDER: Principal = { email: SEEDER_EMAIL, role: "admin" };

export async function seedDemo(deps: Deps): Promise<{ users: number; outfalls: number }> {
  let users = 0;
  for (const user of DEMO_USERS) if (await ensureUser(deps, user)) users++;
  if (!(await deps.outfalls.isEmpty())) return { users, outfalls: 0 };
  const rows = generateDemoOutfalls(deps.reference).map((d) => ({ ...d, demo: true }));
  await uploadDemoPhotos(deps, rows.flatMap((r) => r.lifecycle.photos ?? []));
  const { imported, rejected } = await importRecords(deps, SEEDER, rows);
  if (rejected.length) throw new Error(`demo data has ${rejected.length} invalid rows, first: ${JSON.stringify(rejected[0])}`);
  await seedSupervision(deps, SEEDER);
  return { users, outfalls: imported };
}
