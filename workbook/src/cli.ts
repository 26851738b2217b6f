// `npm run workbook -- <command> <file.xlsx> [options]` (see main.ts and workbook/README.md).
import { main } from "./main.js";

process.exitCode = await main(process.argv.slice(2));
