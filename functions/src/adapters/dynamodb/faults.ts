// Test-only fault injection into the DynamoDB client, for the fault tests of exactly-once batches
// (test/integration/batch-faults.test.ts). Active only when FAULT_PLAN is set outside Lambda.
//
// FAULT_PLAN is a comma list of `<action>:<command>:<n>[:<ms>]`, where n counts the calls of that command
// made by this process (from 1):
//   fail  – the call throws before it is sent (a transient error: nothing written)
//   lose  – the call is sent and succeeds, then throws (the answer lost: written, but the caller thinks not)
//   pause – prints "FAULT pause <command> <n>" to stderr and waits ms before sending (time to stop
//           DynamoDB Local or kill this process while a batch is half-way)
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

interface Fault {
  action: "fail" | "lose" | "pause";
  command: string;
  n: number;
  ms: number;
}

export function parseFaultPlan(plan: string): Fault[] {
  return plan
    .split(",")
    .filter(Boolean)
    .map((part) => {
      const [action, command, n, ms] = part.split(":");
      if (action !== "fail" && action !== "lose" && action !== "pause") throw new Error(`FAULT_PLAN: unknown action in "${part}"`);
      return { action, command: command!, n: Number(n), ms: Number(ms ?? 0) };
    });
}

export class InjectedFault extends Error {
  override name = "InjectedFault";
}

export function installFaults(db: DynamoDBDocumentClient, plan: string): void {
  const faults = parseFaultPlan(plan);
  const calls = new Map<string, number>();
  db.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName ?? "");
      const n = (calls.get(command) ?? 0) + 1;
      calls.set(command, n);
      const fault = faults.find((f) => f.command === command && f.n === n);
      if (!fault) return next(args);
      if (fault.action === "fail") throw new InjectedFault(`injected failure of ${command} #${n}`);
      if (fault.action === "pause") {
        process.stderr.write(`FAULT pause ${command} ${n}\n`);
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        return next(args);
      }
      await next(args);
      throw new InjectedFault(`injected loss of the answer of ${command} #${n}`);
    },
    { step: "initialize", name: "injectedFaults" },
  );
}
