// One Lambda function with our defaults, used for every handler: Node.js 22 on arm64, one minified
// ESM bundle with the AWS SDK inside and a source map, active X-Ray tracing, its own log group with a
// retention, and its own role that can write to that log group (and traces) and nothing else until the
// stack grants more.
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { type AddToPrincipalPolicyResult, PolicyDocument, type PolicyStatement, Role, type RoleProps, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, Runtime, Tracing } from "aws-cdk-lib/aws-lambda";
import { LogLevel, NodejsFunction, OutputFormat, SourceMapMode } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { join, posix } from "node:path";
import { acknowledge } from "./nag.js";
import { REPO_ROOT } from "./paths.js";

/** A command hook that runs nothing. */
const noCommands = (): string[] => [];

export interface LedgerFunctionProps {
  /** Absolute path of the handler file (exports `handler`). */
  entry: string;
  description?: string;
  memoryMb: number;
  timeoutSeconds: number;
  environment: Record<string, string>;
  logRetention: RetentionDays;
  /** What happens to the log group when the stack is deleted. */
  logRemovalPolicy: RemovalPolicy;
  /** Files (paths from the repository root) copied beside index.mjs after bundling. */
  files?: readonly string[];
  /** esbuild `define`: the clients the bundle carries (bundleDefines in infra/lib/handlers.ts). */
  define?: Record<string, string>;
}

/**
 * esbuild turns `import x from "./x.json" with { type: "json" }` into inlined data, so the reference
 * files travel inside each bundle. The output is ESM (top-level await, `import.meta`), and a few
 * dependencies still call `require()` for Node built-ins: the banner gives the bundle a real `require`.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __ledgerCreateRequire } from 'node:module'; const require = __ledgerCreateRequire(import.meta.url);";

/**
 * Packages left out of every bundle because the Lambda runtime never loads them: node-fetch (under the
 * Google Sheets client) requires a web-streams polyfill only when `globalThis.ReadableStream` is missing,
 * which Node has had since 18 (60 KB of each digest sender's bundle).
 */
export const NEVER_LOADED = ["web-streams-polyfill"];

/**
 * A role whose grants land in its own inline policy instead of a separate AWS::IAM::Policy resource: the
 * same statements and the same 10,240-character limit, one CloudFormation resource fewer per function
 * (a stack may hold 500, and each function also brings a log group, a route, an integration and a
 * permission).
 */
export class InlinePolicyRole extends Role {
  private readonly inlineGrants: PolicyDocument;

  constructor(scope: Construct, id: string, props: RoleProps) {
    const grants = new PolicyDocument();
    super(scope, id, { ...props, inlinePolicies: { ...props.inlinePolicies, grants } });
    this.inlineGrants = grants;
  }

  override addToPrincipalPolicy(statement: PolicyStatement): AddToPrincipalPolicyResult {
    this.inlineGrants.addStatements(statement);
    return { statementAdded: true, policyDependable: this };
  }
}

export class LedgerFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: LedgerFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, "Logs", {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });

    // Our own role instead of the default one with the AWSLambdaBasicExecutionRole managed policy
    // (logs:* on every log group of the account): this one may only write to its own log group.
    this.role = new InlinePolicyRole(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `Execution role of ${id}: its log group plus the grants in infra/lib/handlers.ts`,
    });
    this.logGroup.grantWrite(this.role);

    this.fn = new NodejsFunction(this, "Function", {
      entry: props.entry,
      handler: "handler",
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memoryMb,
      timeout: Duration.seconds(props.timeoutSeconds),
      role: this.role,
      logGroup: this.logGroup,
      // X-Ray: the function's segment here, a subsegment per SDK call from functions/src/observability/trace.ts.
      tracing: Tracing.ACTIVE,
      environment: {
        // Stack traces point at the TypeScript sources through the bundled source map.
        NODE_OPTIONS: "--enable-source-maps",
        ...props.environment,
      },
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, "package-lock.json"),
      bundling: {
        format: OutputFormat.ESM,
        target: "node22",
        mainFields: ["module", "main"],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        // Bundle the SDK too: the runtime's copy is a different version and loads slower than a
        // tree-shaken, minified one (architecture.md §3).
        bundleAwsSDK: true,
        externalModules: NEVER_LOADED,
        tsconfig: join(REPO_ROOT, "tsconfig.json"),
        logLevel: LogLevel.ERROR,
        ...(props.define ? { define: props.define } : {}),
        ...(props.files?.length
          ? {
              commandHooks: {
                beforeBundling: noCommands,
                // Called only when node modules are installed beside the bundle, which ours never are.
                beforeInstall: noCommands,
                afterBundling: (inputDir: string, outputDir: string) => props.files!.map((f) => `cp "${posix.join(inputDir, f)}" "${outputDir}"`),
              },
            }
          : {}),
      },
    });
    // Active tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords on "*" to the role's policy;
    // test/infra/stack.test.ts checks that these are the only actions granted on "*".
    acknowledge(
      this.role,
      "AwsSolutions-IAM5[Resource::*]",
      "X-Ray's PutTraceSegments and PutTelemetryRecords support no resource-level permissions (IAM service authorization reference), so active tracing must grant them on *; no other action is granted on * (infra test).",
    );
  }
}
