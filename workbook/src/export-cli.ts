// `npm run export -- --layout provincial [--format csv] [--out file]` (see export.ts).
import { exportMain } from "./export.js";

process.exitCode = await exportMain(process.argv.slice(2));
