// How `npm run token` finds the running `npm start` (local/stack-file.ts): its stack.json in the data folder
// and a pointer per running process in the temp folder; pointers of ended processes are dropped.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readStackFile, runningStacks, writeStackFile } from "../../local/stack-file.js";

const dir = mkdtempSync(join(tmpdir(), "stack-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("finding the running local stack", () => {
  it("finds a stack by its pointer while its process lives, and forgets it once removed or dead", () => {
    // Prepare
    const live = join(dir, "live");
    const dead = join(dir, "dead");
    for (const d of [live, dead]) rmSync(d, { recursive: true, force: true });
    mkdirSync(live);
    mkdirSync(dead);
    const info = { DYNAMODB_ENDPOINT: "http://127.0.0.1:1", TABLE_NAME: "t", url: "http://127.0.0.1:3999", dataDir: live, pid: process.pid };
    // Act
    const remove = writeStackFile(info);
    const removeDead = writeStackFile({ ...info, dataDir: dead, pid: 2 ** 22 + 12345 }); // no such process
    const found = runningStacks().filter((s) => s.dataDir.startsWith(dir));
    const deadOne = readStackFile(dead);
    remove();
    removeDead();
    const after = runningStacks().filter((s) => s.dataDir.startsWith(dir));
    // Assess
    expect(found).toEqual([info]);
    expect(deadOne).toBeUndefined();
    expect(after).toEqual([]);
  });
});
