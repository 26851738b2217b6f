// `npm run verify-draw -- <draw.json>`: recomputes a published draw (GET /p/draws/{id}, saved to a file, or
// the URL itself) from its seed and frozen population, and checks its event log. Exits 0 when it verifies,
// 1 naming each problem, 2 when it could not read the draw. The algorithm: functions/src/domain/supervision/draw.ts.
import { readFileSync } from "node:fs";
import { verifyDraw } from "../functions/src/app/draw-verify.js";

const source = process.argv[2];
if (!source) {
  process.stderr.write("usage: npm run verify-draw -- <draw.json | https://…/p/draws/<id>>\n");
  process.exit(2);
}
let draw: Parameters<typeof verifyDraw>[0];
try {
  draw = /^https?:\/\//.test(source) ? await (await fetch(source)).json() : JSON.parse(readFileSync(source, "utf8"));
} catch (error) {
  process.stderr.write(`cannot read ${source}: ${(error as Error).message}\n`);
  process.exit(2);
}
const problems = verifyDraw(draw);
const targets = draw.pairings?.map((p) => `${draw.population.find((x) => x.id === p.targetId)?.tempId ?? p.targetId} ← ${p.inspectors.join(", ")}`) ?? [];
if (problems.length) {
  for (const p of problems) process.stdout.write(`FAIL ${p}\n`);
  process.exit(1);
}
process.stdout.write(`OK draw ${draw.id} (${draw.status}): seed ${draw.seed}, ${draw.population.length} outfalls, ${draw.count} drawn\n`);
for (const line of targets) process.stdout.write(`  ${line}\n`);
