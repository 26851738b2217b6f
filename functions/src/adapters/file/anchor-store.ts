import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { AnchorStore } from "../../ports/anchors.js";

/** Anchors in a local folder (the local stack's stand-in for the Object Lock bucket); never overwritten. */
export class FileAnchorStore implements AnchorStore {
  constructor(private readonly dir: string) {}

  async put(name: string, body: string): Promise<boolean> {
    const path = join(this.dir, name);
    await mkdir(dirname(path), { recursive: true });
    try {
      await writeFile(path, body, { flag: "wx" });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw error;
    }
  }

  async list(): Promise<string[]> {
    try {
      return (await readdir(join(this.dir, "anchors"))).filter((f) => f.endsWith(".json")).map((f) => `anchors/${f}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
  }

  async get(name: string): Promise<string> {
    return readFile(join(this.dir, name), "utf8");
  }
}
