// `npm run import -- <旧台账.xlsx|xls|csv> [options]` (see import/cli.ts and workbook/README.md).
import { importMain } from "./import/cli.js";

process.exitCode = await importMain(process.argv.slice(2));
