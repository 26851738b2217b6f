// Demo supervision (动态监管) so the local stack's bulletin shows its figures: recent patrols of half of the
// retained outfalls (the rest count as "without a patrol"), samples within the limits on some monitored ones,
// one random inspection draw run with a witness, and one assigned task. Written through the real use cases
// (history entries, events), deterministic for the same ledger.
import type { Deps } from "../../functions/src/app/deps.js";
import { createDraw, drawAction } from "../../functions/src/app/draws.js";
import { recordMonitoring } from "../../functions/src/app/monitoring.js";
import { allOutfalls } from "../../functions/src/app/outfalls.js";
import { recordPatrol } from "../../functions/src/app/patrols.js";
import { createTask } from "../../functions/src/app/tasks.js";
import type { Principal } from "../../functions/src/domain/access.js";

const DAY = 86_400_000;

export async function seedSupervision(deps: Deps, seeder: Principal): Promise<{ patrols: number; samples: number }> {
  const now = deps.clock.now().getTime();
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
  const records = (await allOutfalls(deps)).sort((a, b) => a.tempId.localeCompare(b.tempId));
  let patrols = 0;
  let samples = 0;
  const retained = records.filter((r) => r.status === "retained");
  for (const [i, r] of retained.entries()) {
    if (i % 2) continue;
    await recordPatrol(deps, seeder, r.id, { kind: i % 4 ? "routine" : "river-chief", patrolledAt: at(3 + (i % 60)), patroller: "演示巡查员", weather: "dry", observations: { flow: "no-flow", colour: "colour-normal", signboard: "sign-ok" } }, "system", `demo-patrol-${r.id}`);
    patrols++;
  }
  const monitored = records.filter((r) => r.status === "retained" || r.status === "remediating");
  for (const [i, r] of monitored.entries()) {
    if (i % 3) continue;
    const results = [
      { indicator: "cod", value: 12 + (i % 20) },
      { indicator: "ammonia", value: 0.3 + (i % 5) / 10 },
      { indicator: "tp", value: 0.1 },
      { indicator: "ph", value: 7.1 },
    ];
    await recordMonitoring(deps, seeder, r.id, { sampledAt: at(5 + (i % 40)), sampler: "演示监测站", results }, "system", `demo-sample-${r.id}`);
    samples++;
  }
  const draw = await createDraw(deps, seeder, {
    title: "演示：工业排污口双随机抽查",
    filter: { category: ["industrial"] },
    count: 3,
    inspectors: [
      { key: "ZF-001", name: "李执法", department: "区综合行政执法局" },
      { key: "ZF-002", name: "陈执法", department: "区综合行政执法局" },
      { key: "HB-001", name: "周环保", department: "市生态环境局上城分局" },
      { key: "HB-002", name: "吴环保", department: "市生态环境局上城分局" },
    ],
  }).catch(() => undefined);
  if (draw) {
    const witnessed = await drawAction(deps, seeder, draw.id, { action: "witness", expectedVersion: draw.version, witness: "演示见证人", organisation: "区人大代表" });
    await drawAction(deps, seeder, draw.id, { action: "run", expectedVersion: witnessed.version });
  }
  await createTask(deps, seeder, {
    title: "演示：运河沿线排口晴天排水督办",
    finding: "河长巡河发现运河沿线排口晴天出水，请查明来源、整改并反馈",
    assigneeKind: "subdistrict",
    assignee: records[0]?.subdistrict ?? deps.reference.subdistricts[0]!.key,
    deadline: new Date(now + 8 * 3600_000 + 7 * DAY).toISOString().slice(0, 10),
  });
  return { patrols, samples };
}
