import { defineConfig } from "vitest/config";

/** Per area, a few points under the figures measured when they were set: a drop fails the run (CI). */
const COVERAGE_THRESHOLDS = {};

/** A project whose tests run against an embedded stack started once by its global setup (files in turn). */
const onStack = (name: string, include: string, globalSetup: string, testTimeout = 60_000) => ({
  test: { name, include: [include], environment: "node" as const, globalSetup: [globalSetup], testTimeout, hookTimeout: 180_000, fileParallelism: false },
});

// `unit` is pure code and needs no network; `integration` runs the real handlers over HTTP against
// DynamoDB Local and s3rver started once by the global setup; `browser` opens pages in Debian's Chromium.
export default defineConfig({
  test: {
    // `npm test` runs with --coverage (V8, nearly free). The handlers run by the shared embedded stack live in
    // the global setup's process, which V8 coverage does not see: their code is counted through the tests
    // that run it in a worker (unit, the log-capture and digest tests, the add-on and workbook engines).
    coverage: {
      provider: "v8",
      include: ["functions/src/**/*.ts", "sheets-addon/src/**/*.ts", "sheets-addon/build.ts", "workbook/src/**/*.ts", "infra/lib/**/*.ts", "local/**/*.ts"],
      exclude: ["**/*.d.ts"],
      reporter: ["text-summary", "json-summary"],
      thresholds: COVERAGE_THRESHOLDS,
    },
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      onStack("integration", "test/integration/**/*.test.ts", "test/integration/global-setup.ts"),
      onStack("browser", "test/browser/**/*.test.ts", "test/integration/global-setup.ts"),
      {
        // CDK template assertions and cdk-nag; synthesizes offline (no AWS account, no network).
        test: {
          name: "infra",
          include: ["test/infra/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      // The built Sheets add-on in a simulated Apps Script runtime, against its own embedded stack.
      onStack("addon", "test/addon/**/*.test.ts", "test/addon/global-setup.ts", 120_000),
      // The Excel/WPS workbook tool's commands on real .xlsx files, against its own embedded stack.
      onStack("workbook", "test/workbook/**/*.test.ts", "test/workbook/global-setup.ts"),
    ],
  },
});
