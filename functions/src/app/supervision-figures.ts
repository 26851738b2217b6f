// The bulletin's supervision figures that live outside the records: recheck samples not answered in time
// and assigned tasks past their deadline (督导交办 escalate in the bulletin).
import { chinaDate } from "../domain/campaign.js";
import type { Progress } from "../domain/progress.js";
import { taskOverdue } from "../domain/supervision/task.js";
import type { Deps } from "./deps.js";
import { type Draw, unansweredRechecks } from "./draws.js";
import type { Task } from "./tasks.js";

/** The latest this many draws and tasks are read (a district's year of supervision fits). */
const RECENT = 500;

/** `subdistrict`: a subdistrict's view sees only the tasks assigned to it. */
export async function addSupervisionFigures(deps: Deps, progress: Progress, subdistrict?: string): Promise<void> {
  const supervision = progress.bulletin?.supervision;
  if (!supervision) return;
  const now = deps.clock.now();
  const [draws, tasks] = await Promise.all([deps.supervision.list("draw", RECENT), deps.supervision.list("task", RECENT)]);
  supervision.recheckUnanswered = unansweredRechecks(draws.items as Draw[], now);
  const today = chinaDate(now);
  supervision.overdueTasks = (tasks.items as Task[])
    .filter((t) => taskOverdue(t, today))
    .filter((t) => subdistrict === undefined || (t.assigneeKind === "subdistrict" && t.assignee === subdistrict))
    .map((t) => ({ id: t.id, title: t.title, assignee: t.assigneeName, deadline: t.deadline, status: t.status }));
}
