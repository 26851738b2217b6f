// What `npm run verify-draw` checks on a published draw (GET /p/draws/{id}): the population and pool hashes,
// the event log's hash chain, that the seed and hashes published at creation are the ones used, the drawn
// order and pairings recomputed from the seed, and the pairings after replaying each recorded substitution.
import { applySubstitutions, inspectorsHash, populationHash, runDraw } from "../domain/supervision/draw.js";
import type { SupervisionEvent } from "../ports/supervision-store.js";
import type { Draw } from "./draws.js";
import { verifyEvents } from "./supervision-files.js";

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Problems found, empty when the draw verifies. */
export function verifyDraw(draw: Draw & { events?: SupervisionEvent[] }): string[] {
  const problems: string[] = [];
  const ids = draw.population.map((p) => p.id);
  if (populationHash(ids) !== draw.populationHash) problems.push("population hash does not match the population");
  if (inspectorsHash(draw.inspectors) !== draw.inspectorsHash) problems.push("inspector pool hash does not match the pool");
  const events = draw.events ?? [];
  if (!verifyEvents(events, draw.eventsHash)) problems.push("event log: the hash chain is broken or does not end at eventsHash");
  const created = events[0];
  if (created?.type !== "created") problems.push("event log: the first event is not the creation");
  else {
    if (created.detail.seed !== draw.seed) problems.push("the seed differs from the one published at creation");
    if (created.detail.populationHash !== draw.populationHash) problems.push("the population differs from the one frozen at creation");
    if (created.detail.inspectorsHash !== draw.inspectorsHash) problems.push("the inspector pool differs from the one frozen at creation");
  }
  if (draw.status === "published") return problems;
  const outcome = runDraw({ seed: draw.seed, population: ids, inspectors: draw.inspectors, count: draw.count, inspectorsPerTarget: draw.inspectorsPerTarget });
  if (!draw.drawn || !same(outcome.order, draw.drawn.order)) problems.push("the drawn order is not the one the seed gives");
  if (!draw.drawn || !same(outcome.pairings, draw.drawn.pairings)) problems.push("the drawn targets and inspectors are not the ones the seed gives");
  const run = events.find((e) => e.type === "run");
  if (!run || !same(run.detail.pairings, outcome.pairings)) problems.push("event log: the run event does not record the pairings the seed gives");
  const subs = events.filter((e) => e.type === "substitute" || e.type === "recuse").map((e) => e.detail);
  if (subs.length !== draw.substitutions.length) problems.push("substitutions: the list and the event log differ");
  try {
    if (!same(applySubstitutions(outcome, draw, draw.substitutions), draw.pairings)) problems.push("the current pairings are not the drawn ones with the recorded substitutions");
  } catch (error) {
    problems.push(`substitutions cannot be replayed: ${(error as Error).message}`);
  }
  return problems;
}
