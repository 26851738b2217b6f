import { defineConfig } from "vitest/config";

// `unit` is pure code and needs no network; `integration` runs the real handlers over HTTP against
// DynamoDB Local and s3rver started once by the global setup; `browser` opens pages in Debian's Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/integration/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/integration/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
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
      {
        // The built Sheets add-on in a simulated Apps Script runtime, against its own embedded stack.
        test: {
          name: "addon",
          include: ["test/addon/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/addon/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        // The Excel/WPS workbook tool's commands on real .xlsx files, against its own embedded stack.
        test: {
          name: "workbook",
          include: ["test/workbook/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/workbook/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
