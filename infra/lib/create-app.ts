// Builds the CDK app: one stack per stage, with cdk-nag checking it at synth. infra/app.ts (run by the
// CDK CLI through cdk.json) and the tests in test/infra both start here.
import { App } from "aws-cdk-lib";
import { checkBundledReference } from "../../functions/reference/index.js";
import { readConfig } from "./config.js";
import { LedgerStack, type LedgerStackProps } from "./ledger-stack.js";
import { addNagChecks } from "./nag.js";

export interface CreateAppOptions {
  /** Context values (the CLI passes cdk.json and --context through the environment instead). */
  context?: Record<string, unknown>;
  /** Stand-in for process.env (CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION). */
  env?: NodeJS.ProcessEnv;
  /** Where the cloud assembly goes (tests use a temporary folder). */
  outdir?: string;
  /** Test seams: route table, permission map, digest entry. */
  stack?: Partial<Omit<LedgerStackProps, "config">>;
}

export function createApp(options: CreateAppOptions = {}): { app: App; stack: LedgerStack } {
  // The bundles index the reference files without validating them (infra/lib/handlers.ts bundleDefines):
  // a file that fails its checks stops the synth here, naming the file and the entry.
  checkBundledReference();
  const app = new App({
    ...(options.context ? { context: options.context } : {}),
    ...(options.outdir ? { outdir: options.outdir } : {}),
  });
  const config = readConfig(app.node, options.env ?? process.env);
  // No lookups anywhere in the stack: with neither account nor region known the template is
  // environment-agnostic, so `cdk synth` runs offline without credentials.
  const env = config.account || config.region ? { account: config.account, region: config.region } : undefined;
  const stack = new LedgerStack(app, `OutfallLedger-${config.stage}`, {
    description: `Outfall ledger (入河入海排污口排查整治台账), stage ${config.stage}`,
    terminationProtection: config.stage === "prod",
    ...(env ? { env } : {}),
    ...options.stack,
    config,
  });
  addNagChecks(app);
  return { app, stack };
}
