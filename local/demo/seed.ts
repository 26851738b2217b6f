// The demo dataset loads only into an empty ledger; every demo record carries `demo: true`.
import type { Deps } from "../../functions/src/app/deps.js";
import { importRecords } from "../../functions/src/app/import.js";
import type { Principal } from "../../functions/src/domain/access.js";
import { SEEDER_EMAIL, ensureUser } from "../users.js";
import { DEMO_USERS, generateDemoOutfalls } from "./generate.js";
import { uploadDemoPhotos } from "./photos.js";
import { seedSupervision } from "./supervision.js";

const SEEDER: Principal = { email: SEEDER_EMAIL, role: "admin" };

/** `alongside`: load even into a ledger that has records (tests that want the demo beside their own). */
export async function seedDemo(deps: Deps, options: { count?: number; seed?: number; alongside?: boolean } = {}): Promise<{ users: number; outfalls: number }> {
  let users = 0;
  for (const user of DEMO_USERS) if (await ensureUser(deps, user)) users++;
  if (!options.alongside && !(await deps.outfalls.isEmpty())) return { users, outfalls: 0 };
  const rows = generateDemoOutfalls(deps.reference, options).map((d) => ({ ...d, demo: true }));
  await uploadDemoPhotos(deps, rows.flatMap((r) => r.lifecycle.photos ?? []));
  const { imported, rejected } = await importRecords(deps, SEEDER, rows);
  if (rejected.length) throw new Error(`demo data has ${rejected.length} invalid rows, first: ${JSON.stringify(rejected[0])}`);
  await seedSupervision(deps, SEEDER);
  return { users, outfalls: imported };
}
