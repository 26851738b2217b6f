// Temp ids (临时编号) for new records: one sequence reservation per subdistrict, all of them at once.
import { formatTempId } from "../domain/temp-id.js";
import type { Deps } from "./deps.js";

/** The temp id of each new record, in the order of `subdistricts` (each new record's subdistrict key). */
export async function reserveTempIds(deps: Pick<Deps, "outfalls" | "reference">, subdistricts: readonly string[]): Promise<string[]> {
  const counts = new Map<string, number>();
  for (const key of subdistricts) counts.set(key, (counts.get(key) ?? 0) + 1);
  // Reservations are independent atomic counters: a batch spanning 14 subdistricts waits for one round trip, not 14.
  const next = new Map(
    await Promise.all(
      [...counts].map(async ([key, count]) => [key, await deps.outfalls.reserveTempSequence(deps.reference.subdistrictByKey.get(key)!.shortCode, count)] as const),
    ),
  );
  return subdistricts.map((key) => {
    const seq = next.get(key)!;
    next.set(key, seq + 1);
    return formatTempId(deps.reference.district.tempIdPrefix, deps.reference.subdistrictByKey.get(key)!.shortCode, seq);
  });
}
