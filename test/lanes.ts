// `npm test`'s vitest part: two lanes at once, then one report. Each project that runs on an embedded stack
// takes its files in turn (fault tests stop that stack's DynamoDB Local), and vitest runs all such files one
// after another across projects, which leaves one of CI's two cores idle while a test waits on the stack.
// Here each lane is its own vitest process with its own stacks; their blob reports (results and V8 coverage)
// are merged by `vitest --merge-reports`, which prints the summary and holds the coverage thresholds once,
// over the whole run (a lane alone would miss code the other lane covers).
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";

/** Projects per lane, balanced by measured times on 2 cores: A ~830 s of files; B ~640 s of files plus ~230 s
 *  of starting and stopping the three stacks its projects run on. */
const LANES: Record<string, string[]> = {
  A: ["unit", "integration"],
  B: ["infra", "browser", "addon", "workbook"],
};
const REPORTS = ".vitest-reports";
const vitest = join("node_modules", "vitest", "vitest.mjs");

const started = Date.now();
const seconds = (from = started) => Math.round((Date.now() - from) / 1000);

/** Runs one vitest process, each output line prefixed with the lane's name; resolves to its exit code and
 *  wall time. */
function run(args: string[], env: NodeJS.ProcessEnv, prefix = ""): Promise<{ code: number; seconds: number }> {
  const from = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [vitest, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on("line", (line) => process.stdout.write(`${prefix}${line}\n`));
    }
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), seconds: seconds(from) }));
  });
}

async function main() {
  rmSync(REPORTS, { recursive: true, force: true });
  const lanes = Object.entries(LANES).map(([name, projects]) =>
    run(
      ["run", "--coverage", ...projects.flatMap((p) => ["--project", p]), "--reporter=dot", "--reporter=blob", `--outputFile.blob=${REPORTS}/lane-${name}.json`],
      // A lane's coverage is part of the whole: thresholds and the summary wait for the merge.
      { ...process.env, VITEST_LANE: name },
      `[${name}] `,
    ),
  );
  const done = await Promise.all(lanes);
  // The merged report lists every file and test, with failures in full, and checks coverage once.
  const merged = await run(["run", "--merge-reports", REPORTS, "--coverage"], process.env);
  const names = Object.keys(LANES);
  process.stdout.write(`lanes: ${done.map((d, i) => `${names[i]} ${d.seconds} s`).join(", ")}; merge ${merged.seconds} s; in all ${seconds()} s\n`);
  const failed = names.filter((_, i) => done[i]!.code);
  if (failed.length) process.stdout.write(`lane ${failed.join(", ")} exited with a failure\n`);
  process.exit(merged.code || done.find((d) => d.code)?.code || 0);
}

await main();
